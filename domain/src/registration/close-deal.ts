// registration.closeDeal (结项): the deal's business ends — completed (contract signed, deposits refunded) or failed
// (e.g. re-tender abandoned). The archive seals only closed deals.
import { z } from 'zod';
import { Deal, Section } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';

const input = z.object({
  outcome: z.enum(['completed', 'failed']),
  reason: z.string().trim().max(1000).optional(),
});

export const closeDeal = defineTask({
  type: 'registration.closeDeal',
  input,
  async run(ctx, { outcome, reason }) {
    const dealCode = ctx.requireDealCode();
    const deal = await Deal.query(ctx.trx).modify('byDealCode', dealCode).select('id', 'status').first();
    if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
    if (['completed', 'failed', 'terminated'].includes(deal.status)) {
      throw new BusinessError('DEAL_ALREADY_CLOSED', `交易项目 ${dealCode} 已结束（${deal.status}）`, `deal ${dealCode} has already ended (${deal.status})`, { dealCode, status: deal.status });
    }
    await Deal.query(ctx.trx).findById(deal.id).patch({ status: outcome, updated_at: ctx.now.toISOString() });
    await Section.query(ctx.trx).modify('ofDeal', deal.id).where('status', 'open').patch({ status: outcome === 'completed' ? 'closed' : 'failed' });
    await ctx.emit('deal.closed', { dealCode, outcome, reason: reason ?? null, previousStatus: deal.status });
    return { variables: { dealOutcome: outcome } };
  },
});
