// fees.charge (收取交易服务费): the centre's service fee on a section's award, charged to the winner — computed from
// the schedule as data, posted as receivable → income, once per section.
import { z } from 'zod';
import { Award, FeeCharge } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError, code, defineTask } from '../step';
import { ACCOUNTS, openAccount, postEntry } from '../deposits/ledger';
import { localDate } from '../deposits/rules';
import { requireSection, subjectById } from '../deposits/sections';
import { computeFee, scheduleFor } from './schedule';

const input = z.object({ sectionCode: code });

export const chargeServiceFee = defineTask({
  type: 'fees.charge',
  input,
  async run(ctx, { sectionCode }) {
    const section = await requireSection(ctx, sectionCode, { open: true });
    const award = await Award.query(ctx.trx).modify('ofSection', section.id).select('id', 'winner_subject_id', 'price_fen', 'notice_date').first();
    if (!award) {
      throw new BusinessError('AWARD_NOT_ISSUED', `标段 ${section.code} 尚未发出中标通知书，不能收取服务费`, `section ${section.code} has no award notice, so no service fee can be charged`, { sectionCode: section.code });
    }
    const charged = await FeeCharge.query(ctx.trx).modify('ofSection', section.id).select('id').first();
    if (charged) {
      throw new BusinessError('FEE_ALREADY_CHARGED', `标段 ${section.code} 的服务费已收取`, `the service fee of section ${section.code} was already charged`, { sectionCode: section.code, feeId: Number(charged.id) });
    }
    const payer = await subjectById(ctx.trx, Number(award.winner_subject_id));
    const baseFen = Number(award.price_fen);
    const schedule = await scheduleFor(ctx.trx, section.procedureKind, section.regionCode, localDate(ctx.now));
    const fee = computeFee(baseFen, schedule);
    let entryId: number | null = null;
    if (fee.feeFen > 0) {
      const receivable = await openAccount(ctx.trx, ACCOUNTS.feeReceivable(section.regionCode, section, payer), ctx.now);
      const income = await openAccount(ctx.trx, ACCOUNTS.feeIncome(section.regionCode), ctx.now);
      entryId = await postEntry(ctx.trx, {
        entryKey: `fee.charge:${section.code}`, kind: 'fee.charge', dealId: section.dealId, sectionId: section.id,
        memo: `交易服务费 ${section.code} ${payer.creditCode}（中标价 ${baseFen} 分）`, activityKey: ctx.key, postedAt: ctx.now,
        lines: [{ accountId: receivable, amountFen: fee.feeFen, memo: 'fee' }, { accountId: income, amountFen: -fee.feeFen, memo: 'fee' }],
      });
    }
    const breakdown = { exactFen: fee.exactFen, lines: fee.lines, minimumFen: schedule.minimumFen, maximumFen: schedule.maximumFen, source: schedule.source };
    const row = await FeeCharge.query(ctx.trx).insert({
      section_id: section.id, award_id: award.id, payer_subject_id: payer.id, schedule_id: schedule.id, base_fen: baseFen, fee_fen: fee.feeFen,
      breakdown: canonicalJson(breakdown), journal_entry_id: entryId, charged_key: ctx.key, charged_at: ctx.now.toISOString(),
    });
    const feeId = Number(row.id);
    await ctx.emit('fee.charged', { sectionCode: section.code, payer: payer.creditCode, baseFen, feeFen: fee.feeFen, scheduleId: schedule.id, feeId });
    return { result: { feeId, sectionCode: section.code, payer: payer.creditCode, baseFen, feeFen: fee.feeFen, scheduleId: schedule.id, breakdown } };
  },
});
