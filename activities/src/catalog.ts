import type { Db } from '@ggzy/db';
import type { ProbeActivities } from '@ggzy/workflows';
import { recordProbe } from './probe/record-probe';

export type PlatformActivities = ProbeActivities;

/** Every activity the worker registers, bound to the unified database it writes to. */
export function createActivities(db: Db): PlatformActivities {
  return {
    recordProbe: recordProbe(db),
  };
}
