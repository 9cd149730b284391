// The trading centre's task templates: a service task pre-bound to each task type of the activity catalog, and the
// reference procedures' user tasks with their form keys. The designer drags them onto the diagram.
import { ACTIVITY_CATALOG } from '@ggzy/process';

export interface TaskTemplate {
  id: string;
  kind: 'service' | 'user';
  group: string;
  title: { zh: string; en: string };
  description?: { zh: string; en: string };
  /** ggzy attributes set on the new element (without the prefix). */
  bindings: Record<string, string>;
}

export const CAPABILITY_TITLES: Record<string, { zh: string; en: string }> = {
  tasks: { zh: '人工办理', en: 'User tasks' },
  registration: { zh: '受理登记', en: 'Registration' },
  venue: { zh: '场地', en: 'Venue' },
  notices: { zh: '信息发布', en: 'Notices' },
  deposits: { zh: '保证金', en: 'Deposits' },
  bids: { zh: '开标', en: 'Bid opening' },
  experts: { zh: '专家抽取', en: 'Experts' },
  fees: { zh: '服务费', en: 'Service fees' },
  awards: { zh: '中标通知', en: 'Awards' },
  alerts: { zh: '项目预警', en: 'Alerts' },
  exchange: { zh: '数据归集', en: 'Data exchange' },
  archive: { zh: '档案', en: 'Archive' },
  demo: { zh: '演示', en: 'Demo' },
};

/** User tasks of the reference procedures: each completes through its form. */
const USER_TASKS: Array<{ formKey: string; zh: string; en: string }> = [
  { formKey: 'registration.review', zh: '受理审核', en: 'Review the registration' },
  { formKey: 'documents.issue', zh: '招标文件发出', en: 'Issue the tender documents' },
  { formKey: 'bids.deadline', zh: '投标截止确认', en: 'Confirm the bid deadline' },
  { formKey: 'evaluation.report', zh: '评标报告', en: 'Evaluation report' },
  { formKey: 'award.confirm', zh: '定标', en: 'Confirm the award' },
  { formKey: 'contract.sign', zh: '合同签订', en: 'Contract signing' },
  { formKey: 'complaint.accept', zh: '投诉受理', en: 'Accept a complaint' },
  { formKey: 'complaint.decide', zh: '投诉处理决定', en: 'Decide a complaint' },
];

export function taskTemplates(): TaskTemplate[] {
  const user: TaskTemplate[] = USER_TASKS.map((u) => ({
    id: `user:${u.formKey}`, kind: 'user', group: 'tasks', title: { zh: u.zh, en: u.en },
    bindings: { formKey: u.formKey, candidateRole: 'staff' },
  }));
  const service: TaskTemplate[] = ACTIVITY_CATALOG.map((t) => ({
    id: `service:${t.name}`, kind: 'service', group: t.name.split('.')[0] ?? 'other', title: t.title, description: t.description,
    bindings: { taskType: t.name },
  }));
  const order = Object.keys(CAPABILITY_TITLES);
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length);
  return [...user, ...service].sort((a, b) => rank(a.group) - rank(b.group));
}
