import type { TaskTypeDescriptor } from './descriptor';

/** 项目预警 */
export const alertTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'alerts.evaluate',
    title: { zh: '项目预警评估', en: 'Evaluate alert rules' },
    description: {
      zh: '按预警规则（投标期限、投标人不足三家、同一账户缴纳保证金、同一设备编制投标文件、失信主体、未缴保证金、公示期不足）检查本项目的监管事件，逐条记录 发现/未发现/无法判断 及法律依据',
      en: 'Checks the deal\'s supervision trail against every alert rule and records found / not found / cannot assess with the legal basis',
    },
    inputs: ['rules'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'alerts.raise',
    title: { zh: '发出预警', en: 'Raise an alert' },
    description: {
      zh: '由流程直接发出一条预警（如办理超期、投诉未按期处理），注明规则编号、法律依据与说明',
      en: 'Raises an alert decided by the process itself (an overdue task, an unanswered complaint) with rule id, legal basis and message',
    },
    inputs: ['ruleId', 'severity', 'legalBasis', 'messageZh', 'messageEn', 'evidence'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
