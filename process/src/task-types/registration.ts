import type { TaskTypeDescriptor } from './descriptor';

/** 受理登记、投标报名 */
export const registrationTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'registration.acceptDeal',
    title: { zh: '受理登记', en: 'Accept the deal' },
    description: {
      zh: '以统一交易标识码登记交易项目、招标人/代理机构与各标段；结果变量 sectionCodes 为标段编号列表',
      en: 'Registers the deal under its unified deal code with its tenderee, agent and sections; sets sectionCodes',
    },
    inputs: ['title', 'procedureKind', 'estimateFen', 'tenderee', 'agent', 'sections', 'approvalReference', 'fundingSource'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'registration.registerBidder',
    title: { zh: '投标报名', en: 'Register a bidder' },
    description: {
      zh: '投标人报名某一标段；处于失信惩戒期的主体被拒绝（一处失信，处处受限）',
      en: 'Registers a bidder for a section; a subject under a valid credit sanction is refused',
    },
    inputs: ['sectionCode', 'bidder'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'registration.closeDeal',
    title: { zh: '项目结项', en: 'Close the deal' },
    description: {
      zh: '交易结束：completed（合同签订、保证金退还后）或 failed（如流标后不再招标）；结项后方可归档',
      en: 'Ends the deal as completed (contract signed, deposits refunded) or failed; only closed deals are archived',
    },
    inputs: ['outcome', 'reason'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
