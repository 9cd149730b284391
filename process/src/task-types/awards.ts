import type { TaskTypeDescriptor } from './descriptor';

/** 中标通知书 */
export const awardTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'awards.issueNotice',
    title: { zh: '发出中标通知书', en: 'Issue the award notice' },
    description: {
      zh: '为中标人生成中标通知书、为其他投标人生成中标结果通知书（PDF，记录 SHA-256 摘要），登记中标结果并写入价格库',
      en: 'Generates the award notice for the winner and result letters for the other bidders (PDF, SHA-256 recorded), records the award and writes the price library',
    },
    inputs: ['sectionCode', 'winner', 'priceFen', 'noticeDate'],
    // it reports each rendered letter (about a second each): a worker killed under it is noticed in 30 s, not 5 min
    defaults: { startToCloseTimeout: 'PT5M', heartbeatTimeout: 'PT30S' },
  },
];
