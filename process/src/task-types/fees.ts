import type { TaskTypeDescriptor } from './descriptor';

/** 服务费 */
export const feeTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'fees.charge',
    title: { zh: '收取交易服务费', en: 'Charge the service fee' },
    description: {
      zh: '按交易类型的差额定率累进费率表（数据配置）计算中标人应缴的交易服务费，记入应收与收入；每个标段一次，须已发出中标通知书',
      en: 'Computes the winner\'s service fee from the procedure kind\'s progressive rate table (data) and posts it as receivable and income; once per section, after the award notice',
    },
    inputs: ['sectionCode'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
