// bids.withdraw (撤回投标): before the deadline a bidder withdraws (招标投标法 §29, 实施条例 §35). The event
// bid.withdrawn starts the deposit refund's clock (withdrawnOn: the day the written notice was received).
import { z } from 'zod';
import { Bid } from '@ggzy/db';
import { code, creditCode, defineTask } from '../step';
import { assertBeforeDeadline, assertSectionOpen, instant, localDate, lockSection, registrationOf } from './section';

const input = z.object({
  sectionCode: code,
  bidder: creditCode,
  deadline: instant,
  reason: z.string().trim().min(1).max(300).optional(),
});

export const withdrawBid = defineTask({
  type: 'bids.withdraw',
  input,
  async run(ctx, request) {
    const section = await lockSection(ctx, request.sectionCode);
    assertSectionOpen(section);
    assertBeforeDeadline(section, new Date(request.deadline), ctx.now);
    const registration = await registrationOf(ctx, section, request.bidder);
    const at = ctx.now.toISOString();
    await Bid.query(ctx.trx).findById(registration.id).patch({ status: 'withdrawn', withdrawn_at: at });
    const withdrawn = {
      dealCode: section.dealCode, sectionCode: section.code, bidder: request.bidder, bidId: registration.id,
      hadSubmitted: registration.status === 'submitted', withdrawnAt: at, withdrawnOn: localDate(ctx.now),
    };
    await ctx.emit('bid.withdrawn', { ...withdrawn, reason: request.reason ?? null });
    return { result: withdrawn };
  },
});
