import type { TaskSpec } from '../step';
import { collectDeposit } from './collect';
import { refundDepositTask } from './refund';
import { refundAllDeposits } from './refund-all';
import { refundUnsuccessfulDeposits } from './refund-unsuccessful';

export const depositTasks: Record<string, TaskSpec> = {
  'deposits.collect': collectDeposit,
  'deposits.refund': refundDepositTask,
  'deposits.refundAll': refundAllDeposits,
  'deposits.refundUnsuccessful': refundUnsuccessfulDeposits,
};
