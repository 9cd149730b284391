// deposits.refundAll (全部退还): every deposit of the deal (or one section) still held, paid back — when the tender is
// terminated (compensation of a terminated deal), or once the contract is signed (the winner's and the losers').
import { z } from 'zod';
import { BusinessError, code, defineTask } from '../step';
import { heldDeposits, refundDeposit, winnerOf, type RefundSummary } from './refund-posting';
import { isoDate, localDate } from './rules';
import { requireDeal, requireSection, type SectionRow } from './sections';

const input = z.object({
  /** Only this section; every section of the deal when absent. */
  sectionCode: code.optional(),
  /** termination: the tender ended; contractSigned: each deposit goes back as the winner's or a loser's. */
  reason: z.enum(['termination', 'contractSigned']).default('termination'),
  triggeredOn: isoDate.optional(),
}).superRefine((v, issues) => {
  if (v.reason === 'contractSigned' && !v.triggeredOn) {
    issues.addIssue({ code: 'custom', path: ['triggeredOn'], message: 'refunds after the contract count from the day it was signed' });
  }
});

export const refundAllDeposits = defineTask({
  type: 'deposits.refundAll',
  input,
  async run(ctx, scope) {
    const deal = await requireDeal(ctx);
    const only = scope.sectionCode ? await requireSection(ctx, scope.sectionCode) : undefined;
    const held = await heldDeposits(ctx.trx, deal.id, only?.id);
    const sections = new Map<string, SectionRow>();
    const triggeredOn = scope.triggeredOn ?? localDate(ctx.now);
    const refunds: RefundSummary[] = [];
    for (const deposit of held) {
      let section = sections.get(deposit.sectionCode);
      if (!section) {
        section = await requireSection(ctx, deposit.sectionCode);
        sections.set(section.code, section);
      }
      let reason: 'termination' | 'winner' | 'loser' = 'termination';
      if (scope.reason === 'contractSigned') {
        const winner = await winnerOf(ctx.trx, section.id);
        if (winner === null) {
          throw new BusinessError('AWARD_NOT_ISSUED', `标段 ${section.code} 尚未发出中标通知书`, `section ${section.code} has no award notice yet`, { sectionCode: section.code });
        }
        reason = winner === deposit.creditCode ? 'winner' : 'loser';
      }
      refunds.push(await refundDeposit(ctx, section, deposit, reason, triggeredOn));
    }
    const totals = {
      count: refunds.length,
      principalFen: refunds.reduce((sum, r) => sum + r.principalFen, 0),
      interestFen: refunds.reduce((sum, r) => sum + r.interestFen, 0),
      late: refunds.filter((r) => !r.onTime).length,
    };
    await ctx.emit('deposits.refundedAll', { dealCode: deal.code, sectionCode: only?.code ?? null, reason: scope.reason, triggeredOn, ...totals });
    return { result: { dealCode: deal.code, sectionCode: only?.code ?? null, ...totals, refunds } };
  },
});
