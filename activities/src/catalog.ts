import type { Db } from '@ggzy/db';
import type { EngineActivities, ProbeActivities, ServiceTaskActivity } from '@ggzy/workflows';
import { recordProbe } from './probe/record-probe';
import { projectProcess } from './engine/project-process';
import { resolveDefinition } from './engine/resolve-definition';
import * as demo from './demo/demo-tasks';

/** Service-task implementations by task type (the names of the process package's ACTIVITY_CATALOG). */
export function serviceTasks(_db: Db): Record<string, ServiceTaskActivity> {
  return {
    'demo.echo': demo.echo,
    'demo.fail': demo.fail,
    'demo.record': demo.record,
  };
}

export type PlatformActivities = ProbeActivities & EngineActivities & Record<string, unknown>;

/** Every activity the worker registers, bound to the unified database it writes to. */
export function createActivities(db: Db): ProbeActivities & EngineActivities & Record<string, ServiceTaskActivity | ((...args: never[]) => Promise<unknown>)> {
  return {
    recordProbe: recordProbe(db),
    projectProcess: projectProcess(db),
    resolveDefinition: resolveDefinition(db),
    ...serviceTasks(db),
  };
}
