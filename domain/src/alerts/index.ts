import type { TaskSpec } from '../step';
import { evaluateAlerts, raiseAlert } from './evaluate';

export { ALERT_RULES } from './rules';

export const alertTasks: Record<string, TaskSpec> = {
  'alerts.evaluate': evaluateAlerts,
  'alerts.raise': raiseAlert,
};
