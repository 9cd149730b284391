// The spans between a deal's milestones the dashboards time, and the statutory minimum each is held against — read
// from the procedure's statutory rules (process/statutory), never restated here, so a corrected rule corrects the
// dashboard too:
// - notice → opening: the tender (or procurement) notice to the bid deadline, at least 20 days (招标投标法 §24,
//   政府采购法 §35);
// - opening → award notice: no rule spans it whole; the candidates' publicity (实施条例 §54, at least 3 days) lies
//   inside it for construction tenders, so it is the least the span can be;
// - start → archive: no statutory minimum (its median is shown alone).
import { STATUTORY_RULES, isProcedureKind } from '@ggzy/process';

export const MILESTONE_SPANS = ['notice-to-opening', 'opening-to-award', 'start-to-archive'] as const;
export type MilestoneSpan = (typeof MILESTONE_SPANS)[number];

/** The statutory rules (by id) whose minimum bounds each span from below. */
const SPAN_RULES: Record<MilestoneSpan, readonly string[]> = {
  'notice-to-opening': ['construction.notice-to-deadline', 'procurement.notice-to-deadline'],
  'opening-to-award': ['construction.candidate-publicity'],
  'start-to-archive': [],
};

export interface SpanMinimum { days: number; rule: string }

/** The least number of calendar days a span may take under the procedure's rules, or null when none bounds it. */
export function spanMinimum(procedureKind: string, span: MilestoneSpan): SpanMinimum | null {
  if (!isProcedureKind(procedureKind)) return null;
  const rule = STATUTORY_RULES[procedureKind].find((r) => r.kind === 'min' && SPAN_RULES[span].includes(r.id));
  if (!rule) return null;
  // calendar days are exact (24 h each); a working-day minimum has no fixed length in calendar days
  if (rule.period.unit !== 'calendarDays') return null;
  return { days: rule.period.amount, rule: rule.id };
}
