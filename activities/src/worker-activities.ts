// The worker's activities: every domain step bound as the activity of its task type, plus the engine's own.
import type { Db } from '@ggzy/db';
import type { EngineActivities, ProbeActivities, ServiceTaskActivity } from '@ggzy/workflows';
import type { KitOptions } from './kit';
import { recordProbe } from './probe/record-probe';
import { projectProcess } from './interpreter/project-process';
import { resolveDefinition } from './interpreter/resolve-definition';
import { resolveDecision } from './interpreter/resolve-decision';
import { broadcastSignal } from './interpreter/broadcast-signal';
import { startByTimer } from './interpreter/event-starts';
import * as demo from './demo/demo-tasks';
import { CAPABILITIES } from '@ggzy/domain';
import { taskActivity } from './kit';

/** Service-task implementations by task type (the names of the process package's ACTIVITY_CATALOG). */
export function serviceTasks(db: Db, options: KitOptions = {}): Record<string, ServiceTaskActivity> {
  const tasks: Record<string, ServiceTaskActivity> = {
    'demo.echo': demo.echo,
    'demo.fail': demo.fail,
    'demo.record': demo.record,
  };
  for (const capability of CAPABILITIES) {
    for (const [type, spec] of Object.entries(capability)) {
      if (tasks[type]) throw new Error(`task type ${type} is implemented twice`);
      tasks[type] = taskActivity(spec)(db, options);
    }
  }
  return tasks;
}

export type PlatformActivities = ProbeActivities & EngineActivities & Record<string, unknown>;

/** Every activity the worker registers, bound to the unified database it writes to. */
export function createActivities(db: Db, options: KitOptions = {}): ProbeActivities & EngineActivities & Record<string, ServiceTaskActivity | ((...args: never[]) => Promise<unknown>)> {
  return {
    recordProbe: recordProbe(db),
    projectProcess: projectProcess(db),
    resolveDefinition: resolveDefinition(db),
    resolveDecision: resolveDecision(db),
    broadcastSignal: broadcastSignal(db),
    startByTimer: startByTimer(db),
    ...serviceTasks(db, options),
  };
}
