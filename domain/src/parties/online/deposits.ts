// 投标保证金 paid by the parties themselves. (a) Cash: the bank notifies the platform of each payment into a deposit
// sub-account (保证金子账号, given at 报名); the platform runs the `deposits.collect` step on it — the 2 % cap, the
// basic-account rule, the shared-account collusion flag (实施条例 §26, §40(6)) — once per bank transaction. A payment
// the rules refuse (from an account other than the basic account, too small, too late, …) is kept, refused and put
// on the trail so the centre returns it; the bank's answer says so. (b) An electronic guarantee (电子保函): checked
// with its issuer (guarantee-issuers.ts), then collected by the same step.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { BankDepositNotification, Bid, Deal, PartyRegistration, Section, Subject } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError } from '../../step';
import { collectDeposit } from '../../deposits/collect';
import { DEPOSIT_CAP, localDate } from '../../deposits/rules';
import { appendSupervisionEvent } from '../../supervision/trail';
import { assertBiddingPeriod, dealNotFound, loadDeal, partyStepContext, type PartyActor, type PartyDeal, type PartyOfAct } from './context';
import type { GuaranteeIssuers } from './guarantee-issuers';
import { issueReceipt, type ReceiptView } from './receipts';

export interface BankNotification {
  bankId: string;
  transactionId: string;
  creditedAccount: string;
  payerAccount: string;
  payerName: string;
  amountFen: number;
  bookedAt: string;
}

export type BankAnswer =
  | { status: 'accepted'; transactionId: string; depositId: number; replayed?: boolean }
  | { status: 'refused'; transactionId: string; code: string; message: { zh: string; en: string }; returnToPayer: true; replayed?: boolean };

const bankKey = (n: BankNotification) => `bank-deposit:${n.bankId}:${n.transactionId}`;

async function partyOfSubject(trx: Knex, subjectId: number): Promise<PartyOfAct> {
  const subject = (await Subject.query(trx).findById(subjectId).select('credit_code', 'name'))!;
  return { subjectId, creditCode: subject.credit_code, subjectName: subject.name, personId: null, personName: '—' };
}

/** The refusals the platform checks itself before the collect step's own (a payment after the deadline, too small …). */
async function ownChecks(trx: Knex, deal: PartyDeal, registration: PartyRegistration, n: BankNotification): Promise<void> {
  if (registration.withdrawn_at) {
    throw new BusinessError('REGISTRATION_WITHDRAWN', '该保证金子账号对应的报名已撤回', 'the registration of this deposit sub-account was withdrawn', {});
  }
  if (deal.bidDeadlineAt && new Date(n.bookedAt).getTime() > new Date(deal.bidDeadlineAt).getTime()) {
    throw new BusinessError('BID_DEADLINE_PASSED', `保证金于投标截止时间（${deal.bidDeadlineAt}）之后到账`, `the deposit arrived after the bid deadline (${deal.bidDeadlineAt})`, { bidDeadline: deal.bidDeadlineAt });
  }
  const section = (await Section.query(trx).findById(registration.section_id))!;
  const required = section.deposit_required_fen === null ? null : Number(section.deposit_required_fen);
  if (required !== null && n.amountFen < required) {
    throw new BusinessError('DEPOSIT_BELOW_REQUIRED', `到账金额 ${n.amountFen} 分少于招标文件要求的保证金 ${required} 分`, `the payment of ${n.amountFen} fen is less than the ${required} fen the tender documents require`, { amountFen: n.amountFen, requiredFen: required });
  }
}

/** One bank notification: accepted into the ledger, or refused and kept; the same transaction again gets the same answer. */
export async function receiveBankNotification(db: Knex, n: BankNotification, now: Date): Promise<BankAnswer> {
  const bodySha256 = createHash('sha256').update(canonicalJson(n), 'utf8').digest('hex');
  return db.transaction(async (trx) => {
    const seen = await BankDepositNotification.query(trx).where({ bank_id: n.bankId, transaction_id: n.transactionId }).first();
    if (seen) {
      if (seen.body_sha256 !== bodySha256) {
        throw new BusinessError('BANK_TRANSACTION_CONFLICT', `银行流水号 ${n.transactionId} 已以不同内容通知过`, `bank transaction ${n.transactionId} was notified before with different content`, { transactionId: n.transactionId });
      }
      return { ...(JSON.parse(seen.answer) as BankAnswer), replayed: true };
    }
    const row = {
      bank_id: n.bankId, transaction_id: n.transactionId, body_sha256: bodySha256, credited_account: n.creditedAccount, payer_account: n.payerAccount,
      payer_name: n.payerName, amount_fen: n.amountFen, booked_at: new Date(n.bookedAt).toISOString(), received_at: now.toISOString(),
    };
    const registration = await PartyRegistration.query(trx).where('deposit_account_no', n.creditedAccount).first();
    const deal = registration ? (await loadDeal(trx, (await dealCodeOf(trx, registration.deal_id)), now))! : null;
    if (!registration || !deal) {
      const answer: BankAnswer = { status: 'refused', transactionId: n.transactionId, code: 'DEPOSIT_ACCOUNT_UNKNOWN', message: { zh: `保证金子账号 ${n.creditedAccount} 不存在`, en: `no deposit sub-account ${n.creditedAccount}` }, returnToPayer: true };
      await BankDepositNotification.query(trx).insert({ ...row, status: 'refused', refusal_code: answer.code, deposit_id: null, deal_id: null, answer: canonicalJson(answer) });
      return answer;
    }
    const party = await partyOfSubject(trx, Number(registration.subject_id));
    const section = (await Section.query(trx).findById(registration.section_id).select('section_code'))!;
    try {
      // a savepoint: a refusal undoes whatever the step began, and the refusal itself is still recorded below
      const depositId = await trx.transaction(async (sp) => {
        await ownChecks(sp, deal, registration, n);
        const ctx = partyStepContext(sp, { key: bankKey(n), deal, actor: `bank:${n.bankId}`, party, now });
        const step = collectDeposit.input.parse({ sectionCode: section.section_code, bidder: party.creditCode, form: 'cash', amountFen: n.amountFen, payingAccount: n.payerAccount });
        const { result } = await collectDeposit.run(ctx, step) as { result: { depositId: number } };
        await issueReceipt(ctx, {
          kind: 'deposit', deal, actor: party, section: { id: Number(registration.section_id), code: section.section_code },
          details: { depositId: result.depositId, form: 'cash', amountFen: n.amountFen, payerAccount: n.payerAccount, bank: n.bankId, transactionId: n.transactionId, bookedAt: row.booked_at },
        });
        return result.depositId;
      });
      const answer: BankAnswer = { status: 'accepted', transactionId: n.transactionId, depositId };
      await BankDepositNotification.query(trx).insert({ ...row, status: 'accepted', refusal_code: null, deposit_id: depositId, deal_id: deal.id, answer: canonicalJson(answer) });
      return answer;
    } catch (err) {
      if (!(err instanceof BusinessError)) throw err;
      const answer: BankAnswer = { status: 'refused', transactionId: n.transactionId, code: err.code, message: { zh: err.zh, en: err.en }, returnToPayer: true };
      await BankDepositNotification.query(trx).insert({ ...row, status: 'refused', refusal_code: err.code, deposit_id: null, deal_id: deal.id, answer: canonicalJson(answer) });
      await appendSupervisionEvent(trx, {
        idempotencyKey: `${bankKey(n)}/refused`, dealCode: deal.code, regionCode: deal.regionCode, kind: 'deposit.payment_refused', actor: `bank:${n.bankId}`,
        payload: {
          via: 'party', sectionCode: section.section_code, bidder: party.creditCode, code: err.code, reason: err.zh, payerAccount: n.payerAccount,
          payerName: n.payerName, amountFen: n.amountFen, bank: n.bankId, transactionId: n.transactionId,
          ...(err.code === 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT' ? { legalBasis: DEPOSIT_CAP.basis.zh } : {}),
        },
        occurredAt: now.toISOString(),
      });
      return answer;
    }
  });
}

async function dealCodeOf(trx: Knex, dealId: number): Promise<string> {
  return (await Deal.query(trx).findById(dealId).select('deal_code'))!.deal_code;
}

/** An electronic guarantee given by the bidder: checked with its issuer, then collected as the section's deposit. */
export async function submitGuarantee(db: Knex, issuers: GuaranteeIssuers, input: { dealCode: string; sectionCode: string; issuerId: string; guaranteeNo: string; requestId: string; actor: PartyActor; now: Date }): Promise<{ depositId: number; amountFen: number; validUntil: string; receipt: ReceiptView }> {
  const { actor, now } = input;
  const deal = await loadDeal(db, input.dealCode, now);
  if (!deal) throw dealNotFound(input.dealCode);
  const section = await Section.query(db).where({ deal_id: deal.id, section_code: input.sectionCode }).first();
  if (!section) throw new BusinessError('SECTION_NOT_FOUND', `没有标段 ${input.sectionCode}`, `no section ${input.sectionCode}`, { sectionCode: input.sectionCode });
  const registered = await Bid.query(db).modify('ofBidder', section.id, actor.subjectId).modify('live').first();
  if (!registered) throw new BusinessError('NOT_REGISTERED_BIDDER', `您未报名标段 ${input.sectionCode}`, `you are not registered for section ${input.sectionCode}`, { sectionCode: input.sectionCode });
  assertBiddingPeriod(deal, now, { zh: '提交电子保函', en: 'give an electronic guarantee' });
  const required = section.deposit_required_fen === null ? null : Number(section.deposit_required_fen);
  if (required === null) throw new BusinessError('DEPOSIT_AMOUNT_NOT_SET', `招标文件尚未载明标段 ${input.sectionCode} 的保证金金额`, `the tender documents do not state the deposit of section ${input.sectionCode} yet`, { sectionCode: input.sectionCode });
  const issuer = issuers.find(input.issuerId);
  if (!issuer) throw new BusinessError('GUARANTEE_ISSUER_UNKNOWN', `平台未接入出函机构 ${input.issuerId}`, `the platform is not connected to guarantee issuer ${input.issuerId}`, { issuerId: input.issuerId });

  // the issuer is asked outside any transaction: no database lock is held while it answers
  const check = await issuers.verify(issuer, { guaranteeNo: input.guaranteeNo, applicantCreditCode: actor.creditCode, dealCode: deal.code, sectionCode: section.section_code, requestId: input.requestId });
  const refuse = (code: string, zh: string, en: string, details: Record<string, unknown> = {}) => new BusinessError(code, zh, en, { guaranteeNo: input.guaranteeNo, issuer: issuer.name, ...details });
  if (check.status === 'unavailable') throw refuse('GUARANTEE_ISSUER_UNAVAILABLE', `出函机构 ${issuer.name} 暂时无法核验，请稍后再试`, `${issuer.name} cannot verify the guarantee right now; try again later`, { reason: check.reason });
  if (check.status === 'unknown') throw refuse('GUARANTEE_UNKNOWN', `出函机构 ${issuer.name} 没有保函 ${input.guaranteeNo}`, `${issuer.name} has no guarantee ${input.guaranteeNo}`);
  if (check.status !== 'valid') throw refuse('GUARANTEE_NOT_VALID', `保函 ${input.guaranteeNo} 已${check.status === 'revoked' ? '撤销' : '索赔'}`, `guarantee ${input.guaranteeNo} was ${check.status}`, { status: check.status });
  if (check.applicantCreditCode !== actor.creditCode || check.dealCode !== deal.code || check.sectionCode !== section.section_code) {
    throw refuse('GUARANTEE_MISMATCH', `保函 ${input.guaranteeNo} 不是为本投标人、本标段出具的`, `guarantee ${input.guaranteeNo} was not issued for this bidder and section`, { applicant: check.applicantCreditCode, dealCode: check.dealCode, sectionCode: check.sectionCode });
  }
  if (check.amountFen < required) {
    throw refuse('GUARANTEE_AMOUNT_TOO_LOW', `保函金额 ${check.amountFen} 分少于招标文件要求的保证金 ${required} 分`, `the guarantee of ${check.amountFen} fen is less than the required ${required} fen`, { amountFen: check.amountFen, requiredFen: required });
  }
  if (check.validUntil < localDate(now)) {
    throw refuse('GUARANTEE_EXPIRED', `保函 ${input.guaranteeNo} 已于 ${check.validUntil} 失效`, `guarantee ${input.guaranteeNo} expired on ${check.validUntil}`, { validUntil: check.validUntil });
  }
  const deadlineDay = localDate(new Date(deal.bidDeadlineAt!));
  if (check.validUntil < deadlineDay) {
    throw refuse('GUARANTEE_EXPIRES_TOO_SOON', `保函有效期至 ${check.validUntil}，未覆盖投标截止日 ${deadlineDay}`, `the guarantee is valid until ${check.validUntil}, before the bid deadline ${deadlineDay}`, { validUntil: check.validUntil, deadline: deadlineDay });
  }
  return db.transaction(async (trx) => {
    const fresh = (await loadDeal(trx, deal.code, now))!;
    assertBiddingPeriod(fresh, now, { zh: '提交电子保函', en: 'give an electronic guarantee' });
    const ctx = partyStepContext(trx, { key: `party-guarantee:${issuer.id}:${input.guaranteeNo}`, deal: fresh, actor: actor.username, party: actor, now });
    const step = collectDeposit.input.parse({
      sectionCode: section.section_code, bidder: actor.creditCode, form: 'guarantee', amountFen: check.amountFen,
      guarantee: { number: input.guaranteeNo, issuer: issuer.name, validFrom: check.validFrom, validUntil: check.validUntil },
    });
    const { result } = await collectDeposit.run(ctx, step) as { result: { depositId: number } };
    const receipt = await issueReceipt(ctx, {
      kind: 'guarantee', deal: fresh, actor, section: { id: section.id, code: section.section_code },
      details: { depositId: result.depositId, guaranteeNo: input.guaranteeNo, issuer: issuer.name, amountFen: check.amountFen, validFrom: check.validFrom, validUntil: check.validUntil },
    });
    return { depositId: result.depositId, amountFen: check.amountFen, validUntil: check.validUntil, receipt };
  });
}
