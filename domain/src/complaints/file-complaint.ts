// complaints.file (投诉登记): records a complaint about a deal; one filed more than 10 days after the complainant knew
// is refused (《招标投标法实施条例》第六十条).
import { z } from 'zod';
import { Complaint, Deal } from '@ggzy/db';
import { BusinessError, defineTask, party } from '../step';

const DAY = 86_400_000;
export const COMPLAINT_WINDOW_DAYS = 10;

/**
 * Days since the complainant knew, counted in China Standard Time (the day after knowing is day 1), or the refusal:
 * a day in the future, or more than 10 days ago (实施条例 §60). The api checks a party's own filing with it before the
 * procedure starts, so the complainant hears the refusal at once; the procedure's first step checks it again.
 */
export function complaintDaysElapsed(knownOn: string, now: Date): number {
  const known = Date.parse(`${knownOn}T00:00:00+08:00`);
  if (known > now.getTime()) {
    throw new BusinessError('COMPLAINT_KNOWN_IN_FUTURE', `知道或应当知道之日（${knownOn}）晚于今天`, `the day the complainant knew (${knownOn}) is in the future`);
  }
  const elapsed = Math.floor((now.getTime() - known) / DAY);
  if (elapsed > COMPLAINT_WINDOW_DAYS) {
    throw new BusinessError('COMPLAINT_LATE',
      `投诉应自知道或者应当知道之日起 ${COMPLAINT_WINDOW_DAYS} 日内提出（《招标投标法实施条例》第六十条），已过 ${elapsed} 日`,
      `a complaint must be filed within ${COMPLAINT_WINDOW_DAYS} days of knowing (Regulations on the Bidding Law, art. 60); ${elapsed} days have passed`,
      { elapsedDays: elapsed, limitDays: COMPLAINT_WINDOW_DAYS });
  }
  return elapsed;
}

export const fileComplaint = defineTask({
  type: 'complaints.file',
  input: z.object({
    complaintNo: z.string().regex(/^[A-Za-z0-9-]{4,64}$/),
    complainant: party,
    grounds: z.string().trim().min(10).max(10_000),
    knownOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)), 'not a date'),
  }),
  async run(ctx, c) {
    const dealCode = ctx.requireDealCode();
    const deal = await Deal.query(ctx.trx).where('deal_code', dealCode).select('id', 'region_code').first();
    if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
    const elapsed = complaintDaysElapsed(c.knownOn, ctx.now);
    const duplicate = await Complaint.query(ctx.trx).modify('byComplaintNo', c.complaintNo).select('id').first();
    if (duplicate) throw new BusinessError('COMPLAINT_EXISTS', `投诉 ${c.complaintNo} 已登记`, `complaint ${c.complaintNo} is already filed`);
    await Complaint.query(ctx.trx).insert({
      complaint_no: c.complaintNo, workflow_id: ctx.workflowId, deal_code: dealCode, region_code: deal.region_code,
      complainant_credit_code: c.complainant.creditCode, complainant_name: c.complainant.name, grounds: c.grounds,
      known_on: c.knownOn, filed_at: ctx.now.toISOString(), status: 'filed',
    });
    await ctx.emit('complaint.filed', { complaintNo: c.complaintNo, complainant: c.complainant.creditCode, knownOn: c.knownOn, elapsedDays: elapsed });
    return { result: { complaintNo: c.complaintNo } };
  },
});
