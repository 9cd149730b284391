// The reference procedures, authored with the BPMN builder and committed as .bpmn files under process/reference/
// (with their forms under process/reference/forms/). The demo seed deploys the committed files.
import type { ProcessSpec } from '../support/bpmn-builder';

const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

/** 投诉处理: accept/reject within 3 working days, decide within 30 working days (实施条例 §60–61). */
export const complaint: ProcessSpec = {
  id: 'complaint',
  name: '投诉处理',
  procedureKind: 'complaint',
  nodes: [
    { id: 'start', type: 'startEvent', name: '收到投诉' },
    { id: 'file', type: 'serviceTask', name: '投诉登记', taskType: 'complaints.file', inputs: { complaintNo: 'complaintNo', complainant: 'complainant', grounds: 'grounds', knownOn: 'knownOn' } },
    { id: 'late', type: 'boundaryError', attachedTo: 'file', errorCode: 'COMPLAINT_LATE', name: '超过投诉期限' },
    { id: 'lateEnd', type: 'endEvent', name: '不予受理（逾期）' },
    { id: 'acceptReview', type: 'userTask', name: '受理审查', role: 'supervisor', formKey: 'complaint.accept', due: 'P3D', calendar: 'working' },
    { id: 'acceptOverdue', type: 'boundaryTimer', attachedTo: 'acceptReview', duration: 'P3D', calendar: 'working', interrupting: false, name: '受理超期' },
    {
      id: 'alertAcceptOverdue', type: 'serviceTask', name: '受理超期预警', taskType: 'alerts.raise',
      inputs: {
        ruleId: q('COMPLAINT_ACCEPT_OVERDUE'), severity: q('critical'), legalBasis: q('《招标投标法实施条例》第六十一条'),
        messageZh: q('投诉收到后 3 个工作日内未作出受理决定'), messageEn: q('no decision on accepting the complaint within 3 working days'),
      },
    },
    { id: 'acceptOverdueEnd', type: 'endEvent', name: '已预警' },
    { id: 'accept', type: 'serviceTask', name: '记录受理决定', taskType: 'complaints.accept', inputs: { complaintNo: 'complaintNo', accepted: 'accepted == true', suspendDeal: 'suspendDeal == true', reason: 'acceptReason' } },
    { id: 'accepted', type: 'exclusiveGateway', name: '是否受理', default: 'flow_accepted_rejectedEnd' },
    { id: 'rejectedEnd', type: 'endEvent', name: '不予受理' },
    { id: 'decideReview', type: 'userTask', name: '调查处理', role: 'supervisor', formKey: 'complaint.decide', due: 'P30D', calendar: 'working' },
    { id: 'decideOverdue', type: 'boundaryTimer', attachedTo: 'decideReview', duration: 'P30D', calendar: 'working', interrupting: false, name: '处理超期' },
    {
      id: 'alertDecideOverdue', type: 'serviceTask', name: '处理超期预警', taskType: 'alerts.raise',
      inputs: {
        ruleId: q('COMPLAINT_DECISION_OVERDUE'), severity: q('critical'), legalBasis: q('《招标投标法实施条例》第六十一条'),
        messageZh: q('受理投诉后 30 个工作日内未作出书面处理决定'), messageEn: q('no written decision within 30 working days of accepting the complaint'),
      },
    },
    { id: 'decideOverdueEnd', type: 'endEvent', name: '已预警' },
    { id: 'decide', type: 'serviceTask', name: '作出处理决定', taskType: 'complaints.decide', inputs: { complaintNo: 'complaintNo', decision: 'decision', text: 'decisionText' } },
    { id: 'end', type: 'endEvent', name: '已处理' },
  ],
  flows: [
    ['start', 'file'], ['late', 'lateEnd'], ['file', 'acceptReview'], ['acceptOverdue', 'alertAcceptOverdue'], ['alertAcceptOverdue', 'acceptOverdueEnd'],
    ['acceptReview', 'accept'], ['accept', 'accepted'], ['accepted', 'decideReview', 'complaintAccepted == true'], ['accepted', 'rejectedEnd'],
    ['decideOverdue', 'alertDecideOverdue'], ['alertDecideOverdue', 'decideOverdueEnd'], ['decideReview', 'decide'], ['decide', 'end'],
  ],
};

export const REFERENCE_PROCEDURES: ProcessSpec[] = [complaint];
