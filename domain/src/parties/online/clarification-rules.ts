// 《招标投标法实施条例》第二十一条: a clarification or amendment that may affect the bids is given to every bidder
// who obtained the documents at least 15 days before the bid deadline; otherwise the deadline is extended. A late
// one is flagged (on the answer and on the trail) and the platform extends the deadline itself (deadlines/).
import { addDuration, type WorkCalendar } from '@ggzy/process';

export const CLARIFICATION_LEAD_DAYS = 15;
export const CLARIFICATION_BASIS = {
  zh: '《招标投标法实施条例》第二十一条：澄清或者修改应当在投标截止时间至少15日前通知所有获取招标文件的潜在投标人；不足15日的，应当顺延提交投标文件的截止时间',
  en: 'Implementing Regulations art. 21: clarifications and amendments reach every bidder at least 15 days before the bid deadline; otherwise the deadline is extended',
};

/**
 * Whether a clarification given at `at` is late for `deadline`, and the earliest deadline it would allow (15 days,
 * compressed on a training sandbox's calendar like every period there).
 */
export function clarificationLead(at: Date, deadline: Date, cal?: WorkCalendar): { late: boolean; earliestLawfulDeadline: string } {
  const earliest = new Date(addDuration(at.getTime(), `P${CLARIFICATION_LEAD_DAYS}D`, 'calendar', cal));
  return { late: deadline.getTime() < earliest.getTime(), earliestLawfulDeadline: earliest.toISOString() };
}
