import type { TaskFactory } from '../kit';
import { pushDataSets } from './push';

export const exchangeTasks: Record<string, TaskFactory> = {
  'exchange.push': pushDataSets,
};

export { DATA_SETS, type DataSetName, type SpecRecord } from './data-sets';
export { loadExchangeConfig, type ExchangeConfig } from './config';
export { dispatchOnce, requeueRejected, startExchangeDispatcher, backoffMs, type DispatchOptions, type DispatchReport, type ExchangeDispatcher } from './dispatcher';
