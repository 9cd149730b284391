// Paying a deposit back (or releasing a guarantee): principal plus bank interest, due by the statutory day, posted
// once. Shared by deposits.refund (one bidder) and deposits.refundAll (every deposit still held).
import type { Knex } from 'knex';
import { DepositInterestRate, DepositRefund, Region, calendarFor } from '@ggzy/db';
import { BusinessError, type TaskContext } from '../step';
import { ACCOUNTS, assertSectionDepositsBalance, openAccount, postEntry, type EntryLine } from './ledger';
import { REFUND_PERIODS, daysBetween, interestFen, localDate, refundDueOn, type LegalBasis, type RefundReason } from './rules';
import type { SectionRow } from './sections';

export interface HeldDeposit {
  id: number;
  sectionId: number;
  sectionCode: string;
  bidderSubjectId: number;
  creditCode: string;
  form: 'cash' | 'guarantee';
  amountFen: number;
  collectedOn: string;
  guaranteeNo: string | null;
}

export interface RefundSummary {
  depositId: number;
  sectionCode: string;
  bidder: string;
  form: 'cash' | 'guarantee';
  reason: RefundReason;
  principalFen: number;
  interestFen: number;
  interestDays: number;
  annualRatePpm: number;
  triggeredOn: string;
  dueOn: string;
  refundedOn: string;
  onTime: boolean;
}

const depositColumns = ['d.id', 'd.section_id', 's.section_code', 'd.bidder_subject_id', 'p.credit_code', 'd.form', 'd.amount_fen', 'd.collected_at', 'd.guarantee_no'];

function toHeld(row: Record<string, unknown>): HeldDeposit {
  return {
    id: Number(row.id), sectionId: Number(row.section_id), sectionCode: String(row.section_code), bidderSubjectId: Number(row.bidder_subject_id),
    creditCode: String(row.credit_code), form: row.form as 'cash' | 'guarantee', amountFen: Number(row.amount_fen),
    collectedOn: localDate(new Date(row.collected_at as string | Date)), guaranteeNo: (row.guarantee_no as string | null) ?? null,
  };
}

// deposits joined to their section and bidder (and filtered on both), clearer as plain knex
function depositsQuery(trx: Knex) {
  return trx('deposits as d').join('sections as s', 's.id', 'd.section_id').join('subjects as p', 'p.id', 'd.bidder_subject_id');
}

/** The bidder's deposit for the section, refunded or not. */
export async function depositOf(trx: Knex, sectionId: number, creditCode: string): Promise<{ deposit: HeldDeposit; refunded: boolean } | null> {
  const row = await depositsQuery(trx).leftJoin('deposit_refunds as r', 'r.deposit_id', 'd.id')
    .where({ 'd.section_id': sectionId, 'p.credit_code': creditCode }).first([...depositColumns, 'r.id as refund_id']);
  return row ? { deposit: toHeld(row), refunded: row.refund_id !== null && row.refund_id !== undefined } : null;
}

/** Every deposit of the deal (or one section) not yet refunded, oldest first. */
export async function heldDeposits(trx: Knex, dealId: number, sectionId?: number): Promise<HeldDeposit[]> {
  // with a correlated not-exists subquery, plain knex like depositsQuery
  const query = depositsQuery(trx).where('d.deal_id', dealId)
    .whereNotExists(trx('deposit_refunds as r').whereRaw('r.deposit_id = d.id').select(trx.raw('1')));
  if (sectionId !== undefined) query.where('d.section_id', sectionId);
  const rows = await query.orderBy('d.id').select(depositColumns);
  return rows.map(toHeld);
}

/** The section's winner, if the award notice was issued. */
export async function winnerOf(trx: Knex, sectionId: number): Promise<string | null> {
  // the award joined to its winner's credit code, clearer as plain knex
  const row = await trx('awards as a').join('subjects as p', 'p.id', 'a.winner_subject_id').where('a.section_id', sectionId).first('p.credit_code');
  return row ? row.credit_code : null;
}

/** The demand-deposit rate in force on a day for the region: the city's row, else its province's, else the platform's. */
export async function interestRateOn(trx: Knex, regionCode: string, date: string): Promise<{ annualRatePpm: number; source: string }> {
  const region = await Region.query(trx).findById(regionCode).select('parent_code');
  const chain = [regionCode, ...(region?.parent_code ? [region.parent_code] : [])];
  const rows = await DepositInterestRate.query(trx).where('effective_from', '<=', date)
    .where((q) => q.whereIn('region_code', chain).orWhereNull('region_code'))
    .select('region_code', 'effective_from', 'annual_rate_ppm', 'source');
  const rank = (code: string | null) => (code === null ? chain.length : chain.indexOf(code));
  rows.sort((a, b) =>
    rank(a.region_code) - rank(b.region_code) || b.effective_from.localeCompare(a.effective_from));
  const best = rows[0];
  if (!best) {
    throw new BusinessError('INTEREST_RATE_MISSING', `没有 ${date} 适用的存款利率（deposit_interest_rates）`, `no deposit interest rate is in force on ${date} (deposit_interest_rates)`, { regionCode, date });
  }
  return { annualRatePpm: Number(best.annual_rate_ppm), source: best.source };
}

/** A procedure's own refund terms, where its statute differs from REFUND_PERIODS (the due day, whether interest is owed). */
export interface RefundTerms {
  dueOn: string;
  withInterest: boolean;
  basis: LegalBasis;
}

/** Refunds one held deposit: records it, posts the money, notifies supervision (a late refund separately). */
export async function refundDeposit(ctx: TaskContext, section: SectionRow, deposit: HeldDeposit, reason: RefundReason, triggeredOn: string, terms?: RefundTerms): Promise<RefundSummary> {
  const refundedOn = localDate(ctx.now);
  if (triggeredOn > refundedOn) {
    throw new BusinessError('REFUND_DATE_INVALID', `退还起算日 ${triggeredOn} 晚于退还日 ${refundedOn}`, `the refund clock cannot start (${triggeredOn}) after the refund day (${refundedOn})`, { triggeredOn, refundedOn });
  }
  const calendar = await calendarFor(ctx.trx, section.regionCode, ctx.now.getTime());
  const dueOn = terms?.dueOn ?? refundDueOn(reason, triggeredOn, calendar);
  const basis = terms?.basis ?? REFUND_PERIODS[reason].basis;
  const cash = deposit.form === 'cash';
  const earnsInterest = cash && (terms?.withInterest ?? true);
  const rate = earnsInterest ? await interestRateOn(ctx.trx, section.regionCode, refundedOn) : { annualRatePpm: 0, source: '' };
  const interestDays = earnsInterest ? Math.max(0, daysBetween(deposit.collectedOn, refundedOn)) : 0;
  const principal = cash ? deposit.amountFen : 0;
  const interest = cash ? interestFen(principal, rate.annualRatePpm, interestDays) : 0;
  let entryId: number | null = null;
  if (cash) {
    const bidder = { id: deposit.bidderSubjectId, creditCode: deposit.creditCode };
    const lines: EntryLine[] = [
      { accountId: await openAccount(ctx.trx, ACCOUNTS.payable(section.regionCode, section, bidder), ctx.now), amountFen: principal, memo: 'principal' },
      { accountId: await openAccount(ctx.trx, ACCOUNTS.escrow(section.regionCode, section), ctx.now), amountFen: -principal, memo: 'principal' },
    ];
    if (interest > 0) {
      lines.push(
        { accountId: await openAccount(ctx.trx, ACCOUNTS.interestExpense(section.regionCode), ctx.now), amountFen: interest, memo: 'interest' },
        { accountId: await openAccount(ctx.trx, ACCOUNTS.interestSettlement(section.regionCode), ctx.now), amountFen: -interest, memo: 'interest' },
      );
    }
    entryId = await postEntry(ctx.trx, {
      entryKey: `deposit.refund:${deposit.id}`, kind: 'deposit.refund', dealId: section.dealId, sectionId: section.id,
      memo: `退还投标保证金 ${section.code} ${deposit.creditCode}（${reason}，本金 ${principal} 分，利息 ${interest} 分）`,
      activityKey: ctx.key, postedAt: ctx.now, lines,
    });
  }
  const onTime = refundedOn <= dueOn;
  await DepositRefund.query(ctx.trx).insert({
    deposit_id: deposit.id, reason, triggered_on: triggeredOn, due_on: dueOn, refunded_on: refundedOn, on_time: onTime,
    principal_fen: principal, interest_fen: interest, interest_days: interestDays, annual_rate_ppm: rate.annualRatePpm,
    journal_entry_id: entryId, refunded_key: ctx.key, refunded_at: ctx.now.toISOString(),
  });
  if (cash) await assertSectionDepositsBalance(ctx.trx, section);
  const summary: RefundSummary = {
    depositId: deposit.id, sectionCode: section.code, bidder: deposit.creditCode, form: deposit.form, reason, principalFen: principal,
    interestFen: interest, interestDays, annualRatePpm: rate.annualRatePpm, triggeredOn, dueOn, refundedOn, onTime,
  };
  await ctx.emit(cash ? 'deposit.refunded' : 'deposit.guaranteeReleased', { ...summary, legalBasis: basis, rateSource: rate.source || null });
  if (!onTime) {
    await ctx.emit('deposit.refundLate', {
      depositId: deposit.id, sectionCode: section.code, bidder: deposit.creditCode, reason, dueOn, refundedOn,
      daysLate: daysBetween(dueOn, refundedOn), legalBasis: basis,
    });
  }
  return summary;
}
