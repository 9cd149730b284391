// complaints.decide (投诉处理决定): within 30 working days of accepting; the deal resumes unless it was ended.
import { z } from 'zod';
import { Complaint, CreditSanction, Deal, Subject } from '@ggzy/db';
import { creditCode } from '../step/schemas';
import { BusinessError, defineTask } from '../step';
import { systemSupervisor } from './system-supervisor';

const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

export const decideComplaint = defineTask({
  type: 'complaints.decide',
  input: z.object({
    complaintNo: z.string().min(1).max(64),
    decision: z.enum(['upheld', 'dismissed']),
    text: z.string().trim().min(1).max(20_000),
    resumeDeal: z.boolean().default(true),
    // 一处失信，处处受限: an upheld complaint may sanction a subject it found at fault (e.g. 串通投标), for some months
    // (a form left blank sends empty strings: they mean "no sanction")
    sanctionCreditCode: blankAsAbsent(creditCode.nullish()),
    sanctionMeasure: blankAsAbsent(z.enum(['bar_from_bidding', 'blacklist', 'warning']).nullish()),
    sanctionLegalBasis: blankAsAbsent(z.string().trim().min(1).max(200).nullish()),
    sanctionMonths: blankAsAbsent(z.number().int().min(1).max(120).nullish()),
  }).superRefine((c, ctx) => {
    if (!c.sanctionCreditCode) return;
    if (c.decision !== 'upheld') ctx.addIssue({ code: 'custom', path: ['sanctionCreditCode'], message: 'only an upheld complaint can sanction a subject' });
    for (const key of ['sanctionMeasure', 'sanctionLegalBasis', 'sanctionMonths'] as const) {
      if (c[key] == null) ctx.addIssue({ code: 'custom', path: [key], message: 'required with sanctionCreditCode' });
    }
  }),
  async run(ctx, c) {
    const complaint = await Complaint.query(ctx.trx).modify('byComplaintNo', c.complaintNo).first();
    if (!complaint) throw new BusinessError('COMPLAINT_NOT_FOUND', `投诉 ${c.complaintNo} 不存在`, `complaint ${c.complaintNo} not found`);
    if (complaint.status !== 'accepted') {
      throw new BusinessError('COMPLAINT_NOT_ACCEPTED', `投诉 ${c.complaintNo} 未处于已受理状态（${complaint.status}）`, `complaint ${c.complaintNo} is not accepted (${complaint.status})`);
    }
    let resumed = false;
    if (complaint.deal_suspended && c.resumeDeal) {
      const deal = await Deal.query(ctx.trx).where('deal_code', complaint.deal_code).select('workflow_id').first();
      if (deal?.workflow_id) {
        resumed = (await ctx.sendDirective(deal.workflow_id, {
          directiveId: `complaint-${c.complaintNo}-resume`, kind: 'resume', actor: systemSupervisor(complaint.region_code),
          reason: `投诉 ${c.complaintNo} 已作出处理决定，恢复交易活动`,
        })) === 'applied';
      }
    }
    let sanction: { creditCode: string; measure: string; legalBasis: string; validFrom: string; validUntil: string } | null = null;
    if (c.sanctionCreditCode) {
      const subject = await Subject.query(ctx.trx).modify('byCreditCode', c.sanctionCreditCode).select('id').first();
      if (!subject) throw new BusinessError('SUBJECT_NOT_FOUND', `主体 ${c.sanctionCreditCode} 不在主体库中`, `subject ${c.sanctionCreditCode} is not in the subject library`);
      const until = new Date(ctx.now);
      until.setUTCMonth(until.getUTCMonth() + c.sanctionMonths!);
      sanction = { creditCode: c.sanctionCreditCode, measure: c.sanctionMeasure!, legalBasis: c.sanctionLegalBasis!, validFrom: ctx.now.toISOString(), validUntil: until.toISOString() };
      await CreditSanction.query(ctx.trx).insert({
        subject_id: subject.id, measure: sanction.measure, reason: `投诉 ${c.complaintNo} 处理决定：${c.text.slice(0, 900)}`, decided_by_region: complaint.region_code,
        legal_basis: sanction.legalBasis, valid_from: sanction.validFrom, valid_until: sanction.validUntil, source: 'complaint', external_id: `${c.complaintNo}:${c.sanctionCreditCode}`,
      });
    }
    await Complaint.query(ctx.trx).where('id', complaint.id).patch({ status: 'decided', decision: c.decision, decision_text: c.text, decided_at: ctx.now.toISOString() });
    await ctx.emit('complaint.decided', { complaintNo: c.complaintNo, decision: c.decision, text: c.text, dealResumed: resumed, sanction, public: true });
    return { variables: { complaintDecision: c.decision, dealResumed: resumed } };
  },
});
