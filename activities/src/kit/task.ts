// Runs a domain step as a Temporal activity: validated input, one database transaction holding the business change,
// its supervision event(s) and the activity-run record, then an answer that a retry gets back unchanged. Business
// errors become non-retryable failures a BPMN error boundary catches by code.
import { z } from 'zod';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ActivityRun, Deal, rawRows, type Db } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { directiveUpdate, type DirectiveRequest, type ServiceTaskActivity, type ServiceTaskInput, type ServiceTaskResult } from '@ggzy/workflows';
import {
  BusinessError, deferSupervisionEvent, writeDeferredSupervisionEvents, defaultObjectStore, defaultListSealer, defaultOpeningKeyVault, type DirectiveOutcome, type ListSealer, type ObjectStore, type OpeningKeyVault, type TaskContext, type TaskSpec,
} from '@ggzy/domain';
import { toFailure } from './errors';

/** Test seam: runs after an activity's transaction committed (a fault injector throws here to act out a crash). */
export interface KitOptions {
  afterCommit?: (taskType: string, key: string) => void | Promise<void>;
  /** The clock activities read (tests pin it); defaults to the wall clock. */
  now?: () => Date;
  /** Wraps the private opening keys of sealed bids; defaults to the one of this process's configuration. */
  openingKeys?: OpeningKeyVault;
  /** Seals and opens the expert lists of sealed draws; defaults to the one of this process's configuration. */
  sealKeys?: ListSealer;
  /** Where documents keep their bytes; defaults to the one of this process's configuration. */
  objects?: ObjectStore;
}

export type TaskFactory = (db: Db, options?: KitOptions) => ServiceTaskActivity;

function invalidInput(type: string, error: z.ZodError): BusinessError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const where = issues.map((i) => i.path || '(input)').join(', ');
  return new BusinessError('INVALID_INPUT', `任务 ${type} 的输入不合法：${where}`, `invalid input for ${type}: ${where}`, { issues });
}

/**
 * A process acts only on deals of its own region: a deal code that names another city's deal (a code reused, or
 * typed into a variable) is refused before anything is written.
 */
function requireDealOfRegion(deal: { region_code: string } | null, dealCode: string, regionCode: string): void {
  if (deal && deal.region_code !== regionCode) {
    throw new BusinessError('DEAL_OF_ANOTHER_REGION',
      `交易项目 ${dealCode} 属于地区 ${deal.region_code}，${regionCode} 的流程不能办理`,
      `deal ${dealCode} belongs to region ${deal.region_code}; a process of region ${regionCode} cannot act on it`,
      { dealCode, dealRegionCode: deal.region_code, processRegionCode: regionCode });
  }
}

function actorOf(type: string): string {
  return `system:${type}`;
}

/** Binds a domain step to a database as the activity of its task type. */
export function taskActivity<S extends z.ZodType>(spec: TaskSpec<S>): TaskFactory {
  return (db, options = {}) => async (task: ServiceTaskInput): Promise<ServiceTaskResult> => {
    const parsed = spec.input.safeParse(task.input);
    if (!parsed.success) throw toFailure(invalidInput(spec.type, parsed.error));
    let result: ServiceTaskResult;
    try {
      result = await db.transaction(async (trx) => {
        // what this key already answered, and the region of the deal the process names, in one round trip
        const [opening] = rawRows(trx, await trx.raw(
          `select (select result from ${ActivityRun.tableName} where idempotency_key = ?) as result,
                  (select workflow_id from ${ActivityRun.tableName} where idempotency_key = ?) as workflow_id,
                  (select task_type from ${ActivityRun.tableName} where idempotency_key = ?) as task_type,
                  (select region_code from ${Deal.tableName} where deal_code = ?) as deal_region`,
          [task.key, task.key, task.key, task.dealCode ?? null],
        ));
        const done = opening?.result == null ? null : { result: String(opening.result), workflow_id: String(opening.workflow_id), task_type: String(opening.task_type) };
        if (done) {
          // Another process's answer under this key would be taken for this one's: refuse rather than hand it over.
          if (done.workflow_id !== task.workflowId || done.task_type !== spec.type) {
            throw new BusinessError('IDEMPOTENCY_KEY_REUSED', `幂等键 ${task.key} 已被另一流程步骤使用`, `idempotency key ${task.key} was already used by another process step`,
              { key: task.key, storedWorkflowId: done.workflow_id, storedTaskType: done.task_type });
          }
          return JSON.parse(done.result) as ServiceTaskResult;
        }
        if (task.dealCode) requireDealOfRegion(opening?.deal_region == null ? null : { region_code: String(opening.deal_region) }, task.dealCode, task.regionCode);
        let events = 0;
        const now = options.now?.() ?? new Date();
        const ctx: TaskContext = {
          trx, key: task.key, workflowId: task.workflowId, nodeId: task.nodeId, regionCode: task.regionCode,
          dealCode: task.dealCode, variables: task.variables, now,
          // written after the step's own rows and its activity run, last before the commit (or before an event the
          // step appends itself): the trail's lock is held for that statement and the commit only
          emit: async (kind, payload) => {
            events++;
            deferSupervisionEvent(trx, {
              idempotencyKey: `${task.key}/${events}`, dealCode: task.dealCode, regionCode: task.regionCode,
              kind, actor: actorOf(spec.type), payload: { taskType: spec.type, nodeId: task.nodeId, ...payload },
              occurredAt: now.toISOString(),
            });
          },
          requireDealCode: () => {
            if (!task.dealCode) throw new BusinessError('DEAL_CODE_MISSING', '流程未关联交易项目（缺少统一交易标识码）', 'the process has no deal (no unified deal code)');
            return task.dealCode;
          },
          openingKeys: () => options.openingKeys ?? defaultOpeningKeyVault(),
          sealKeys: () => options.sealKeys ?? defaultListSealer(),
          objects: () => options.objects ?? defaultObjectStore(),
          heartbeat,
          sendDirective,
        };
        const answer = await spec.run(ctx, parsed.data);
        if (events === 0) throw new Error(`${spec.type} wrote no supervision event: every business activity must notify supervision`);
        // A concurrent attempt that got here first makes this insert fail, which rolls this attempt back.
        await trx(ActivityRun.tableName).insert({
          idempotency_key: task.key, task_type: spec.type, workflow_id: task.workflowId, deal_code: task.dealCode,
          result: canonicalJson(answer), completed_at: ctx.now.toISOString(),
        });
        await writeDeferredSupervisionEvents(trx);
        return answer;
      });
    } catch (err) {
      if (err instanceof BusinessError) throw toFailure(err);
      throw err;
    }
    await options.afterCommit?.(spec.type, task.key);
    return result;
  };
}

/** Heartbeat when running under Temporal (long activities); a no-op elsewhere. */
function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not inside an activity
  }
}

/** Sends an idempotent directive (its id makes a retried send answer as before) through the worker's client. */
async function sendDirective(workflowId: string, request: DirectiveRequest): Promise<DirectiveOutcome> {
  const handle = Context.current().client.workflow.getHandle(workflowId);
  try {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') return 'not-running';
    await handle.executeUpdate(directiveUpdate, { args: [request] });
    return 'applied';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'not-running';
    const code = (err as { cause?: { type?: string } }).cause?.type;
    if (code === 'PROCESS_ENDED') return 'not-running';
    throw err;
  }
}
