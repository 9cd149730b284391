import type { TaskFactory } from '../kit';
import { collectDeposit } from './collect';
import { refundDepositTask } from './refund';
import { refundAllDeposits } from './refund-all';
import { refundUnsuccessfulDeposits } from './refund-unsuccessful';

export const depositTasks: Record<string, TaskFactory> = {
  'deposits.collect': collectDeposit,
  'deposits.refund': refundDepositTask,
  'deposits.refundAll': refundAllDeposits,
  'deposits.refundUnsuccessful': refundUnsuccessfulDeposits,
};
