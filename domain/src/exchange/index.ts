import type { TaskSpec } from '../step';
import { pushDataSets } from './push';

export const exchangeTasks: Record<string, TaskSpec> = {
  'exchange.push': pushDataSets,
};

export { DATA_SETS, type DataSetName, type SpecRecord } from './data-sets';
export { loadExchangeConfig, type ExchangeConfig } from './config';
export { dispatchOnce, requeueRejected, backoffMs, type DispatchOptions, type DispatchReport } from './dispatcher';
