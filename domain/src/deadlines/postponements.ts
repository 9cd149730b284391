// 顺延: moving a deal's bid deadline (投标截止时间, which is also its opening time) later. The law makes it compulsory
// when a clarification or an amendment of the tender documents reaches the bidders less than 15 days before the
// deadline (《招标投标法实施条例》第二十一条) — the platform then moves it itself, to the earliest lawful time — and the
// organiser may ask for it (through the centre's staff) for any other reason. Every move is announced by a change
// notice (变更公告), recorded on the deal's trail, and handed to the deal's running procedure: the database change
// commits first, and an outbox row tells the procedure (its `openingAt`, which the opening timer follows) afterwards.
import type { Knex } from 'knex';
import { Deal, DealPostponement, SupervisionEvent, calendarFor, toIsoTimestamp, type RegionCalendar } from '@ggzy/db';
import { addDuration, isWorkingDay } from '@ggzy/process';
import type { RescheduleOutcome } from '@ggzy/workflows/client';
import { BusinessError } from '../step';
import { appendSupervisionEvent } from '../supervision/trail';
import { insertNotice } from '../notices/records';
import { periodRuleFor } from '../notices/periods';
import { CLARIFICATION_BASIS, CLARIFICATION_LEAD_DAYS } from '../parties/online/clarification-rules';
import { moveDealBookings } from '../venue/move-bookings';

export type PostponementCause = 'late-clarification' | 'late-amendment' | 'requested' | 'calendar';
export type PostponementWorkflowStatus = DealPostponement['workflow_status'];

export interface PostponementView {
  id: number; dealCode: string; from: string; to: string; cause: PostponementCause; reason: string; requestedBy: string;
  noticeId: number | null; createdAt: string; workflowStatus: PostponementWorkflowStatus; workflowAt: string | null;
}

const DAY_MS = 86_400_000;
const ENDED = ['terminated', 'failed', 'completed'];

/** China clock time of an instant, as milliseconds after local midnight. */
const clockOf = (ms: number, cal: RegionCalendar) => (ms + cal.utcOffsetMinutes * 60_000) % DAY_MS;

/**
 * The earliest lawful deadline after a clarification given at `at`: 15 days later (compressed in a training sandbox,
 * like every period there); on a real calendar, at the current deadline's clock time on the first working day that
 * keeps the 15 days — the centre opens bids on working days.
 */
export function lawfulDeadlineAfter(at: Date, current: Date, cal: RegionCalendar): Date {
  const earliest = addDuration(at.getTime(), `P${CLARIFICATION_LEAD_DAYS}D`, 'calendar', cal);
  if (cal.compression) return new Date(Math.max(earliest, current.getTime()));
  const dayStart = earliest - clockOf(earliest, cal);
  let candidate = dayStart + clockOf(current.getTime(), cal);
  if (candidate < earliest) candidate += DAY_MS;
  while (!isWorkingDay(candidate, cal)) candidate += DAY_MS;
  return new Date(candidate);
}

/** The earliest deadline the late clarifications and amendments published so far allow (null: none was late). */
async function earliestAllowed(trx: Knex, dealCode: string): Promise<Date | null> {
  const flags = await SupervisionEvent.query(trx).where({ chain_key: dealCode, kind: 'clarification.late' }).select('payload');
  let latest: number | null = null;
  for (const f of flags) {
    const at = Date.parse(String((JSON.parse(f.payload) as { earliestLawfulDeadline?: string }).earliestLawfulDeadline));
    if (!Number.isNaN(at) && (latest === null || at > latest)) latest = at;
  }
  return latest === null ? null : new Date(latest);
}

function view(row: DealPostponement): PostponementView {
  return {
    id: Number(row.id), dealCode: row.deal_code, from: String(toIsoTimestamp(row.from_at)), to: String(toIsoTimestamp(row.to_at)), cause: row.cause,
    reason: row.reason, requestedBy: row.requested_by, noticeId: row.notice_id === null ? null : Number(row.notice_id),
    createdAt: String(toIsoTimestamp(row.created_at)), workflowStatus: row.workflow_status,
    workflowAt: row.workflow_at === null ? null : String(toIsoTimestamp(row.workflow_at)),
  };
}

const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function noticeBody(title: string, dealCode: string, from: Date, to: Date, cause: PostponementCause, reason: string, venueUnsettled: boolean): string {
  const basis = cause === 'late-clarification' || cause === 'late-amendment' ? `\n\n依据：${CLARIFICATION_BASIS.zh}。` : '';
  return `${title}（${dealCode}）投标截止时间（开标时间）顺延：\n\n原投标截止时间：${chinaTime(from)}（北京时间）\n顺延至：${chinaTime(to)}（北京时间）\n\n原因：${reason}${basis}\n\n${venueUnsettled ? '开标、评标场地另行通知。' : '开标地点不变。'}其他内容不变。`;
}

export interface PostponeInput {
  dealCode: string;
  to: Date;
  cause: PostponementCause;
  reason: string;
  /** Keys the move: the same key again answers the same move (a retried request), another move under it is refused. */
  requestKey: string;
  /** Who moved it (a user name, or system:… for the platform's own move). */
  actor: string;
  now: Date;
}

/**
 * Moves the bid deadline of a deal that is open for bidding, inside the caller's transaction: the deal's deadline,
 * its change notice, the trail event and the outbox row for its procedure. Refuses a deadline that is not later, not
 * lawful after a late clarification, or (real calendars) not on a working day.
 */
export async function postponeBidDeadline(trx: Knex, input: PostponeInput): Promise<{ replayed: boolean; postponement: PostponementView }> {
  const earlier = await DealPostponement.query(trx).where('request_key', input.requestKey).first();
  if (earlier) {
    if (earlier.deal_code !== input.dealCode || Date.parse(String(toIsoTimestamp(earlier.to_at))) !== input.to.getTime()) {
      throw new BusinessError('POSTPONEMENT_KEY_REUSED', `请求 ${input.requestKey} 已用于另一次顺延`, `request ${input.requestKey} already moved another deadline`, { requestKey: input.requestKey });
    }
    return { replayed: true, postponement: view(earlier) };
  }
  const dealQuery = Deal.query(trx).modify('byDealCode', input.dealCode);
  if (trx.client.config.client === 'pg') dealQuery.forUpdate();
  const deal = await dealQuery.first();
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目不存在：${input.dealCode}`, `deal not found: ${input.dealCode}`, { dealCode: input.dealCode });
  if (ENDED.includes(deal.status)) {
    throw new BusinessError('DEAL_ENDED', `交易项目 ${deal.deal_code} 已结束（${deal.status}），不能顺延`, `deal ${deal.deal_code} has ended (${deal.status}): its deadline cannot move`, { dealCode: deal.deal_code, status: deal.status });
  }
  if (deal.procedure_kind === 'land-listing') {
    // its deadline is the listing's end, which its board and its procedure keep: not a bid deadline to move here
    throw new BusinessError('POSTPONEMENT_NOT_APPLICABLE', `交易项目 ${deal.deal_code} 为挂牌出让，挂牌截止时间不在此顺延`, `deal ${deal.deal_code} is a land listing: its listing end is not moved here`, { dealCode: deal.deal_code });
  }
  const current = deal.bid_deadline_at ? new Date(String(toIsoTimestamp(deal.bid_deadline_at))) : null;
  if (!current) {
    throw new BusinessError('BIDDING_NOT_OPEN', `交易项目 ${deal.deal_code} 尚未公布投标截止时间`, `deal ${deal.deal_code} has announced no bid deadline yet`, { dealCode: deal.deal_code });
  }
  if (current.getTime() <= input.now.getTime()) {
    throw new BusinessError('BID_DEADLINE_PASSED', `交易项目 ${deal.deal_code} 已过投标截止时间，不能再顺延`, `the bid deadline of deal ${deal.deal_code} has passed: it can no longer move`, { dealCode: deal.deal_code, bidDeadline: current.toISOString() });
  }
  if (input.to.getTime() <= current.getTime()) {
    throw new BusinessError('POSTPONEMENT_NOT_LATER', `顺延后的投标截止时间应晚于当前的 ${chinaTime(current)}`, `the new bid deadline must come after the current one (${current.toISOString()})`, { bidDeadline: current.toISOString() });
  }
  const cal = await calendarFor(trx, deal.region_code, input.to.getTime());
  const allowed = await earliestAllowed(trx, deal.deal_code);
  if (allowed && input.to.getTime() < allowed.getTime()) {
    throw new BusinessError('DEADLINE_TOO_EARLY', `澄清或修改晚于截止前15日，投标截止时间最早为 ${chinaTime(allowed)}（${CLARIFICATION_BASIS.zh}）`,
      `a late clarification or amendment: the earliest lawful bid deadline is ${allowed.toISOString()} (${CLARIFICATION_BASIS.en})`, { earliestLawfulDeadline: allowed.toISOString() });
  }
  if (!cal.compression && !isWorkingDay(input.to.getTime(), cal)) {
    let next = input.to.getTime() + DAY_MS;
    while (!isWorkingDay(next, cal)) next += DAY_MS;
    throw new BusinessError('DEADLINE_NOT_WORKING_DAY', `${chinaTime(input.to).slice(0, 10)} 不是工作日，不能开标；最近的工作日为 ${chinaTime(new Date(next)).slice(0, 10)}`,
      `${input.to.toISOString().slice(0, 10)} is not a working day: no opening then; the next working day is ${new Date(next).toISOString().slice(0, 10)}`, { nextWorkingDay: new Date(next).toISOString() });
  }
  const dealRow = {
    id: Number(deal.id), deal_code: deal.deal_code, region_code: deal.region_code, title: deal.title, procedure_kind: deal.procedure_kind,
    status: deal.status, is_sandbox: Boolean(deal.is_sandbox),
  };
  await Deal.query(trx).findById(deal.id).patch({ bid_deadline_at: input.to.toISOString() });
  // the opening hall and the evaluation room booked from the old opening on move with it
  const venues = await moveDealBookings(trx as Knex.Transaction, deal.deal_code, {
    from: current, spanMs: input.to.getTime() - current.getTime(), key: `postponement:${input.requestKey}`, at: input.now, reason: `顺延：${input.reason}`,
  });
  const title = `${deal.title}变更公告（投标截止时间顺延）`;
  const noticeId = await insertNotice(trx, {
    deal: dealRow, sectionId: null, noticeType: 'clarification', title, body: noticeBody(deal.title, deal.deal_code, current, input.to, input.cause, input.reason, venues.some((v) => v.newBookingId === null)),
    bodyFormat: 'plain', publishedAt: input.now, minUntil: input.now, period: null, periodBasis: periodRuleFor('clarification', deal.procedure_kind).basis.zh,
    publishKey: `postponement:${input.requestKey}`, createdAt: input.now,
  });
  const [row] = await trx(DealPostponement.tableName).insert({
    deal_id: deal.id, deal_code: deal.deal_code, region_code: deal.region_code, from_at: current.toISOString(), to_at: input.to.toISOString(),
    cause: input.cause, reason: input.reason, request_key: input.requestKey, requested_by: input.actor, notice_id: noticeId,
    created_at: input.now.toISOString(), workflow_status: deal.workflow_id ? 'pending' : 'not-running', attempts: 0,
  }).returning('id');
  const id = Number((row as { id?: number }).id ?? row);
  const payload = { postponementId: id, from: current.toISOString(), to: input.to.toISOString(), cause: input.cause, reason: input.reason, noticeId, venues };
  await appendSupervisionEvent(trx, {
    idempotencyKey: `deadline.postponed:${input.requestKey}`, dealCode: deal.deal_code, regionCode: deal.region_code, kind: 'deadline.postponed',
    actor: input.actor, payload, occurredAt: input.now.toISOString(),
  });
  await appendSupervisionEvent(trx, {
    idempotencyKey: `deadline.postponed:${input.requestKey}/notice`, dealCode: deal.deal_code, regionCode: deal.region_code, kind: 'notice.published',
    actor: input.actor, payload: { noticeId, noticeType: 'clarification', sectionCode: null, title, publishedAt: input.now.toISOString() }, occurredAt: input.now.toISOString(),
  });
  return { replayed: false, postponement: view((await DealPostponement.query(trx).findById(id))!) };
}

/**
 * The automatic 顺延 after a late clarification or amendment given at `at`: the deadline moves to the earliest lawful
 * time (unless it is already there). Answers the move, or null when none was needed.
 */
export async function postponeForLateClarification(
  trx: Knex, input: { dealCode: string; at: Date; cause: 'late-clarification' | 'late-amendment'; requestKey: string; actor: string },
): Promise<PostponementView | null> {
  const deal = await Deal.query(trx).modify('byDealCode', input.dealCode).select('region_code', 'bid_deadline_at', 'procedure_kind').first();
  // §21 is about tender and procurement documents; a land listing's end is its notice's, not moved here
  if (!deal?.bid_deadline_at || deal.procedure_kind === 'land-listing') return null;
  const current = new Date(String(toIsoTimestamp(deal.bid_deadline_at)));
  const cal = await calendarFor(trx, deal.region_code, input.at.getTime());
  const to = lawfulDeadlineAfter(input.at, current, cal);
  if (to.getTime() <= current.getTime()) return null;
  const reason = input.cause === 'late-clarification'
    ? `澄清答复发出时距投标截止时间不足${CLARIFICATION_LEAD_DAYS}日，投标截止时间依法顺延`
    : `招标文件修改发出时距投标截止时间不足${CLARIFICATION_LEAD_DAYS}日，投标截止时间依法顺延`;
  return (await postponeBidDeadline(trx, { dealCode: input.dealCode, to, cause: input.cause, reason, requestKey: input.requestKey, actor: input.actor, now: input.at })).postponement;
}

/**
 * After a working-day calendar changed (a holiday declared, a make-up day dropped): the open deals of the region (and
 * of the cities under it, whose calendars include it) whose bid deadline now falls on a day off move to the next
 * working day at the same clock time — 期间届满日为法定休假日的，以休假日结束的次日为届满日. In the calendar's own
 * transaction; answers the moves. A training sandbox (compressed days) has no days off to avoid.
 */
export async function postponeForCalendar(trx: Knex, input: { regionCode: string; changeKey: string; actor: string; now: Date }): Promise<PostponementView[]> {
  const deals = await Deal.query(trx).whereNotIn('status', ENDED).where('bid_deadline_at', '>', input.now.toISOString()).whereNot('procedure_kind', 'land-listing')
    .where((w) => w.where('region_code', input.regionCode).orWhereIn('region_code', (sub) => sub.from('regions').where('parent_code', input.regionCode).select('code')))
    .orderBy('id').select('deal_code', 'region_code', 'bid_deadline_at');
  const moved: PostponementView[] = [];
  for (const deal of deals) {
    const deadline = Date.parse(String(toIsoTimestamp(deal.bid_deadline_at!)));
    const cal = await calendarFor(trx, deal.region_code, deadline);
    if (cal.compression || isWorkingDay(deadline, cal)) continue;
    let to = deadline + DAY_MS;
    while (!isWorkingDay(to, cal)) to += DAY_MS;
    const day = chinaTime(new Date(deadline)).slice(0, 10);
    const { postponement } = await postponeBidDeadline(trx, {
      dealCode: deal.deal_code, to: new Date(to), cause: 'calendar', reason: `工作日历调整：${day} 为休息日，开标顺延至其后第一个工作日`,
      requestKey: `calendar:${input.changeKey}:${deal.deal_code}`, actor: input.actor, now: input.now,
    });
    moved.push(postponement);
  }
  return moved;
}

/** A deal's moves, oldest first. */
export async function postponementsOf(db: Knex, dealCode: string): Promise<PostponementView[]> {
  return (await DealPostponement.query(db).where('deal_code', dealCode).orderBy('id')).map(view);
}

export type { RescheduleOutcome };

/** The dates of the reference procedures that follow the opening: a 顺延 moves them by the same span. */
export const DATES_AFTER_THE_OPENING = ['openingEndsAt', 'evaluationAt', 'evaluationEndsAt'] as const;

/**
 * Tells the running procedures of pending moves their new `openingAt` (the outbox) — and the dates after it, which
 * keep their distance to it (the evaluation the day after the opening stays the day after): `reschedule` sends the update
 * (idempotent by the move's id). A procedure without that date, or no longer running, is recorded as such; a failure
 * is kept pending and tried again by the next pass. Answers how many were settled, and whether more are waiting.
 */
export async function applyPendingPostponements(
  db: Knex,
  reschedule: (workflowId: string, request: { rescheduleId: string; dates: Record<string, string>; reason: string; alsoShift: string[] }) => Promise<RescheduleOutcome>,
  options: { limit?: number; now?: () => Date; dealCode?: string } = {},
): Promise<{ settled: number; failed: number; more: boolean }> {
  const limit = options.limit ?? 50;
  const query = DealPostponement.query(db).alias('p').join('deals as d', 'd.id', 'p.deal_id').where('p.workflow_status', 'pending');
  if (options.dealCode) query.where('p.deal_code', options.dealCode);
  const rows = await query.orderBy('p.id').limit(limit).select('p.id', 'p.to_at', 'p.reason', 'p.attempts', 'd.workflow_id').castTo<Array<{ id: number; to_at: string | Date; reason: string; attempts: number; workflow_id: string | null }>>();
  let settled = 0;
  let failed = 0;
  for (const r of rows) {
    const outcome: RescheduleOutcome = r.workflow_id
      ? await reschedule(r.workflow_id, { rescheduleId: `postponement:${r.id}`, dates: { openingAt: String(toIsoTimestamp(r.to_at)) }, reason: r.reason, alsoShift: [...DATES_AFTER_THE_OPENING] })
        .catch((err: Error) => ({ status: 'failed' as const, error: err.message }))
      : { status: 'not-running' };
    const now = (options.now?.() ?? new Date()).toISOString();
    if (outcome.status === 'failed') {
      failed++;
      await DealPostponement.query(db).findById(r.id).patch({ attempts: Number(r.attempts) + 1, last_error: outcome.error.slice(0, 1000) });
    } else {
      settled++;
      await DealPostponement.query(db).findById(r.id).where('workflow_status', 'pending').patch({ workflow_status: outcome.status, workflow_at: now, attempts: Number(r.attempts) + 1 });
    }
  }
  return { settled, failed, more: rows.length === limit };
}
