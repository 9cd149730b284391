// The statutory clocks of a bidder's 异议 outside the opening hall, as pure rules:
// - to the documents: 《招标投标法实施条例》§22 — raised at least 10 days before the bid deadline, answered within 3 days,
//   the tender activity paused meanwhile; government procurement 质疑 (《政府采购法》§52, 财政部令第94号) — raised
//   before the response deadline here (the 7 working days run from when the supplier knew, which only it can say),
//   answered within 7 working days;
// - to the evaluation result: §54 — raised while the candidates are publicised, answered within 3 days, paused
//   meanwhile; government procurement: within 7 working days of the result notice, answered within 7 working days;
// - to the opening: §44 — raised in the opening hall and answered there, never here.
// A sandbox deal (演练) counts every period compressed, as its workflow does.
import { addDuration, type WorkCalendar } from '@ggzy/process';

export const OBJECTION_KINDS = ['documents', 'opening', 'result'] as const;
export type ObjectionKind = (typeof OBJECTION_KINDS)[number];
export type HeldObjectionKind = Exclude<ObjectionKind, 'opening'>;

export interface Basis { zh: string; en: string }

export const OBJECTION_BASIS: Record<'construction' | 'procurement', Record<HeldObjectionKind, Basis>> = {
  construction: {
    documents: { zh: '《招标投标法实施条例》第二十二条：对招标文件有异议的，应当在投标截止时间10日前提出；招标人应当自收到异议之日起3日内作出答复，作出答复前应当暂停招标投标活动', en: 'Implementing Regulations art. 22: objections to the tender documents are raised at least 10 days before the bid deadline and answered within 3 days; the tender is paused until answered' },
    result: { zh: '《招标投标法实施条例》第五十四条：对评标结果有异议的，应当在中标候选人公示期间提出；招标人应当自收到异议之日起3日内作出答复，作出答复前应当暂停招标投标活动', en: 'Implementing Regulations art. 54: objections to the evaluation result are raised while the candidates are publicised and answered within 3 days; the tender is paused until answered' },
  },
  procurement: {
    documents: { zh: '《政府采购法》第五十二条、财政部令第94号：供应商对采购文件的质疑应在知道或应知其权益受损之日起7个工作日内提出，采购人、采购代理机构应在收到质疑后7个工作日内作出答复', en: 'Government Procurement Law art. 52: challenges to the procurement documents within 7 working days of knowing, answered within 7 working days' },
    result: { zh: '《政府采购法》第五十二条、财政部令第94号：供应商对采购结果的质疑应在中标（成交）结果公告期限届满之日起7个工作日内提出，采购人、采购代理机构应在收到质疑后7个工作日内作出答复', en: 'Government Procurement Law art. 52: challenges to the result within 7 working days of the result notice, answered within 7 working days' },
  },
};

export const isProcurement = (procedureKind: string): boolean => procedureKind.startsWith('government-procurement');
const family = (procedureKind: string) => (isProcurement(procedureKind) ? 'procurement' : 'construction');

export const basisOf = (procedureKind: string, kind: HeldObjectionKind): Basis => OBJECTION_BASIS[family(procedureKind)][kind];

/** When the answer is due: 3 calendar days (construction), 7 working days (procurement), on the region's calendar. */
export function answerDueAt(raisedAt: Date, procedureKind: string, calendar: WorkCalendar): Date {
  return isProcurement(procedureKind)
    ? new Date(addDuration(raisedAt.getTime(), 'P7D', 'working', calendar))
    : new Date(addDuration(raisedAt.getTime(), 'P3D', 'calendar', calendar));
}

/** The last instant a documents objection may be raised: 10 days before the deadline (construction), the deadline itself (procurement). */
export function documentsObjectionUntil(bidDeadline: Date, procedureKind: string, calendar: WorkCalendar): Date {
  if (isProcurement(procedureKind)) return bidDeadline;
  // the same span counted forward under the calendar's compression, taken back from the deadline
  const lead = addDuration(0, 'P10D', 'calendar', calendar);
  return new Date(bidDeadline.getTime() - lead);
}

/** Until when a result objection may be raised, from the publicity notice: its period (construction), 7 working days after it (procurement). */
export function resultObjectionUntil(notice: { publishedAt: Date; minUntil: Date }, procedureKind: string, calendar: WorkCalendar): Date {
  return isProcurement(procedureKind) ? new Date(addDuration(notice.minUntil.getTime(), 'P7D', 'working', calendar)) : notice.minUntil;
}

/** Whether an unanswered objection is past its due date. */
export const isOverdue = (o: { status: string; dueAt: string }, now: Date): boolean => o.status === 'pending' && new Date(o.dueAt).getTime() < now.getTime();
