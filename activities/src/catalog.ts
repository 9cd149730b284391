import type { Db } from '@ggzy/db';
import type { EngineActivities, ProbeActivities, ServiceTaskActivity } from '@ggzy/workflows';
import type { KitOptions, TaskFactory } from './kit';
import { recordProbe } from './probe/record-probe';
import { projectProcess } from './engine/project-process';
import { resolveDefinition } from './engine/resolve-definition';
import * as demo from './demo/demo-tasks';
import { registrationTasks } from './registration';
import { venueTasks } from './venue';
import { bidTasks } from './bids';
import { expertTasks } from './experts';
import { depositTasks } from './deposits';
import { feeTasks } from './fees';
import { awardTasks } from './awards';
import { noticeTasks } from './notices';
import { alertTasks } from './alerts';
import { exchangeTasks } from './exchange';
import { archiveTasks } from './archive';
import { complaintTasks } from './complaints';

/** The business capabilities, each a map of task type → activity factory (one folder per capability). */
const CAPABILITIES: ReadonlyArray<Record<string, TaskFactory>> = [
  registrationTasks,
  venueTasks,
  bidTasks,
  expertTasks,
  depositTasks,
  feeTasks,
  awardTasks,
  noticeTasks,
  alertTasks,
  exchangeTasks,
  archiveTasks,
  complaintTasks,
];

/** Service-task implementations by task type (the names of the process package's ACTIVITY_CATALOG). */
export function serviceTasks(db: Db, options: KitOptions = {}): Record<string, ServiceTaskActivity> {
  const tasks: Record<string, ServiceTaskActivity> = {
    'demo.echo': demo.echo,
    'demo.fail': demo.fail,
    'demo.record': demo.record,
  };
  for (const capability of CAPABILITIES) {
    for (const [type, factory] of Object.entries(capability)) {
      if (tasks[type]) throw new Error(`task type ${type} is implemented twice`);
      tasks[type] = factory(db, options);
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
    ...serviceTasks(db, options),
  };
}
