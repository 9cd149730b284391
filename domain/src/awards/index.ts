import type { TaskSpec } from '../step';
import { issueAwardNotice } from './issue-notice';

export const awardTasks: Record<string, TaskSpec> = {
  'awards.issueNotice': issueAwardNotice,
};
