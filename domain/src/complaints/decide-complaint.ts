// complaints.decide (投诉处理决定): within 30 working days of accepting; the deal resumes unless it was ended.
import { z } from 'zod';
import { Complaint, Deal } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { systemSupervisor } from './system-supervisor';

export const decideComplaint = defineTask({
  type: 'complaints.decide',
  input: z.object({
    complaintNo: z.string().min(1).max(64),
    decision: z.enum(['upheld', 'dismissed']),
    text: z.string().trim().min(1).max(20_000),
    resumeDeal: z.boolean().default(true),
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
    await Complaint.query(ctx.trx).where('id', complaint.id).patch({ status: 'decided', decision: c.decision, decision_text: c.text, decided_at: ctx.now.toISOString() });
    await ctx.emit('complaint.decided', { complaintNo: c.complaintNo, decision: c.decision, text: c.text, dealResumed: resumed, public: true });
    return { variables: { complaintDecision: c.decision, dealResumed: resumed } };
  },
});
