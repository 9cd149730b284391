import type { TaskTypeDescriptor } from './descriptor';

/** 信息发布 */
export const noticeTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'notices.publish',
    title: { zh: '发布公告', en: 'Publish a notice' },
    description: {
      zh: '在门户网站发布公告公示（noticeType: tender 招标公告 | clarification 澄清 | candidates 中标候选人公示 | result 中标结果公告 | procurement 采购公告 | land-listing 挂牌出让公告 | land-result 出让结果 | termination 终止公告）；按公告类型的法定最短公示期和本地区工作日历计算 minUntil',
      en: 'Publishes a notice on the public portal (noticeType: tender | clarification | candidates | result | procurement | land-listing | land-result | termination); records minUntil, the end of its statutory minimum period on the region\'s working-day calendar',
    },
    inputs: ['noticeType', 'title', 'body', 'bodyFormat', 'sectionCode', 'publishAt', 'documentsOnSaleUntil', 'listingStartsAt', 'listingEndsAt'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'notices.withdraw',
    title: { zh: '撤回公告', en: 'Withdraw a notice' },
    description: {
      zh: '撤回公告（按 noticeId，或按 noticeType/sectionCode 取最近一条）；法定公示期内只能依监管终止指令撤回（reasonKind: termination-directive），此时发布终止公告',
      en: 'Withdraws a notice (by noticeId, or the latest of a noticeType/sectionCode); within its statutory period only a termination directive may (reasonKind: termination-directive), which publishes the termination notice',
    },
    inputs: ['noticeId', 'noticeType', 'sectionCode', 'reasonKind', 'reason', 'directiveRef', 'terminationNotice'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
