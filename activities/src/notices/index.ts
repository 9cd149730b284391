import type { TaskFactory } from '../kit';
import { publishNotice } from './publish';
import { withdrawNotice } from './withdraw';

export const noticeTasks: Record<string, TaskFactory> = {
  'notices.publish': publishNotice,
  'notices.withdraw': withdrawNotice,
};

export { NOTICE_TYPES, NOTICE_PERIOD_RULES, periodRuleFor, publicationWindow, type NoticeType, type NoticePeriodRule } from './periods';
