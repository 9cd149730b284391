// What a party reads: the deals open for bidding, one deal as it may see it (its relation decides how much), and its
// own deals with registrations, deposits, receipts and — for a tenderee or agency — the questions to answer.
import type { Knex } from 'knex';
import { BankDepositNotification, Bid, Deal, Deposit, DepositRefund, Notice, PartyReceipt, PartyRegistration, Section } from '@ggzy/db';
import { dealIdsOfSubject, isLiveBidder, isOrganiser, isRelated, relationOf, type PartyRole } from '../relations';
import { isOpenForBidding, loadDeal, BIDDING_NOTICE_TYPES, type PartyActor, type PartyDeal } from './context';
import { questionsForParty, type QuestionView } from './clarifications';
import { receiptView, type ReceiptView } from './receipts';
import { tenderDocuments } from './tender-documents';
import type { DealFileMeta } from '../../files/documents';

export interface DepositStatus {
  /** none: nothing received; received: cash held; guaranteed: a guarantee held; refunded / released: given back. */
  status: 'none' | 'received' | 'guaranteed' | 'refunded' | 'released';
  form: 'cash' | 'guarantee' | null;
  amountFen: number | null;
  receivedAt: string | null;
  payingAccount: string | null;
  guarantee: { number: string; issuer: string; validUntil: string } | null;
  refund: { reason: string; principalFen: number; interestFen: number; refundedOn: string; dueOn: string; onTime: boolean } | null;
  /** Payments the bank notified that the rules refused: to be returned to the payer. */
  refusedPayments: Array<{ transactionId: string; amountFen: number; payerAccount: string; bookedAt: string; code: string }>;
}

export async function depositStatus(db: Knex, sectionId: number, subjectId: number, depositAccountNo: string | null): Promise<DepositStatus> {
  const deposit = await Deposit.query(db).modify('ofBidder', sectionId, subjectId).first();
  const refund = deposit ? await DepositRefund.query(db).where('deposit_id', deposit.id).first() : undefined;
  const refused = depositAccountNo
    ? await BankDepositNotification.query(db).where({ credited_account: depositAccountNo, status: 'refused' }).orderBy('id')
    : [];
  const cash = deposit?.form === 'cash';
  return {
    status: !deposit ? 'none' : refund ? (cash ? 'refunded' : 'released') : cash ? 'received' : 'guaranteed',
    form: (deposit?.form as 'cash' | 'guarantee' | undefined) ?? null, amountFen: deposit ? Number(deposit.amount_fen) : null,
    receivedAt: deposit?.collected_at ?? null, payingAccount: deposit?.paying_account ?? null,
    guarantee: deposit && !cash ? { number: deposit.guarantee_no!, issuer: deposit.guarantee_issuer!, validUntil: deposit.guarantee_valid_until! } : null,
    refund: refund ? {
      reason: refund.reason, principalFen: Number(refund.principal_fen), interestFen: Number(refund.interest_fen), refundedOn: refund.refunded_on,
      dueOn: refund.due_on, onTime: refund.on_time === true || (refund.on_time as unknown) === 1,
    } : null,
    refusedPayments: refused.map((r) => ({ transactionId: r.transaction_id, amountFen: Number(r.amount_fen), payerAccount: r.payer_account, bookedAt: r.booked_at, code: r.refusal_code ?? '' })),
  };
}

export interface DealSummary {
  dealCode: string; title: string; procedureKind: string; regionCode: string; status: string; bidDeadline: string | null;
  documentsOnSaleUntil: string | null; tenderNoticeAt: string | null; openForBidding: boolean;
  /** A deal of the training sandbox (演练): for practice, not a real tender. */
  sandbox: boolean;
}

const summary = (deal: PartyDeal, now: Date): DealSummary => ({
  dealCode: deal.code, title: deal.title, procedureKind: deal.procedureKind, regionCode: deal.regionCode, status: deal.status,
  bidDeadline: deal.bidDeadlineAt, documentsOnSaleUntil: deal.documentsOnSaleUntil, tenderNoticeAt: deal.tenderNoticeAt, openForBidding: isOpenForBidding(deal, now),
  sandbox: deal.sandbox,
});

export interface SectionForParty {
  sectionCode: string; name: string; estimateFen: number | null; depositRequiredFen: number | null;
  /** The party's own registration (bidders only). */
  registration: { bidId: number; status: string; registeredAt: string; withdrawnAt: string | null; depositAccountNo: string | null } | null;
  deposit: DepositStatus | null;
}

async function sectionsFor(db: Knex, dealId: number, subjectId: number): Promise<SectionForParty[]> {
  const sections = await Section.query(db).where('deal_id', dealId).orderBy('section_code');
  const out: SectionForParty[] = [];
  for (const s of sections) {
    const bid = await Bid.query(db).modify('ofBidder', s.id, subjectId).first();
    const own = bid ? await PartyRegistration.query(db).where('bid_id', bid.id).first() : undefined;
    out.push({
      sectionCode: s.section_code, name: s.name, estimateFen: s.estimate_fen === null ? null : Number(s.estimate_fen),
      depositRequiredFen: s.deposit_required_fen === null ? null : Number(s.deposit_required_fen),
      registration: bid ? {
        bidId: Number(bid.id), status: bid.status, registeredAt: bid.registered_at, withdrawnAt: bid.withdrawn_at, depositAccountNo: own?.deposit_account_no ?? null,
      } : null,
      deposit: bid ? await depositStatus(db, s.id, subjectId, own?.deposit_account_no ?? null) : null,
    });
  }
  return out;
}

/** Deals open for bidding now, the deadline nearest first. */
export async function openDeals(db: Knex, now: Date): Promise<Array<DealSummary & { sections: Array<{ sectionCode: string; name: string; depositRequiredFen: number | null }> }>> {
  const at = now.toISOString();
  const rows = await Deal.query(db).whereNotIn('status', ['terminated', 'failed', 'completed']).where('bid_deadline_at', '>', at)
    .whereExists(Notice.query(db).modify('published').whereColumn('notices.deal_id', 'deals.id').whereIn('notice_type', BIDDING_NOTICE_TYPES).where('published_at', '<=', at))
    .orderBy('bid_deadline_at').limit(200).select('deal_code');
  const out = [];
  for (const row of rows) {
    const deal = (await loadDeal(db, row.deal_code, now))!;
    const sections = await Section.query(db).where('deal_id', deal.id).orderBy('section_code').select('section_code', 'name', 'deposit_required_fen');
    out.push({ ...summary(deal, now), sections: sections.map((s) => ({ sectionCode: s.section_code, name: s.name, depositRequiredFen: s.deposit_required_fen === null ? null : Number(s.deposit_required_fen) })) });
  }
  return out;
}

export interface DealForParty extends DealSummary {
  roles: PartyRole[];
  sections: SectionForParty[];
  /** The tender documents: to registered bidders and the organiser. */
  documents: DealFileMeta[] | null;
  questions: { answered: QuestionView[]; mine: QuestionView[]; toAnswer: QuestionView[] };
  receipts: ReceiptView[];
}

/**
 * The deal as this party may see it; null when it does not exist or is none of its business — no relation, and not
 * open for bidding (what is public then is on the public notices).
 */
export async function dealForParty(db: Knex, dealCode: string, actor: PartyActor, now: Date): Promise<DealForParty | null> {
  const deal = await loadDeal(db, dealCode, now);
  if (!deal) return null;
  const relation = await relationOf(db, actor.subjectId, dealCode);
  if (!isRelated(relation) && !isOpenForBidding(deal, now)) return null;
  const organiser = isOrganiser(relation);
  const bidder = isLiveBidder(relation);
  const receipts = await PartyReceipt.query(db).where({ deal_id: deal.id, subject_id: actor.subjectId }).orderBy('id');
  return {
    ...summary(deal, now), roles: relation?.roles ?? [],
    sections: await sectionsFor(db, deal.id, actor.subjectId),
    documents: organiser || bidder ? await tenderDocuments(db, deal.code) : null,
    questions: await questionsForParty(db, { dealId: deal.id, subjectId: actor.subjectId, organiser, bidder }),
    receipts: receipts.map(receiptView),
  };
}

/** Every deal the party has a relation to, newest first, with what it did and what it has to do. */
export async function myDeals(db: Knex, actor: PartyActor, now: Date): Promise<DealForParty[]> {
  const out: DealForParty[] = [];
  for (const id of (await dealIdsOfSubject(db, actor.subjectId)).slice(0, 100)) {
    const code = (await Deal.query(db).findById(id).select('deal_code'))!.deal_code;
    const deal = await dealForParty(db, code, actor, now);
    if (deal) out.push(deal);
  }
  return out;
}
