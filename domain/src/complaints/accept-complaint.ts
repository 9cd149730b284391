// complaints.accept (受理/不予受理): the supervisor's decision within 3 working days; accepting may suspend the deal.
import { z } from 'zod';
import { Complaint, Deal } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { systemSupervisor } from './system-supervisor';

export const acceptComplaint = defineTask({
  type: 'complaints.accept',
  input: z.object({
    complaintNo: z.string().min(1).max(64),
    accepted: z.boolean(),
    suspendDeal: z.boolean().default(false),
    reason: z.string().trim().min(1).max(2000),
  }),
  async run(ctx, c) {
    const complaint = await Complaint.query(ctx.trx).modify('byComplaintNo', c.complaintNo).first();
    if (!complaint) throw new BusinessError('COMPLAINT_NOT_FOUND', `投诉 ${c.complaintNo} 不存在`, `complaint ${c.complaintNo} not found`);
    if (complaint.status !== 'filed') {
      throw new BusinessError('COMPLAINT_ALREADY_ANSWERED', `投诉 ${c.complaintNo} 已处理（${complaint.status}）`, `complaint ${c.complaintNo} was already answered (${complaint.status})`);
    }
    let suspended = false;
    if (c.accepted && c.suspendDeal) {
      const deal = await Deal.query(ctx.trx).where('deal_code', complaint.deal_code).select('workflow_id').first();
      if (deal?.workflow_id) {
        const outcome = await ctx.sendDirective(deal.workflow_id, {
          directiveId: `complaint-${c.complaintNo}-suspend`, kind: 'suspend', actor: systemSupervisor(complaint.region_code),
          reason: `投诉 ${c.complaintNo} 已受理，暂停交易活动：${c.reason}`,
        });
        suspended = outcome === 'applied';
      }
    }
    await Complaint.query(ctx.trx).where('id', complaint.id).patch({
      status: c.accepted ? 'accepted' : 'rejected', accepted_at: ctx.now.toISOString(), deal_suspended: suspended,
      ...(c.accepted ? {} : { decision: 'rejected', decision_text: c.reason, decided_at: ctx.now.toISOString() }),
    });
    await ctx.emit(c.accepted ? 'complaint.accepted' : 'complaint.rejected', { complaintNo: c.complaintNo, reason: c.reason, dealSuspended: suspended });
    return { variables: { complaintAccepted: c.accepted, dealSuspended: suspended } };
  },
});
