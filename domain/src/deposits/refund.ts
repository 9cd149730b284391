// deposits.refund (退还投标保证金): one bidder's deposit back with bank interest — after a withdrawal (§35), to a
// loser or the winner once the contract is signed (§57); a guarantee is released instead. Never twice.
import type { Knex } from 'knex';
import { z } from 'zod';
import { BusinessError, code, creditCode, defineTask } from '../step';
import { depositOf, refundDeposit, winnerOf } from './refund-posting';
import { isoDate, localDate, type RefundReason } from './rules';
import { requireSection, type SectionRow } from './sections';

export const REFUND_REASONS = ['withdrawal', 'loser', 'winner', 'termination'] as const;

const input = z.object({
  sectionCode: code,
  bidder: creditCode,
  reason: z.enum(REFUND_REASONS),
  /** The day the statutory clock starts: the withdrawal notice received, the contract signed, the tender terminated. */
  triggeredOn: isoDate.optional(),
}).superRefine((v, issues) => {
  if ((v.reason === 'winner' || v.reason === 'loser') && !v.triggeredOn) {
    issues.addIssue({ code: 'custom', path: ['triggeredOn'], message: 'a refund after the award counts from the day the contract was signed' });
  }
});

/** A winner's or loser's refund needs the award, and the bidder on the right side of it; a withdrawal cannot be the winner's. */
export async function assertReasonFits(trx: Knex, section: SectionRow, bidder: string, reason: RefundReason): Promise<void> {
  const winner = await winnerOf(trx, section.id);
  if ((reason === 'winner' || reason === 'loser') && winner === null) {
    throw new BusinessError('AWARD_NOT_ISSUED', `标段 ${section.code} 尚未发出中标通知书`, `section ${section.code} has no award notice yet`, { sectionCode: section.code });
  }
  const fits = reason === 'winner' ? winner === bidder : reason === 'loser' || reason === 'withdrawal' ? winner !== bidder : true;
  if (!fits) {
    throw new BusinessError('REFUND_REASON_MISMATCH', `退还事由 ${reason} 与标段 ${section.code} 的中标结果不符（中标人 ${winner ?? '无'}）`, `refund reason ${reason} does not fit the award of section ${section.code} (winner ${winner ?? 'none'})`, { sectionCode: section.code, bidder, reason, winner });
  }
}

export const refundDepositTask = defineTask({
  type: 'deposits.refund',
  input,
  async run(ctx, refund) {
    const section = await requireSection(ctx, refund.sectionCode);
    const found = await depositOf(ctx.trx, section.id, refund.bidder);
    if (!found) {
      throw new BusinessError('DEPOSIT_NOT_FOUND', `投标人 ${refund.bidder} 在标段 ${section.code} 没有保证金`, `bidder ${refund.bidder} has no deposit for section ${section.code}`, { sectionCode: section.code, creditCode: refund.bidder });
    }
    if (found.refunded) {
      throw new BusinessError('DEPOSIT_ALREADY_REFUNDED', `投标人 ${refund.bidder} 在标段 ${section.code} 的保证金已退还`, `the deposit of bidder ${refund.bidder} for section ${section.code} was already refunded`, { sectionCode: section.code, creditCode: refund.bidder, depositId: found.deposit.id });
    }
    await assertReasonFits(ctx.trx, section, refund.bidder, refund.reason);
    const summary = await refundDeposit(ctx, section, found.deposit, refund.reason, refund.triggeredOn ?? localDate(ctx.now));
    return { result: summary };
  },
});
