// registration.acceptDeal (受理登记): the centre accepts a deal and its sections under the deal's unified code.
import { z } from 'zod';
import { Deal, Region } from '@ggzy/db';
import { BusinessError, defineTask, fen, party } from '../step';
import { upsertSubject } from './subjects';

const input = z.object({
  title: z.string().trim().min(1).max(300),
  procedureKind: z.string().trim().min(1).max(64),
  /** 品目: what is bought or built, as the price library groups award prices (e.g. 房屋建筑工程, A02010104). */
  category: z.string().trim().min(1).max(64).optional(),
  estimateFen: fen.optional(),
  tenderee: party,
  agent: party.optional(),
  sections: z.array(z.object({ name: z.string().trim().min(1).max(300), estimateFen: fen.optional() })).min(1).max(99),
  // 项目审批（核准、备案）文号 and 资金来源, as the start form registers them: kept in the registration's trail event
  approvalReference: z.string().trim().min(1).max(100).optional(),
  fundingSource: z.string().trim().min(1).max(64).optional(),
});

/** The deal's estimate: as given, else the sum of its sections' when every section states one. */
function estimateOf(deal: z.infer<typeof input>): number | null {
  if (deal.estimateFen !== undefined) return deal.estimateFen;
  if (!deal.sections.every((s) => s.estimateFen !== undefined)) return null;
  const sum = deal.sections.reduce((total, s) => total + s.estimateFen!, 0);
  return Number.isSafeInteger(sum) ? sum : null;
}

export const acceptDeal = defineTask({
  type: 'registration.acceptDeal',
  input,
  async run(ctx, deal) {
    const dealCode = ctx.requireDealCode();
    const existing = await Deal.query(ctx.trx).modify('byDealCode', dealCode).select('id').first();
    if (existing) {
      throw new BusinessError('DEAL_ALREADY_REGISTERED', `交易项目 ${dealCode} 已登记`, `deal ${dealCode} is already registered`, { dealCode });
    }
    const at = ctx.now.toISOString();
    const tendereeId = await upsertSubject(ctx.trx, ctx.now, { ...deal.tenderee, kind: 'tenderee', regionCode: ctx.regionCode });
    const agentId = deal.agent ? await upsertSubject(ctx.trx, ctx.now, { ...deal.agent, kind: 'agent' }) : null;
    // a deal of a sandbox region (演练) stays a sandbox deal: left out wherever real deals are listed, counted or exported
    const region = await Region.query(ctx.trx).findById(ctx.regionCode).select('sandbox_day_seconds');
    const sandbox = Boolean(region?.sandbox_day_seconds);
    const row = await Deal.query(ctx.trx).insert({
      deal_code: dealCode, region_code: ctx.regionCode, title: deal.title, procedure_kind: deal.procedureKind, category: deal.category ?? null, is_sandbox: sandbox,
      status: 'registered', workflow_id: ctx.workflowId, tenderee_subject_id: tendereeId, agent_subject_id: agentId,
      estimate_fen: estimateOf(deal), registered_key: ctx.key, created_at: at, updated_at: at,
    });
    const dealId = Number(row.id);
    const sections = deal.sections.map((s, i) => ({ code: `${dealCode}-${String(i + 1).padStart(2, '0')}`, name: s.name, estimateFen: s.estimateFen ?? null }));
    // plain knex: one multi-row insert, which objection does not batch on SQLite
    await ctx.trx('sections').insert(sections.map((s) => ({
      deal_id: dealId, section_code: s.code, name: s.name, estimate_fen: s.estimateFen, status: 'open',
    })));
    await ctx.emit('deal.registered', {
      dealCode, title: deal.title, procedureKind: deal.procedureKind, tenderee: deal.tenderee.creditCode,
      agent: deal.agent?.creditCode ?? null, sections, estimateFen: estimateOf(deal),
      approvalReference: deal.approvalReference ?? null, fundingSource: deal.fundingSource ?? null, ...(deal.category ? { category: deal.category } : {}), ...(sandbox ? { sandbox: true } : {}),
    });
    return { variables: { sectionCodes: sections.map((s) => s.code) }, result: { dealCode, sections } };
  },
});
