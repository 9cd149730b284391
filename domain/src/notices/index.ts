import type { TaskSpec } from '../step';
import { publishNotice } from './publish';
import { withdrawNotice } from './withdraw';

export const noticeTasks: Record<string, TaskSpec> = {
  'notices.publish': publishNotice,
  'notices.withdraw': withdrawNotice,
};

export { NOTICE_TYPES, NOTICE_PERIOD_RULES, periodRuleFor, publicationWindow, type NoticeType, type NoticePeriodRule } from './periods';
