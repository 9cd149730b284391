import type { TaskTypeDescriptor } from './descriptor';

/** 数据归集 */
export const exchangeTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'exchange.push',
    title: { zh: '数据归集', en: 'Push data sets' },
    description: {
      zh: '将交易项目映射为《公共资源交易平台系统数据规范》V2.0 数据集（TENDER_PROJECT、SECTION、招标公告、开标记录、中标候选人公示、中标结果公示、中标通知书），新增或变化的记录写入发送队列，由归集程序推送至省级平台；dataSets 可指定数据集',
      en: 'Maps the deal to national data spec V2.0 data sets (TENDER_PROJECT, SECTION, notices, opening record, candidates, result, award notice) and queues new or changed records for delivery to the provincial platform; dataSets narrows the selection',
    },
    inputs: ['dataSets'],
    defaults: { startToCloseTimeout: 'PT1M' },
  },
];
