// 投标报名 by the bidder itself, before the bid deadline, and its withdrawal. The rules are the ones of the
// `registration.registerBidder` step — the section open, no barring credit sanction (一处失信，处处受限), one
// registration per section — because that step itself runs here, in the party's transaction. 报名 gives the bidder
// its deposit sub-account (保证金子账号: the bank's notification of a payment to it names the section and bidder) and
// a receipt. Withdrawing before the deadline pays a cash deposit back with interest (实施条例 §35).
import type { Knex } from 'knex';
import { Bid, PartyReceipt, PartyRegistration, Section, Subject } from '@ggzy/db';
import { BusinessError } from '../../step';
import { registerBidder } from '../../registration/register-bidder';
import { depositOf, refundDeposit } from '../../deposits/refund-posting';
import { localDate } from '../../deposits/rules';
import { requireSection } from '../../deposits/sections';
import { assertBiddingPeriod, dealNotFound, loadDeal, partyStepContext, type PartyActor } from './context';
import { issueReceipt, receiptView, type ReceiptView } from './receipts';

/** Luhn check digit, as bank account numbers carry one. */
function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The deposit sub-account of one registration: the deal's region, the bid's number, a check digit. */
export function depositAccountNo(regionCode: string, bidId: number): string {
  const body = `${regionCode}${String(bidId).padStart(10, '0')}`;
  return `${body}${luhn(body)}`;
}

export interface RegistrationAnswer { replayed: boolean; bidId: number; sectionCode: string; depositAccountNo: string; depositRequiredFen: number | null; receipt: ReceiptView }

async function sectionByCode(trx: Knex, dealId: number, sectionCode: string) {
  const section = await Section.query(trx).where({ deal_id: dealId, section_code: sectionCode }).first();
  if (!section) throw new BusinessError('SECTION_NOT_FOUND', `没有标段 ${sectionCode}`, `no section ${sectionCode}`, { sectionCode });
  return section;
}

export async function registerForSection(db: Knex, input: { dealCode: string; sectionCode: string; actor: PartyActor; now: Date }): Promise<RegistrationAnswer> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    const section = await sectionByCode(trx, deal.id, input.sectionCode);
    // a retried request (the answer was lost on the way) gets the registration it made
    const mine = await PartyRegistration.query(trx).where({ section_id: section.id, subject_id: actor.subjectId }).whereNull('withdrawn_at').first();
    if (mine) {
      const receipt = (await PartyReceipt.query(trx).where({ subject_id: actor.subjectId, section_id: section.id, kind: 'registration' }).orderBy('id', 'desc').first())!;
      return { replayed: true, bidId: Number(mine.bid_id), sectionCode: section.section_code, depositAccountNo: mine.deposit_account_no, depositRequiredFen: section.deposit_required_fen, receipt: receiptView(receipt) };
    }
    assertBiddingPeriod(deal, now, { zh: '报名', en: 'register' });
    const ctx = partyStepContext(trx, { key: `party-registration:${section.section_code}:${actor.creditCode}`, deal, actor: actor.username, party: actor, now });
    const subject = (await Subject.query(trx).findById(actor.subjectId).select('credit_code', 'name'))!;
    const step = registerBidder.input.parse({ sectionCode: section.section_code, bidder: { creditCode: subject.credit_code, name: subject.name } });
    const { result } = await registerBidder.run(ctx, step) as { result: { bidId: number } };
    const accountNo = depositAccountNo(deal.regionCode, result.bidId);
    const receipt = await issueReceipt(ctx, {
      kind: 'registration', deal, actor, section: { id: section.id, code: section.section_code },
      details: { bidId: result.bidId, sectionName: section.name, depositAccountNo: accountNo, depositRequiredFen: section.deposit_required_fen, bidDeadline: deal.bidDeadlineAt },
    });
    await PartyRegistration.query(trx).insert({
      bid_id: result.bidId, deal_id: deal.id, section_id: section.id, subject_id: actor.subjectId, person_id: actor.personId, user_id: actor.userId,
      deposit_account_no: accountNo, receipt_sha256: receipt.sha256, registered_at: now.toISOString(),
    });
    return { replayed: false, bidId: result.bidId, sectionCode: section.section_code, depositAccountNo: accountNo, depositRequiredFen: section.deposit_required_fen, receipt };
  });
}

export interface WithdrawalAnswer { sectionCode: string; refund: { principalFen: number; interestFen: number; dueOn: string } | null; receipt: ReceiptView }

export async function withdrawRegistration(db: Knex, input: { dealCode: string; sectionCode: string; actor: PartyActor; now: Date }): Promise<WithdrawalAnswer> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    const section = await sectionByCode(trx, deal.id, input.sectionCode);
    const registration = await PartyRegistration.query(trx).where({ section_id: section.id, subject_id: actor.subjectId }).whereNull('withdrawn_at').first();
    if (!registration) {
      throw new BusinessError('REGISTRATION_NOT_FOUND', `您未报名标段 ${section.section_code}（或已撤回）`, `you have no registration for section ${section.section_code} (or withdrew it)`, { sectionCode: section.section_code });
    }
    assertBiddingPeriod(deal, now, { zh: '撤回报名', en: 'withdraw the registration' });
    const bid = (await Bid.query(trx).findById(registration.bid_id))!;
    if (bid.status !== 'registered') {
      throw new BusinessError('BID_ALREADY_SUBMITTED', `标段 ${section.section_code} 的投标文件已递交，请先撤回投标文件`, `a bid was already submitted for section ${section.section_code}: withdraw the bid first`, { sectionCode: section.section_code, bidStatus: bid.status });
    }
    const ctx = partyStepContext(trx, { key: `party-withdrawal:${registration.id}`, deal, actor: actor.username, party: actor, now });
    const claimed = await Bid.query(trx).where({ id: bid.id, status: 'registered' }).patch({ status: 'withdrawn', withdrawn_at: now.toISOString() });
    if (claimed !== 1) throw new BusinessError('REGISTRATION_NOT_FOUND', '报名已撤回', 'the registration was withdrawn meanwhile');
    await PartyRegistration.query(trx).findById(registration.id).patch({ withdrawn_at: now.toISOString() });
    await ctx.emit('bid.registration_withdrawn', { sectionCode: section.section_code, bidder: actor.creditCode, bidId: bid.id });
    // a deposit already received goes back (§35: within 5 days of the written withdrawal, with interest)
    const held = await depositOf(trx, section.id, actor.creditCode);
    let refund: WithdrawalAnswer['refund'] = null;
    if (held && !held.refunded) {
      const summary = await refundDeposit(ctx, await requireSection(ctx, section.section_code), held.deposit, 'withdrawal', localDate(now));
      refund = { principalFen: summary.principalFen, interestFen: summary.interestFen, dueOn: summary.dueOn };
    }
    const receipt = await issueReceipt(ctx, { kind: 'withdrawal', deal, actor, section: { id: section.id, code: section.section_code }, details: { bidId: bid.id, refund } });
    return { sectionCode: section.section_code, refund, receipt };
  });
}
