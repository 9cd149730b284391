// The statutory minimum publication period of each notice type, as data: a rule names its period, what it is
// counted from, the lead it requires, and its legal basis. The first rule that matches a deal's procedure applies.
import { addDuration, type CalendarKind, type WorkCalendar } from '@ggzy/process/runtime';

export const NOTICE_TYPES = ['tender', 'clarification', 'candidates', 'result', 'procurement', 'land-listing', 'land-result', 'termination'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

export interface Period {
  /** ISO 8601 duration (days or weeks for working days). */
  duration: string;
  calendar: CalendarKind;
}

export interface NoticePeriodRule {
  noticeType: NoticeType;
  /** Applies to deals whose procedure kind starts with one of these; absent: to every deal. */
  procedureKinds?: readonly string[];
  /** The least time the notice stays published; null when the law sets no minimum. */
  minimum: Period | null;
  /** What the minimum is counted from: the publication, or the start of the listing the notice announces. */
  from: 'publication' | 'listing-start';
  /** The least time from publication to that start. */
  lead?: Period;
  basis: { zh: string; en: string };
}

export const NOTICE_PERIOD_RULES: readonly NoticePeriodRule[] = [
  {
    noticeType: 'tender', minimum: { duration: 'P5D', calendar: 'calendar' }, from: 'publication',
    basis: {
      zh: '《招标投标法实施条例》第十六条：招标文件的发售期不得少于5日，招标公告在发售期内持续公开',
      en: 'Tendering Law Implementing Regulations art. 16: tender documents are on sale for at least 5 days, the notice stays up meanwhile',
    },
  },
  {
    noticeType: 'clarification', minimum: null, from: 'publication',
    basis: { zh: '无法定最短公示期（澄清或修改应在投标截止时间至少15日前发出，实施条例第二十一条）', en: 'no statutory minimum (clarifications are due at least 15 days before the bid deadline, art. 21)' },
  },
  {
    noticeType: 'candidates', minimum: { duration: 'P3D', calendar: 'calendar' }, from: 'publication',
    basis: { zh: '《招标投标法实施条例》第五十四条：中标候选人公示期不得少于3日', en: 'Tendering Law Implementing Regulations art. 54: candidates are publicised for at least 3 days' },
  },
  {
    noticeType: 'result', procedureKinds: ['government-procurement'], minimum: { duration: 'P1D', calendar: 'working' }, from: 'publication',
    basis: { zh: '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第六十九条：中标结果公告期限为1个工作日', en: 'MOF Order No. 87 art. 69: the award result is announced for 1 working day' },
  },
  {
    noticeType: 'result', minimum: null, from: 'publication',
    basis: { zh: '无法定最短公示期', en: 'no statutory minimum' },
  },
  {
    noticeType: 'procurement', minimum: { duration: 'P5D', calendar: 'working' }, from: 'publication',
    basis: { zh: '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第十六条：招标公告期限为5个工作日', en: 'MOF Order No. 87 art. 16: the tender notice is published for 5 working days' },
  },
  {
    noticeType: 'land-listing', minimum: { duration: 'P10D', calendar: 'working' }, from: 'listing-start', lead: { duration: 'P20D', calendar: 'calendar' },
    basis: {
      zh: '国土资源部令第39号第十条：挂牌公告至少在挂牌开始日前20日发布；挂牌时间不少于10日（按出让规范取10个工作日）',
      en: 'MLR Order No. 39 art. 10: the listing notice is published at least 20 days before the listing starts; the listing lasts at least 10 (working) days',
    },
  },
  {
    noticeType: 'land-result', minimum: null, from: 'publication',
    basis: { zh: '无法定最短公示期（出让结果应在活动结束后10个工作日内公布）', en: 'no statutory minimum (the result is published within 10 working days of the sale)' },
  },
  {
    noticeType: 'termination', minimum: null, from: 'publication',
    basis: { zh: '无法定最短公示期', en: 'no statutory minimum' },
  },
];

/** The rule a notice of this type is published under for a deal of this procedure kind. */
export function periodRuleFor(noticeType: NoticeType, procedureKind: string, rules: readonly NoticePeriodRule[] = NOTICE_PERIOD_RULES): NoticePeriodRule {
  const rule = rules.find((r) => r.noticeType === noticeType && (!r.procedureKinds || r.procedureKinds.some((k) => procedureKind.startsWith(k))));
  if (!rule) throw new Error(`no publication period rule for notice type ${noticeType}`);
  return rule;
}

export const describePeriod = (p: Period | null | undefined): string | null => (p ? `${p.duration} ${p.calendar}` : null);

export type PublicationWindow =
  | { ok: true; minUntil: Date }
  | { ok: false; problem: 'lead-too-short'; earliestStart: Date }
  | { ok: false; problem: 'ends-too-early'; earliestEnd: Date };

/**
 * When the notice may first be withdrawn: the rule's minimum counted from publication (or from the listing start,
 * which must lie at least the lead after publication), extended to `endsAt` when the notice announces a later end.
 */
export function publicationWindow(
  rule: NoticePeriodRule,
  at: { publishAt: Date; startsAt?: Date; endsAt?: Date },
  calendar: WorkCalendar,
): PublicationWindow {
  let from = at.publishAt.getTime();
  if (rule.from === 'listing-start') {
    if (!at.startsAt) throw new Error('a listing notice needs the listing start');
    const earliestStart = rule.lead ? addDuration(from, rule.lead.duration, rule.lead.calendar, calendar) : from;
    if (at.startsAt.getTime() < earliestStart) return { ok: false, problem: 'lead-too-short', earliestStart: new Date(earliestStart) };
    from = at.startsAt.getTime();
  }
  const minimumEnd = rule.minimum ? addDuration(from, rule.minimum.duration, rule.minimum.calendar, calendar) : from;
  if (at.endsAt && at.endsAt.getTime() < minimumEnd) return { ok: false, problem: 'ends-too-early', earliestEnd: new Date(minimumEnd) };
  return { ok: true, minUntil: new Date(Math.max(minimumEnd, at.endsAt?.getTime() ?? 0)) };
}
