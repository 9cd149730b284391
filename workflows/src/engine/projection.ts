// The projection: what the portal and supervision read of a running process lives in the database, written by an
// activity from the workflow's state — changed task rows, the instance row and the trail events of the steps since
// the last write — batched, one activity at a time, in order.
import { CancellationScope, allHandlersFinished, condition, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { EngineActivities, SupervisionStep, VariableChange } from './engine-activities';
import type { Actor, Lifecycle, ProcessInput, TaskView } from './process-contracts';
import type { StoredTask } from './engine-context';

export const PROJECTION_AFTER_HANDLERS_PATCH = 'projection-after-update-handlers';

/** The largest variable value (as JSON) the variables history records; a larger one is recorded by its size. */
const VARIABLE_VALUE_LIMIT = 8_192;
/** The most variable changes one projection carries. */
const PENDING_VARIABLES_LIMIT = 200;

const engineActivities = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** The process a projection writes: its input, its task book (closed tasks are dropped once written) and state. */
export interface ProjectedProcess {
  readonly input: ProcessInput;
  readonly tasks: Record<string, StoredTask>;
  status(): Lifecycle;
  executionKey(): string;
  /** The incidents now, written on the instance row (the operations console lists them). */
  incidents?(): readonly string[];
}

/**
 * Who acted, for the trail, beyond the username: a party's subject and person (the trail names the person who did a
 * party's step), or the reason staff gave for acting on a party's behalf. Nothing for the centre's own steps, so their
 * events stay as they were.
 */
export function actingOf(actor: Actor): Record<string, unknown> {
  if (actor.party) {
    const { subjectId, creditCode, subjectName, personId, personName } = actor.party;
    return { party: { subjectId, creditCode, subjectName, personId, personName } };
  }
  return actor.onBehalf ? { onBehalf: { role: actor.role, reason: actor.onBehalf.reason } } : {};
}

/** A task as the portal sees it (without the token and the submitted data). */
export function taskView(task: StoredTask): TaskView {
  const { tokenId: _t, data: _d, ...view } = task;
  return view;
}

export class Projection {
  private dirtyTasks = new Set<string>();
  /** Supervision events waiting for the next projection (they ride along; they never schedule one themselves). */
  private pendingEvents: SupervisionStep[] = [];
  private instanceDirty = true;
  private projecting = false;
  private ended = false;

  /** Variable changes waiting for the next projection (they ride along, like the events). */
  private pendingVariables: VariableChange[] = [];

  constructor(private readonly process: ProjectedProcess, private eventSeq: number, private variableSeq = 0) {}

  /** How many trail events the process has recorded (carried across continue-as-new, so their keys stay unique). */
  get eventCount(): number {
    return this.eventSeq;
  }

  /** How many variable changes the process has recorded (carried across continue-as-new). */
  get variableCount(): number {
    return this.variableSeq;
  }

  /**
   * A process variable set to a new value, for the variables history. A value larger than VARIABLE_VALUE_LIMIT is
   * recorded by its size only, and at most PENDING_VARIABLES_LIMIT changes wait for one projection (the oldest give
   * way), so the projection's input stays small whatever the process does with its variables.
   */
  recordVariable(name: string, value: unknown, nodeId: string | null): void {
    this.variableSeq += 1;
    const bytes = JSON.stringify(value ?? null).length;
    this.pendingVariables.push({
      key: `${this.process.executionKey()}:var:${this.variableSeq}`, name, nodeId, occurredAt: new Date(Date.now()).toISOString(),
      ...(bytes > VARIABLE_VALUE_LIMIT ? { omittedBytes: bytes } : { value: value ?? null }),
    });
    if (this.pendingVariables.length > PENDING_VARIABLES_LIMIT) this.pendingVariables.shift();
  }

  /** An activity is writing (continue-as-new waits for it). */
  get busy(): boolean {
    return this.projecting;
  }

  touchTask(task: StoredTask, actor: Actor | string | null = null): void {
    task.revision += 1;
    this.dirtyTasks.add(task.taskId);
    const kind = task.revision === 1 ? 'task.opened' : task.status === 'open' ? 'task.assigned' : `task.${task.status}`;
    const username = typeof actor === 'string' ? actor : actor?.username;
    this.recordEvent(kind, username ?? task.completedBy ?? 'system', {
      taskId: task.taskId, nodeId: task.nodeId, name: task.name, ...(task.nameEn ? { nameEn: task.nameEn } : {}), candidateRole: task.candidateRole, assignee: task.assignee, dueAt: task.dueAt,
      ...(actor && typeof actor !== 'string' ? actingOf(actor) : {}),
    });
  }

  recordEvent(kind: string, actor: string, payload: Record<string, unknown>): void {
    this.eventSeq += 1;
    this.pendingEvents.push({
      key: `${this.process.executionKey()}:event:${this.eventSeq}`, kind, actor,
      payload: { workflowId: workflowInfo().workflowId, ...payload }, occurredAt: new Date(Date.now()).toISOString(),
    });
  }

  markInstanceDirty(): void {
    this.instanceDirty = true;
  }

  /** Writes changed task rows and the instance row until the process has ended and everything is written. */
  async run(): Promise<void> {
    // Patch: schedule a projection only once no Update handler is running, so an Update's completion always
    // precedes the projection it caused, whatever the order of jobs in an activation (found by the no-cache
    // conformance pass: replay could schedule the projection first). Histories without the marker keep the old order.
    const afterHandlers = patched(PROJECTION_AFTER_HANDLERS_PATCH);
    const { input, tasks: book } = this.process;
    for (;;) {
      await condition(() => (this.dirtyTasks.size > 0 || this.instanceDirty || this.ended) && (!afterHandlers || allHandlersFinished()));
      if (this.dirtyTasks.size === 0 && !this.instanceDirty) return;
      const tasks = [...this.dirtyTasks].map((id) => taskView(book[id]!));
      this.dirtyTasks.clear();
      const events = this.pendingEvents;
      this.pendingEvents = [];
      const variableChanges = this.pendingVariables;
      this.pendingVariables = [];
      this.instanceDirty = false;
      this.projecting = true;
      try {
        await CancellationScope.nonCancellable(() => engineActivities.projectProcess({
          workflowId: workflowInfo().workflowId, definition: input.definition, regionCode: input.regionCode,
          dealCode: input.dealCode, lifecycle: this.process.status(), startedBy: input.startedBy, tasks, events,
          ...(this.process.incidents ? { incidents: [...this.process.incidents()] } : {}),
          ...(variableChanges.length ? { variableChanges } : {}),
        }));
      } finally {
        this.projecting = false;
      }
      // drop tasks that are closed and written: the row keeps them, the workflow state need not
      for (const t of tasks) if (t.status !== 'open' && book[t.taskId]?.revision === t.revision) delete book[t.taskId];
    }
  }

  /** The process has ended: write the last state and wait until it is written. */
  async finish(): Promise<void> {
    this.ended = true;
    this.instanceDirty = true;
    await condition(() => this.written());
  }

  /** Waits until everything recorded so far is written. */
  async idle(): Promise<void> {
    await condition(() => this.written());
  }

  private written(): boolean {
    return this.dirtyTasks.size === 0 && !this.instanceDirty && !this.projecting;
  }
}
