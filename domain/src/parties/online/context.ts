// A party's own act (报名, a question, a deposit …) runs as the same domain step staff or a process would run, inside
// one transaction of the api's request: this is the context such a step sees. Its supervision events carry the
// party's user as the actor and keys derived from the act, so a retried request writes each event once.
import type { Knex } from 'knex';
import { Deal, Notice, toIsoTimestamp } from '@ggzy/db';
import { appendSupervisionEvent } from '../../supervision/trail';
import { BusinessError, type TaskContext } from '../../step';

/** A market subject and the person acting for it (receipts name both). */
export interface PartyOfAct {
  subjectId: number;
  creditCode: string;
  subjectName: string;
  personId: number | null;
  personName: string;
}

/** Who acts: the signed-in person of a market subject. */
export interface PartyActor extends PartyOfAct {
  userId: number;
  username: string;
}

export interface PartyDeal {
  id: number;
  code: string;
  regionCode: string;
  title: string;
  procedureKind: string;
  status: string;
  workflowId: string | null;
  /** A deal of the training sandbox (演练). */
  sandbox: boolean;
  tendereeSubjectId: number | null;
  agentSubjectId: number | null;
  bidDeadlineAt: string | null;
  documentsOnSaleUntil: string | null;
  /** When its tender (or procurement) notice went public; null while none is published. */
  tenderNoticeAt: string | null;
}

const ENDED = ['terminated', 'failed', 'completed'];
/** The notices that open a deal to bidders: a tender, a procurement, a land listing (applications and quotes). */
export const BIDDING_NOTICE_TYPES = ['tender', 'procurement', 'land-listing'];

export async function loadDeal(db: Knex, dealCode: string, now: Date): Promise<PartyDeal | null> {
  const deal = await Deal.query(db).modify('byDealCode', dealCode).first();
  if (!deal) return null;
  const notice = await Notice.query(db).modify('published').where('deal_id', deal.id).whereIn('notice_type', BIDDING_NOTICE_TYPES)
    .where('published_at', '<=', now.toISOString()).orderBy('published_at').select('published_at').first();
  return {
    id: Number(deal.id), code: deal.deal_code, regionCode: deal.region_code, title: deal.title, procedureKind: deal.procedure_kind,
    status: deal.status, workflowId: deal.workflow_id, tendereeSubjectId: deal.tenderee_subject_id === null ? null : Number(deal.tenderee_subject_id),
    agentSubjectId: deal.agent_subject_id === null ? null : Number(deal.agent_subject_id),
    bidDeadlineAt: deal.bid_deadline_at, documentsOnSaleUntil: deal.documents_on_sale_until,
    tenderNoticeAt: notice ? (toIsoTimestamp(notice.published_at) as string) : null,
    sandbox: Boolean(deal.is_sandbox),
  };
}

export function dealNotFound(dealCode: string): BusinessError {
  return new BusinessError('DEAL_NOT_FOUND', `交易项目不存在：${dealCode}`, `deal not found: ${dealCode}`, { dealCode });
}

/** Open for bidding: its tender notice is public, its deadline has not passed, and it has not ended. */
export function isOpenForBidding(deal: PartyDeal, now: Date): boolean {
  return !ENDED.includes(deal.status) && deal.tenderNoticeAt !== null && deal.bidDeadlineAt !== null && new Date(deal.bidDeadlineAt).getTime() > now.getTime();
}

/** Refuses an act that needs the bidding period (报名, its withdrawal, a question, a guarantee) outside it. */
export function assertBiddingPeriod(deal: PartyDeal, now: Date, act: { zh: string; en: string }): void {
  if (ENDED.includes(deal.status)) {
    throw new BusinessError('DEAL_ENDED', `交易项目 ${deal.code} 已结束（${deal.status}），不能${act.zh}`, `deal ${deal.code} has ended (${deal.status}): cannot ${act.en}`, { dealCode: deal.code, status: deal.status });
  }
  if (!deal.tenderNoticeAt || !deal.bidDeadlineAt) {
    throw new BusinessError('BIDDING_NOT_OPEN', `交易项目 ${deal.code} 尚未发布招标公告，不能${act.zh}`, `deal ${deal.code} has no published tender notice yet: cannot ${act.en}`, { dealCode: deal.code });
  }
  if (new Date(deal.bidDeadlineAt).getTime() <= now.getTime()) {
    throw new BusinessError('BID_DEADLINE_PASSED', `交易项目 ${deal.code} 已过投标截止时间（${deal.bidDeadlineAt}），不能${act.zh}`, `the bid deadline of deal ${deal.code} (${deal.bidDeadlineAt}) has passed: cannot ${act.en}`, { dealCode: deal.code, bidDeadline: deal.bidDeadlineAt });
  }
}

export interface PartyStepContext extends TaskContext {
  /** The sequence number of the last supervision event this act wrote (a receipt points at it). */
  lastSeq(): number | null;
}

/**
 * The context a domain step sees when a party (or the bank, for a party) acts through the api: its events keyed
 * `<key>/<n>`, written by `actor` (a user name, or `bank:<id>`), each naming the party it is for.
 */
export function partyStepContext(trx: Knex.Transaction, options: { key: string; deal: PartyDeal; actor: string; party: PartyOfAct; now: Date }): PartyStepContext {
  const { key, deal, actor, party, now } = options;
  let events = 0;
  let seq: number | null = null;
  const unavailable = (what: string) => () => { throw new Error(`${what} is not available to a party's act`); };
  return {
    trx, key, workflowId: deal.workflowId ?? `deal:${deal.code}`, nodeId: 'party', regionCode: deal.regionCode, dealCode: deal.code, variables: {}, now,
    emit: async (kind, payload) => {
      events++;
      const written = await appendSupervisionEvent(trx, {
        idempotencyKey: `${key}/${events}`, dealCode: deal.code, regionCode: deal.regionCode, kind, actor,
        payload: { via: 'party', party: party.creditCode, person: party.personName, ...payload }, occurredAt: now.toISOString(),
      });
      seq = written.seq;
    },
    requireDealCode: () => deal.code,
    openingKeys: unavailable('the opening key vault'),
    sealKeys: unavailable('the sealed expert lists'),
    objects: unavailable('the object store (a party act is given it)'),
    heartbeat: () => undefined,
    sendDirective: unavailable('sending a directive'),
    lastSeq: () => seq,
  };
}
