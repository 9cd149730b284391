import type { TaskFactory } from '../kit';
import { issueAwardNotice } from './issue-notice';

export const awardTasks: Record<string, TaskFactory> = {
  'awards.issueNotice': issueAwardNotice,
};
