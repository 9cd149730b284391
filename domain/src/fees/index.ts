import type { TaskSpec } from '../step';
import { chargeServiceFee } from './charge';

export const feeTasks: Record<string, TaskSpec> = {
  'fees.charge': chargeServiceFee,
};
