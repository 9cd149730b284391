// What a completion's reply tells the person who completed the step: which step is open now, and for whom — or, when
// the process is still running its automatic steps (notices, bookings, timers), that the next one is coming. The
// engine answers once the process has settled after the step; a step behind an activity opens a moment later.
import { roleName, stepName } from '@ggzy/web';
import type { Lifecycle, TaskView } from '../../types';

export interface TaskActionReply { openTasks: TaskView[]; lifecycle: Lifecycle }

type T = (zh: string, en: string) => string;

/** `forParty`: the reply lists only the party's own steps, so an empty list means the next step is someone else's. */
export function nextStepText(reply: TaskActionReply | undefined, completedTaskId: string, t: T, forParty = false): string {
  if (!reply) return '';
  if (reply.lifecycle === 'completed') return t('交易已办结。', 'The deal is complete.');
  if (reply.lifecycle === 'terminated' || reply.lifecycle === 'failed') return t('交易已结束。', 'The deal has ended.');
  const next = reply.openTasks.filter((task) => task.taskId !== completedTaskId);
  if (!next.length && forParty) return t('流程继续，下一步由交易中心或其他参与方办理；轮到您时出现在待办中。', 'The deal moves on; the next step is the centre\'s or another party\'s, and yours appear in your inbox when they open.');
  if (!next.length) return t('下一步即将开启，开启后出现在办理人的待办中。', 'The next step is coming; it appears in its handler\'s inbox once it opens.');
  return `${t('下一步', 'Next')}：${next.map((task) => `${stepName(task, task.nodeId, t)}（${roleName(task.candidateRole, t)}）`).join('、')}`;
}
