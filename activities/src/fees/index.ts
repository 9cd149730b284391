import type { TaskFactory } from '../kit';
import { chargeServiceFee } from './charge';

export const feeTasks: Record<string, TaskFactory> = {
  'fees.charge': chargeServiceFee,
};
