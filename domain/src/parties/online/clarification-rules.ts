// 《招标投标法实施条例》第二十一条: a clarification or amendment that may affect the bids is given to every bidder
// who obtained the documents at least 15 days before the bid deadline; otherwise the deadline is extended. The
// platform does not move the process's deadline itself: a late one is flagged (on the answer and on the trail) for
// the tenderee and the supervisors to extend it.
export const CLARIFICATION_LEAD_DAYS = 15;
export const CLARIFICATION_BASIS = {
  zh: '《招标投标法实施条例》第二十一条：澄清或者修改应当在投标截止时间至少15日前通知所有获取招标文件的潜在投标人；不足15日的，应当顺延提交投标文件的截止时间',
  en: 'Implementing Regulations art. 21: clarifications and amendments reach every bidder at least 15 days before the bid deadline; otherwise the deadline is extended',
};

const DAY_MS = 86_400_000;

/** Whether a clarification given at `at` is late for `deadline`, and the earliest deadline it would allow. */
export function clarificationLead(at: Date, deadline: Date): { late: boolean; earliestLawfulDeadline: string } {
  const earliest = new Date(at.getTime() + CLARIFICATION_LEAD_DAYS * DAY_MS);
  return { late: deadline.getTime() < earliest.getTime(), earliestLawfulDeadline: earliest.toISOString() };
}
