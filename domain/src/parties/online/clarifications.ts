// 答疑: a registered bidder asks about the tender documents; the tenderee or its agency answers; the answer goes to
// every registered bidder and out as a public clarification notice (澄清公告) — never naming who asked. Who asked is
// kept for staff and supervisors only. Answers are due at least 15 days before the bid deadline (§21): a later one is
// published, flagged and put on the trail for the deadline to be extended.
import type { Knex } from 'knex';
import { ClarificationQuestion, Deal, Section, Subject, SubjectPerson, calendarFor } from '@ggzy/db';
import { BusinessError } from '../../step';
import { insertNotice } from '../../notices/records';
import { periodRuleFor } from '../../notices/periods';
import { relationOf, isLiveBidder, isOrganiser } from '../relations';
import { assertBiddingPeriod, dealNotFound, loadDeal, partyStepContext, type PartyActor, type PartyDeal } from './context';
import { CLARIFICATION_BASIS, clarificationLead } from './clarification-rules';
import { postponeForLateClarification } from '../../deadlines/postponements';
import { issueReceipt, type ReceiptView } from './receipts';

/** A question as bidders, the tenderee and the agency see it: no asker. */
export interface QuestionView {
  id: number; sectionCode: string | null; question: string; askedAt: string; status: 'open' | 'answered';
  answer: string | null; answeredAt: string | null; late: boolean; noticeId: number | null;
}

/** As staff and supervisors see it: with the asker. */
export interface QuestionStaffView extends QuestionView { dealCode: string; asker: { creditCode: string; name: string; person: string | null } }

const bool = (v: unknown) => v === true || v === 1 || v === '1';

function view(row: ClarificationQuestion, sectionCode: string | null): QuestionView {
  return {
    id: Number(row.id), sectionCode, question: row.question, askedAt: row.asked_at, status: row.status, answer: row.answer ?? null,
    answeredAt: row.answered_at ?? null, late: bool(row.late), noticeId: row.notice_id === null ? null : Number(row.notice_id),
  };
}

async function sectionCodes(db: Knex, dealId: number): Promise<Map<number, string>> {
  const rows = await Section.query(db).where('deal_id', dealId).select('id', 'section_code');
  return new Map(rows.map((r) => [Number(r.id), r.section_code]));
}

export async function askQuestion(db: Knex, input: { dealCode: string; sectionCode?: string; question: string; requestId: string; actor: PartyActor; now: Date }): Promise<{ replayed: boolean; question: QuestionView; receipt: ReceiptView }> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    const codes = await sectionCodes(trx, deal.id);
    const askKey = `${actor.subjectId}:${input.requestId}`;
    const ctx = partyStepContext(trx, { key: `party-question:${deal.code}:${askKey}`, deal, actor: actor.username, party: actor, now });
    const earlier = await ClarificationQuestion.query(trx).where('ask_key', askKey).first();
    if (earlier) {
      const receipt = await issueReceipt(ctx, { kind: 'question', deal, actor, section: null, details: {} });
      return { replayed: true, question: view(earlier, earlier.section_id ? codes.get(Number(earlier.section_id)) ?? null : null), receipt };
    }
    if (!isLiveBidder(await relationOf(trx, actor.subjectId, deal.code))) {
      throw new BusinessError('NOT_REGISTERED_BIDDER', '报名后才能提出问题', 'only a registered bidder can ask a question', { dealCode: deal.code });
    }
    assertBiddingPeriod(deal, now, { zh: '提出问题', en: 'ask a question' });
    let sectionId: number | null = null;
    if (input.sectionCode) {
      sectionId = [...codes].find(([, code]) => code === input.sectionCode)?.[0] ?? null;
      if (sectionId === null) throw new BusinessError('SECTION_NOT_FOUND', `没有标段 ${input.sectionCode}`, `no section ${input.sectionCode}`, { sectionCode: input.sectionCode });
    }
    const row = await ClarificationQuestion.query(trx).insert({
      deal_id: deal.id, section_id: sectionId, asker_subject_id: actor.subjectId, asker_person_id: actor.personId, ask_key: askKey,
      question: input.question, asked_at: now.toISOString(), status: 'open', late: false,
    });
    await ctx.emit('clarification.asked', { questionId: Number(row.id), sectionCode: input.sectionCode ?? null, question: input.question });
    const receipt = await issueReceipt(ctx, {
      kind: 'question', deal, actor, section: sectionId === null ? null : { id: sectionId, code: input.sectionCode! },
      details: { questionId: Number(row.id), question: input.question },
    });
    const stored = (await ClarificationQuestion.query(trx).findById(row.id))!;
    return { replayed: false, question: view(stored, input.sectionCode ?? null), receipt };
  });
}

function noticeBody(deal: PartyDeal, sectionCode: string | null, question: string, answer: string): string {
  const about = sectionCode ? `标段 ${sectionCode}` : '本项目';
  return `${deal.title}（${deal.code}）${about}答疑澄清：\n\n问：${question}\n\n答：${answer}\n\n本澄清为招标文件的组成部分。`;
}

export async function answerQuestion(db: Knex, input: { dealCode: string; questionId: number; answer: string; actor: PartyActor; now: Date }): Promise<{ replayed: boolean; question: QuestionView; receipt: ReceiptView }> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    if (!isOrganiser(await relationOf(trx, actor.subjectId, deal.code))) {
      throw new BusinessError('NOT_ORGANISER', '只有招标人或其招标代理机构可以答复', 'only the tenderee or its agency can answer', { dealCode: deal.code });
    }
    const question = await ClarificationQuestion.query(trx).where({ id: input.questionId, deal_id: deal.id }).first();
    if (!question) throw new BusinessError('QUESTION_NOT_FOUND', `问题不存在：${input.questionId}`, `no such question: ${input.questionId}`, { questionId: input.questionId });
    const codes = await sectionCodes(trx, deal.id);
    const sectionCode = question.section_id ? codes.get(Number(question.section_id)) ?? null : null;
    const ctx = partyStepContext(trx, { key: `party-answer:${question.id}`, deal, actor: actor.username, party: actor, now });
    if (question.status === 'answered') {
      if (question.answer === input.answer) {
        return { replayed: true, question: view(question, sectionCode), receipt: await issueReceipt(ctx, { kind: 'answer', deal, actor, section: null, details: {} }) };
      }
      throw new BusinessError('QUESTION_ALREADY_ANSWERED', `问题 ${question.id} 已答复；如需修改请另行发布招标文件修改`, `question ${question.id} is already answered; amend the tender documents instead`, { questionId: question.id });
    }
    assertBiddingPeriod(deal, now, { zh: '答复', en: 'answer' });
    const lead = clarificationLead(now, new Date(deal.bidDeadlineAt!), await calendarFor(trx, deal.regionCode, now.getTime()));
    const rule = periodRuleFor('clarification', deal.procedureKind);
    const noticeId = await insertNotice(trx, {
      deal: {
        id: deal.id, deal_code: deal.code, region_code: deal.regionCode, title: deal.title, procedure_kind: deal.procedureKind, status: deal.status,
        is_sandbox: Boolean((await Deal.query(trx).findById(deal.id).select('is_sandbox'))?.is_sandbox),
      },
      sectionId: question.section_id === null ? null : Number(question.section_id), noticeType: 'clarification',
      title: `${deal.title}答疑澄清`, body: noticeBody(deal, sectionCode, question.question, input.answer), bodyFormat: 'plain',
      publishedAt: now, minUntil: now, period: null, periodBasis: rule.basis.zh, publishKey: `clarification:${question.id}`, createdAt: now,
    });
    const claimed = await ClarificationQuestion.query(trx).where({ id: question.id, status: 'open' }).patch({
      status: 'answered', answer: input.answer, answered_by_subject_id: actor.subjectId, answered_by_person_id: actor.personId,
      answered_at: now.toISOString(), notice_id: noticeId, late: lead.late,
    });
    if (claimed !== 1) throw new BusinessError('QUESTION_ALREADY_ANSWERED', `问题 ${question.id} 已答复`, `question ${question.id} was answered meanwhile`, { questionId: question.id });
    await ctx.emit('clarification.answered', { questionId: question.id, sectionCode, answer: input.answer, noticeId, late: lead.late });
    await ctx.emit('notice.published', { noticeId, noticeType: 'clarification', sectionCode, title: `${deal.title}答疑澄清`, publishedAt: now.toISOString() });
    if (lead.late) {
      await ctx.emit('clarification.late', { questionId: question.id, bidDeadline: deal.bidDeadlineAt, earliestLawfulDeadline: lead.earliestLawfulDeadline, legalBasis: CLARIFICATION_BASIS.zh });
      // 顺延: the deadline moves to the earliest lawful time, with its change notice
      await postponeForLateClarification(trx, { dealCode: deal.code, at: now, cause: 'late-clarification', requestKey: `clarification:${question.id}`, actor: actor.username });
    }
    const receipt = await issueReceipt(ctx, { kind: 'answer', deal, actor, section: null, details: { questionId: question.id, noticeId, late: lead.late } });
    return { replayed: false, question: view((await ClarificationQuestion.query(trx).findById(question.id))!, sectionCode), receipt };
  });
}

/**
 * What the party may read of the deal's questions: answered ones if it is a registered bidder or the organiser;
 * its own still open ones; every open one if it is the organiser (to answer) — never who asked.
 */
export async function questionsForParty(db: Knex, input: { dealId: number; subjectId: number; organiser: boolean; bidder: boolean }): Promise<{ answered: QuestionView[]; mine: QuestionView[]; toAnswer: QuestionView[] }> {
  const codes = await sectionCodes(db, input.dealId);
  const rows = await ClarificationQuestion.query(db).where('deal_id', input.dealId).orderBy('id');
  const v = (r: ClarificationQuestion) => view(r, r.section_id ? codes.get(Number(r.section_id)) ?? null : null);
  return {
    answered: input.organiser || input.bidder ? rows.filter((r) => r.status === 'answered').map(v) : [],
    mine: rows.filter((r) => Number(r.asker_subject_id) === input.subjectId).map(v),
    toAnswer: input.organiser ? rows.filter((r) => r.status === 'open').map(v) : [],
  };
}

/** Staff and supervisors: the questions of the deals of their regions, with who asked. */
export async function questionsForStaff(db: Knex, input: { regions: readonly string[]; dealCode?: string; limit: number }): Promise<QuestionStaffView[]> {
  const query = ClarificationQuestion.query(db).alias('q').join('deals as d', 'd.id', 'q.deal_id').whereIn('d.region_code', [...input.regions])
    .orderBy('q.id', 'desc').limit(input.limit).select('q.*', 'd.deal_code');
  if (input.dealCode) query.where('d.deal_code', input.dealCode);
  const rows = await query.castTo<Array<ClarificationQuestion & { deal_code: string }>>();
  const subjects = await Subject.query(db).whereIn('id', rows.map((r) => r.asker_subject_id)).select('id', 'credit_code', 'name');
  const people = await SubjectPerson.query(db).whereIn('id', rows.map((r) => r.asker_person_id).filter((id): id is number => id !== null)).select('id', 'name');
  const sections = await Section.query(db).whereIn('id', rows.map((r) => r.section_id).filter((id): id is number => id !== null)).select('id', 'section_code');
  return rows.map((r) => {
    const s = subjects.find((x) => Number(x.id) === Number(r.asker_subject_id))!;
    return {
      ...view(r, sections.find((x) => Number(x.id) === Number(r.section_id))?.section_code ?? null), dealCode: r.deal_code,
      asker: { creditCode: s.credit_code, name: s.name, person: people.find((p) => Number(p.id) === Number(r.asker_person_id))?.name ?? null },
    };
  });
}
