import type { TaskTypeDescriptor } from './descriptor';

/** 投诉处理 */
export const complaintTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'complaints.file',
    title: { zh: '投诉登记', en: 'File a complaint' },
    description: {
      zh: '登记对交易项目的投诉；自知道或应当知道之日起超过 10 日的投诉以 COMPLAINT_LATE 拒绝（实施条例第六十条）',
      en: 'Records a complaint about the deal; one filed more than 10 days after knowing is refused with COMPLAINT_LATE',
    },
    inputs: ['complaintNo', 'complainant', 'grounds', 'knownOn'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'complaints.accept',
    title: { zh: '投诉受理决定', en: 'Accept or reject a complaint' },
    description: {
      zh: '记录受理或不予受理；受理并要求暂停时向交易流程发出暂停指令',
      en: 'Records acceptance or rejection; when accepted with suspension, suspends the deal\'s process by directive',
    },
    inputs: ['complaintNo', 'accepted', 'suspendDeal', 'reason'],
    defaults: { startToCloseTimeout: 'PT1M' },
  },
  {
    name: 'complaints.decide',
    title: { zh: '投诉处理决定', en: 'Decide a complaint' },
    description: {
      zh: '记录处理决定（成立/驳回）并公开；被暂停的交易流程随之恢复',
      en: 'Records the decision (upheld / dismissed) for publication; a suspended deal resumes',
    },
    inputs: ['complaintNo', 'decision', 'text', 'resumeDeal'],
    defaults: { startToCloseTimeout: 'PT1M' },
  },
];
