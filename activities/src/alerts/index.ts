import type { TaskFactory } from '../kit';
import { evaluateAlerts, raiseAlert } from './evaluate';

export { ALERT_RULES } from './rules';

export const alertTasks: Record<string, TaskFactory> = {
  'alerts.evaluate': evaluateAlerts,
  'alerts.raise': raiseAlert,
};
