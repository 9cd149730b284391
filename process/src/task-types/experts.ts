import type { TaskTypeDescriptor } from './descriptor';

/** 专家抽取 */
export const expertTaskTypes: readonly TaskTypeDescriptor[] = [
  {
    name: 'experts.draw',
    title: { zh: '专家抽取', en: 'Draw the evaluation experts' },
    description: {
      zh: '按专业（含下级专业）与地区随机抽取评标专家及备选专家，执行回避规则（同单位、申报的关联关系、处罚、抽取频次），种子与候选快照留存可复核；名单密封，结果变量 expertDrawId 只含抽取编号与人数',
      en: 'Draws the evaluation experts and ranked backups by specialty (with its subtree) and region under the avoidance rules; the seed and candidate snapshot are recorded for audit; the list is sealed and the result variables (expertDrawId …) carry only the draw id and counts',
    },
    inputs: ['sectionCodes', 'committeeSize', 'specialties', 'regionCodes'],
    defaults: { startToCloseTimeout: 'PT60S' },
  },
  {
    name: 'experts.notify',
    title: { zh: '抽取通知', en: 'Notify the drawn experts' },
    description: {
      zh: '为每位受邀专家排队短信和语音通知（时间、地点，不含项目信息），设置答复截止时间；结果变量 expertReplyDueAt',
      en: 'Queues an SMS and a voice-call invitation per invited expert (when and where, never the project) with a reply deadline; sets expertReplyDueAt',
    },
    inputs: ['drawId', 'evaluationAt', 'venue', 'channels', 'replyWithinMinutes'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'experts.replace',
    title: { zh: '备选递补', en: 'Replace declined experts' },
    description: {
      zh: '逾期未答复的专家记为超时；拒绝或超时的席位由同组下一位备选专家递补并通知；结果变量 expertCommitteeComplete、expertsPending、expertsUnfilled',
      en: 'Marks unanswered invitations past their deadline as timed out and invites the next ranked backup of the same group for every declined or timed-out seat; sets expertCommitteeComplete, expertsPending, expertsUnfilled',
    },
    inputs: ['drawId'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
  {
    name: 'experts.unseal',
    title: { zh: '名单解密', en: 'Unseal the expert list' },
    description: {
      zh: '评标开始时解密抽取名单（全部席位须已确认）并公布随机种子，此后有权限的角色方可查看名单',
      en: 'Unseals the draw at evaluation start (every seat confirmed) and publishes its seed; only then can the permitted roles read the list',
    },
    inputs: ['drawId'],
    defaults: { startToCloseTimeout: 'PT30S' },
  },
];
