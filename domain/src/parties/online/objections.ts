// 异议 outside the opening hall: a bidder objects online to the documents (实施条例 §22) or to the evaluation result
// (§54; government procurement 质疑, 政府采购法 §52); the tenderee or its agency answers within the statutory period;
// a documents answer goes out to every bidder as a clarification that does not name the objector. While an objection
// is unanswered the deal is held: the first one suspends it by a directive as a system supervisor, the last answer
// resumes it — only that suspension: one a supervisor or a complaint put on the deal since is left alone.
// Objections to the opening itself are the hall's (bids/hall/objections.ts).
import type { Knex } from 'knex';
import { Deal, Notice, ObjectionHold, PartyObjection, Subject, SubjectPerson, SupervisionEvent, calendarFor, isPostgres } from '@ggzy/db';
import type { DirectiveRequest } from '@ggzy/workflows';
import { BusinessError } from '../../step';
import { insertNotice } from '../../notices/records';
import { periodRuleFor } from '../../notices/periods';
import { relationOf } from '../relations';
import { dealNotFound, loadDeal, partyStepContext, type PartyActor, type PartyDeal, type PartyStepContext } from './context';
import { issueReceipt, type ReceiptView } from './receipts';
import {
  answerDueAt, basisOf, documentsObjectionUntil, isOverdue, isProcurement, resultObjectionUntil, type HeldObjectionKind, type ObjectionKind,
} from './objection-rules';

/** What sending a directive to the deal's workflow came to: refused means the deal is not in a state that takes it. */
export type HoldOutcome = 'applied' | 'not-running' | 'refused';
/** Sends a directive to a deal's workflow (the api's Temporal client; a test's recorder). */
export type DealDirectives = (workflowId: string, request: DirectiveRequest) => Promise<HoldOutcome>;

export interface ObjectionFile { sha256: string; fileName: string; sizeBytes: number }

/** An objection as its objector sees it (and, with `objector`, the organiser, staff and supervisors). */
export interface DealObjectionView {
  id: number; dealCode: string; kind: HeldObjectionKind; text: string; files: ObjectionFile[]; raisedAt: string; dueAt: string;
  status: 'pending' | 'answered'; overdue: boolean; answer: string | null; answeredAt: string | null; noticeId: number | null; basis: { zh: string; en: string };
}
export interface DealObjectionWithObjector extends DealObjectionView { objector: { creditCode: string; name: string; person: string | null } }

/** Whether the deal is held by pending objections now. */
export interface ObjectionHoldView { held: boolean; since: string | null; directiveId: string | null }

/** The supervisor the objections' hold is sent as: the platform itself, by the statute's rule — no person decided it. */
const objectionSupervisor = (regionCode: string) => ({ userId: 0, username: 'system:objections', role: 'supervisor', regionCode });

const DIRECTIVE_KINDS = ['directive.suspend', 'directive.resume', 'directive.terminate', 'directive.rectify', 'directive.accept-rectification'];
const ENDED = ['terminated', 'failed', 'completed'];

const refuse = (code: string, zh: string, en: string, details: Record<string, unknown> = {}) => new BusinessError(code, zh, en, details);

function view(row: PartyObjection, dealCode: string, procedureKind: string, now: Date): DealObjectionView {
  const dueAt = row.due_at;
  return {
    id: Number(row.id), dealCode, kind: row.kind, text: row.text, files: JSON.parse(row.files) as ObjectionFile[], raisedAt: row.raised_at, dueAt,
    status: row.status, overdue: isOverdue({ status: row.status, dueAt }, now), answer: row.answer ?? null, answeredAt: row.answered_at ?? null,
    noticeId: row.notice_id === null ? null : Number(row.notice_id), basis: basisOf(procedureKind, row.kind),
  };
}

/** One writer at a time per deal: SQLite transactions take the write lock as they begin; PostgreSQL locks the deal's row. */
async function lockDeal(trx: Knex, dealId: number): Promise<void> {
  if (isPostgres(trx)) await trx('deals').where('id', dealId).forUpdate().first('id');
}

/** The last instant the kind may be raised for this deal, or the refusal saying why it may not be now. */
async function assertRaisable(trx: Knex, deal: PartyDeal, kind: ObjectionKind, now: Date): Promise<void> {
  if (kind === 'opening') {
    throw refuse('OBJECTION_IN_OPENING_HALL', '对开标的异议应当在开标现场提出，并由招标人当场答复（《招标投标法实施条例》第四十四条）：请进入不见面开标大厅', 'objections to the opening are raised in the opening hall and answered there (art. 44): use the opening hall', { dealCode: deal.code });
  }
  if (ENDED.includes(deal.status)) {
    throw refuse('DEAL_ENDED', `交易项目 ${deal.code} 已结束（${deal.status}），不能提出异议`, `deal ${deal.code} has ended (${deal.status}): no objection can be raised`, { dealCode: deal.code });
  }
  const calendar = await calendarFor(trx, deal.regionCode, now.getTime());
  if (kind === 'documents') {
    if (!deal.tenderNoticeAt || !deal.bidDeadlineAt) {
      throw refuse('BIDDING_NOT_OPEN', `交易项目 ${deal.code} 尚未发布招标公告，不能对招标文件提出异议`, `deal ${deal.code} has no published tender notice: no objection to its documents yet`, { dealCode: deal.code });
    }
    const until = documentsObjectionUntil(new Date(deal.bidDeadlineAt), deal.procedureKind, calendar);
    if (now.getTime() > until.getTime()) {
      const basis = basisOf(deal.procedureKind, 'documents');
      throw refuse('OBJECTION_DOCUMENTS_LATE', `对招标文件的异议应当在 ${until.toISOString()} 前提出（${basis.zh}）`, `objections to the documents had to be raised by ${until.toISOString()} (${basis.en})`, { dealCode: deal.code, until: until.toISOString() });
    }
    return;
  }
  const noticeType = isProcurement(deal.procedureKind) ? 'result' : 'candidates';
  const notice = await Notice.query(trx).modify('published').where('deal_id', deal.id).where('notice_type', noticeType)
    .where('published_at', '<=', now.toISOString()).orderBy('published_at', 'desc').select('published_at', 'min_until').first();
  if (!notice) {
    throw refuse('OBJECTION_RESULT_NOT_PUBLICISED', '评标结果尚未公示，暂不能对评标结果提出异议', 'the evaluation result is not publicised yet: no objection to it can be raised', { dealCode: deal.code });
  }
  const until = resultObjectionUntil({ publishedAt: new Date(notice.published_at), minUntil: new Date(notice.min_until) }, deal.procedureKind, calendar);
  if (now.getTime() > until.getTime()) {
    const basis = basisOf(deal.procedureKind, 'result');
    throw refuse('OBJECTION_RESULT_LATE', `公示期已结束（${until.toISOString()}），不能再对评标结果提出异议（${basis.zh}）`, `the publicity ended at ${until.toISOString()}: no objection to the result can be raised (${basis.en})`, { dealCode: deal.code, until: until.toISOString() });
  }
}

async function activeHold(trx: Knex, dealId: number): Promise<ObjectionHold | undefined> {
  return ObjectionHold.query(trx).where('deal_id', dealId).whereNull('released_at').first();
}

/** Suspends the deal for the objection unless a hold is on already; answers what happened, for the trail. */
async function placeHold(ctx: PartyStepContext, deal: PartyDeal, objection: { id: number; kind: HeldObjectionKind }, directiveId: string, directives: DealDirectives): Promise<string> {
  if (await activeHold(ctx.trx, deal.id)) return 'already-held';
  if (!deal.workflowId) return 'not-running';
  const outcome = await directives(deal.workflowId, {
    directiveId, kind: 'suspend', actor: objectionSupervisor(deal.regionCode),
    reason: `异议（${objection.kind === 'documents' ? '招标文件' : '评标结果'}）#${objection.id} 答复前暂停交易活动（${basisOf(deal.procedureKind, objection.kind).zh.split('：')[0]}）`,
  });
  if (outcome !== 'applied') return outcome === 'refused' ? 'suspended-otherwise' : 'not-running';
  await ObjectionHold.query(ctx.trx).insert({ deal_id: deal.id, directive_id: directiveId, objection_id: objection.id, placed_at: ctx.now.toISOString() });
  await ctx.emit('objection.hold_placed', { objectionId: objection.id, directiveId });
  return 'placed';
}

export async function raiseDealObjection(db: Knex, input: {
  dealCode: string; kind: ObjectionKind; text: string; files: ObjectionFile[]; requestId: string; actor: PartyActor; now: Date; directives: DealDirectives;
}): Promise<{ replayed: boolean; objection: DealObjectionView; dealHeld: string; receipt: ReceiptView }> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    await lockDeal(trx, deal.id);
    const requestKey = `${actor.subjectId}:${input.requestId}`;
    const ctx = partyStepContext(trx, { key: `party-objection:${deal.code}:${requestKey}`, deal, actor: actor.username, party: actor, now });
    const earlier = await PartyObjection.query(trx).where('request_key', requestKey).first();
    if (earlier) {
      const receipt = await issueReceipt(ctx, { kind: 'objection', deal, actor, section: null, details: {} });
      return { replayed: true, objection: view(earlier, deal.code, deal.procedureKind, now), dealHeld: 'replayed', receipt };
    }
    const relation = await relationOf(trx, actor.subjectId, deal.code);
    if (!relation?.bidderSections.some((s) => s.bidStatus !== 'withdrawn')) {
      throw refuse('NOT_REGISTERED_BIDDER', '报名参加本项目的投标人才能提出异议', 'only a bidder registered for the deal can raise an objection', { dealCode: deal.code });
    }
    await assertRaisable(trx, deal, input.kind, now);
    const kind = input.kind as HeldObjectionKind;
    const dueAt = answerDueAt(now, deal.procedureKind, await calendarFor(trx, deal.regionCode, now.getTime()));
    const row = await PartyObjection.query(trx).insert({
      deal_id: deal.id, kind, objector_subject_id: actor.subjectId, objector_person_id: actor.personId, raised_by: actor.username, request_key: requestKey,
      text: input.text, files: JSON.stringify(input.files), raised_at: now.toISOString(), due_at: dueAt.toISOString(), status: 'pending',
    });
    const objectionId = Number(row.id);
    await ctx.emit('objection.raised', {
      objectionId, kind, text: input.text, files: input.files.map((f) => ({ sha256: f.sha256, fileName: f.fileName })), dueAt: dueAt.toISOString(),
      legalBasis: basisOf(deal.procedureKind, kind).zh,
    });
    const receipt = await issueReceipt(ctx, { kind: 'objection', deal, actor, section: null, details: { objectionId, kind, dueAt: dueAt.toISOString(), files: input.files.map((f) => f.sha256) } });
    // the directive last: nothing after it can refuse the act, so a suspension is never sent for an objection not kept
    const dealHeld = await placeHold(ctx, deal, { id: objectionId, kind }, `objection-hold:${deal.code}:${requestKey}`, input.directives);
    if (dealHeld !== 'placed') await ctx.emit('objection.hold_not_placed', { objectionId, why: dealHeld });
    return { replayed: false, objection: view((await PartyObjection.query(trx).findById(row.id))!, deal.code, deal.procedureKind, now), dealHeld, receipt };
  });
}

function clarificationBody(deal: PartyDeal, text: string, answer: string): string {
  return `${deal.title}（${deal.code}）关于招标文件异议的答复（澄清）：\n\n异议：${text}\n\n答复：${answer}\n\n本澄清为招标文件的组成部分。`;
}

/**
 * Whether the hold's suspension is still the one in force: no directive was given to the deal after it (the trail
 * carries every directive the workflow took). One a supervisor gave since — a resume, another suspend, a rectification,
 * a termination — makes the deal theirs to resume.
 */
async function holdStillInForce(trx: Knex, deal: PartyDeal, hold: ObjectionHold): Promise<boolean> {
  const events = await SupervisionEvent.query(trx).where('deal_code', deal.code).whereIn('kind', DIRECTIVE_KINDS).orderBy('seq').select('seq', 'payload');
  const ours = events.findIndex((e) => (JSON.parse(String(e.payload)) as { directiveId?: string }).directiveId === hold.directive_id);
  // not projected yet: nothing after it can have been projected either
  return ours === -1 || ours === events.length - 1;
}

/** Resumes the deal when its last pending objection is answered and the suspension in force is the objections' own. */
async function releaseHold(ctx: PartyStepContext, deal: PartyDeal, directives: DealDirectives): Promise<{ released: boolean; resumed: boolean }> {
  const hold = await activeHold(ctx.trx, deal.id);
  if (!hold) return { released: false, resumed: false };
  const pending = await PartyObjection.query(ctx.trx).where({ deal_id: deal.id, status: 'pending' }).resultSize();
  if (pending > 0) return { released: false, resumed: false };
  let resumed = false;
  let why = 'resumed';
  if (!(await holdStillInForce(ctx.trx, deal, hold))) {
    why = 'another-directive-since';
  } else if (deal.workflowId) {
    const outcome = await directives(deal.workflowId, {
      directiveId: `${hold.directive_id}:resume`, kind: 'resume', actor: objectionSupervisor(deal.regionCode), reason: '异议均已答复，恢复交易活动',
    });
    resumed = outcome === 'applied';
    if (!resumed) why = outcome;
  }
  await ObjectionHold.query(ctx.trx).findById(hold.id).patch({ released_at: ctx.now.toISOString(), resumed });
  await ctx.emit('objection.hold_released', { directiveId: hold.directive_id, resumed, why });
  return { released: true, resumed };
}

export async function answerDealObjection(db: Knex, input: {
  dealCode: string; objectionId: number; answer: string; actor: PartyActor; now: Date; directives: DealDirectives;
}): Promise<{ replayed: boolean; objection: DealObjectionView; dealResumed: boolean; receipt: ReceiptView }> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    await lockDeal(trx, deal.id);
    const relation = await relationOf(trx, actor.subjectId, deal.code);
    if (!relation || !(relation.roles.includes('tenderee') || relation.roles.includes('agency'))) {
      throw refuse('NOT_ORGANISER', '只有招标人或其招标代理机构可以答复异议', 'only the tenderee or its agency can answer an objection', { dealCode: deal.code });
    }
    const objection = await PartyObjection.query(trx).where({ id: input.objectionId, deal_id: deal.id }).first();
    if (!objection) throw refuse('OBJECTION_NOT_FOUND', `异议不存在：${input.objectionId}`, `no such objection: ${input.objectionId}`, { objectionId: input.objectionId });
    const ctx = partyStepContext(trx, { key: `party-objection-answer:${objection.id}`, deal, actor: actor.username, party: actor, now });
    if (objection.status === 'answered') {
      if (objection.answer === input.answer) {
        const receipt = await issueReceipt(ctx, { kind: 'answer', deal, actor, section: null, details: {} });
        return { replayed: true, objection: view(objection, deal.code, deal.procedureKind, now), dealResumed: false, receipt };
      }
      throw refuse('OBJECTION_ALREADY_ANSWERED', `异议 ${objection.id} 已答复`, `objection ${objection.id} is already answered`, { objectionId: objection.id });
    }
    let noticeId: number | null = null;
    if (objection.kind === 'documents') {
      const title = `${deal.title}异议答复（澄清）`;
      noticeId = await insertNotice(trx, {
        deal: {
          id: deal.id, deal_code: deal.code, region_code: deal.regionCode, title: deal.title, procedure_kind: deal.procedureKind, status: deal.status,
          is_sandbox: deal.sandbox,
        },
        sectionId: null, noticeType: 'clarification', title, body: clarificationBody(deal, objection.text, input.answer), bodyFormat: 'plain',
        publishedAt: now, minUntil: now, period: null, periodBasis: periodRuleFor('clarification', deal.procedureKind).basis.zh,
        publishKey: `objection-answer:${objection.id}`, createdAt: now,
      });
    }
    const late = now.getTime() > new Date(objection.due_at).getTime();
    await PartyObjection.query(trx).findById(objection.id).patch({
      status: 'answered', answer: input.answer, answered_by_subject_id: actor.subjectId, answered_by: actor.username, answered_at: now.toISOString(), notice_id: noticeId,
    });
    await ctx.emit('objection.answered', { objectionId: Number(objection.id), kind: objection.kind, answer: input.answer, noticeId, dueAt: objection.due_at, late });
    if (noticeId !== null) {
      await ctx.emit('notice.published', { noticeId, noticeType: 'clarification', sectionCode: null, title: `${deal.title}异议答复（澄清）`, publishedAt: now.toISOString() });
    }
    const receipt = await issueReceipt(ctx, { kind: 'answer', deal, actor, section: null, details: { objectionId: Number(objection.id), noticeId, late } });
    const { resumed } = await releaseHold(ctx, deal, input.directives);
    const fresh = (await PartyObjection.query(trx).findById(objection.id))!;
    return { replayed: false, objection: view(fresh, deal.code, deal.procedureKind, now), dealResumed: resumed, receipt };
  });
}

async function withObjectors(db: Knex, rows: PartyObjection[], deals: Map<number, { code: string; kind: string }>, now: Date): Promise<DealObjectionWithObjector[]> {
  const subjects = await Subject.query(db).whereIn('id', rows.map((r) => r.objector_subject_id)).select('id', 'credit_code', 'name');
  const people = await SubjectPerson.query(db).whereIn('id', rows.map((r) => r.objector_person_id).filter((id): id is number => id !== null)).select('id', 'name');
  return rows.map((r) => {
    const s = subjects.find((x) => Number(x.id) === Number(r.objector_subject_id))!;
    const deal = deals.get(Number(r.deal_id))!;
    return {
      ...view(r, deal.code, deal.kind, now),
      objector: { creditCode: s.credit_code, name: s.name, person: people.find((p) => Number(p.id) === Number(r.objector_person_id))?.name ?? null },
    };
  });
}

/** The deal's hold by objections now. */
export async function objectionHoldOf(db: Knex, dealId: number): Promise<ObjectionHoldView> {
  const hold = await activeHold(db, dealId);
  return { held: !!hold, since: hold?.placed_at ?? null, directiveId: hold?.directive_id ?? null };
}

/**
 * A party's share of a deal's objections: its own (a bidder), every one with who raised it (the organiser, to
 * answer), and the answered documents objections as clarifications — which never say who raised them.
 */
export async function objectionsForParty(db: Knex, input: { dealCode: string; subjectId: number; organiser: boolean; now: Date }): Promise<{
  mine: DealObjectionView[]; toAnswer: DealObjectionWithObjector[]; clarifications: DealObjectionView[]; hold: ObjectionHoldView;
}> {
  const deal = await Deal.query(db).modify('byDealCode', input.dealCode).select('id', 'deal_code', 'procedure_kind').first();
  if (!deal) return { mine: [], toAnswer: [], clarifications: [], hold: { held: false, since: null, directiveId: null } };
  const rows = await PartyObjection.query(db).where('deal_id', deal.id).orderBy('id');
  const deals = new Map([[Number(deal.id), { code: deal.deal_code, kind: deal.procedure_kind }]]);
  return {
    mine: rows.filter((r) => Number(r.objector_subject_id) === input.subjectId).map((r) => view(r, deal.deal_code, deal.procedure_kind, input.now)),
    toAnswer: input.organiser ? await withObjectors(db, rows, deals, input.now) : [],
    // answered documents objections are clarifications of the documents: every party of the deal reads them, unnamed
    clarifications: rows.filter((r) => r.kind === 'documents' && r.status === 'answered')
      .map((r) => ({ ...view(r, deal.deal_code, deal.procedure_kind, input.now), files: [] })), // the objector's evidence (its names) stays with it
    hold: await objectionHoldOf(db, Number(deal.id)),
  };
}

/** Staff and supervisors: the objections of the deals of their regions, with who raised them and which are overdue. */
export async function objectionsForStaff(db: Knex, input: { regions: readonly string[]; dealCode?: string; overdueOnly?: boolean; limit: number; now: Date }): Promise<DealObjectionWithObjector[]> {
  const query = PartyObjection.query(db).alias('o').join('deals as d', 'd.id', 'o.deal_id').whereIn('d.region_code', [...input.regions])
    .orderBy('o.id', 'desc').limit(input.limit).select('o.*', 'd.deal_code', 'd.procedure_kind');
  if (input.dealCode) query.where('d.deal_code', input.dealCode);
  if (input.overdueOnly) query.where('o.status', 'pending').where('o.due_at', '<', input.now.toISOString());
  const rows = await query.castTo<Array<PartyObjection & { deal_code: string; procedure_kind: string }>>();
  const deals = new Map(rows.map((r) => [Number(r.deal_id), { code: r.deal_code, kind: r.procedure_kind }]));
  return withObjectors(db, rows, deals, input.now);
}
