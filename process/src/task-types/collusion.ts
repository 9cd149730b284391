import type { TaskTypeDescriptor } from './descriptor';

/** 围标串标筛查 */
export const collusionTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'collusion.screenSection',
    title: { zh: '围标串标筛查', en: 'Screen the section for bid rigging' },
    description: {
      zh: '开标完成后，按本地区、本交易类型的历史开标数据计算标段的报价筛查指标（变异系数、价差、最低两价距离等）与投标人关系特征，在本市场内校准后评分，并依《招标投标法实施条例》第四十条列出证据及来源（同一保证金账户、同一上传设备、投标文件摘要相同、同一人员、报价规律性差异等）；发现疑似串标时向监管人员发出预警。筛查失败不影响交易进行：记录后由夜间任务重试',
      en: 'Once the opening is final, screens the section\'s opened prices and its bidders\' pair features against the history of its market (region and procedure kind), calibrated within that market, scores them and lists the statutory evidence (art. 40) with its sources; a flagged section raises an alert for supervisors. A failed screening never holds the deal: it is recorded and the nightly job tries it again',
    },
    inputs: ['sectionCode'],
    defaults: { startToCloseTimeout: 'PT2M' },
  },
];
