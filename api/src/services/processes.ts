// Deploy, start and act on BPMN processes: the api side of the engine. Region scope is checked here.
import { QueryNotRegisteredError, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { Deal, ProcessDefinition, ProcessInstance, ProcessTask, Region, SupervisionEvent, User, allocateDealCode, calendarFor, type Db, type DefinitionStatus } from '@ggzy/db';
import {
  DefinitionNotFound, DefinitionReviewRefused, DeployRefused, chainKeyOf, eventStarters, startEventDeal, reviewDefinition, dealBidsOpened, deployDefinition, getDefinitionVersion, resolveDefinition,
} from '@ggzy/domain';
import { SHORTEST_COMPRESSED_PERIOD_MS, withoutBlankObjects, type FormSchema, type Problem } from '@ggzy/process';
import {
  CityKey, DealCodeKey, isLifecycleEnded, ProcessKeyKey, StatusKey, WORKFLOW_TYPES, addSignerUpdate, claimTaskUpdate, completeTaskUpdate, delegateTaskUpdate,
  deliverMessageUpdate, directiveUpdate, processStateQuery, returnTaskUpdate, withdrawTaskUpdate, type Actor, type DirectiveRequest, type ProcessInput, type ProcessSnapshot, type TaskActionReply,
} from '@ggzy/workflows';
import type { Principal } from '../auth/principal';
import { canSeeRegion, realRegions } from '../auth/principal';
import { AppError, ERRORS, type ErrorCode } from '../http/errors';
import { jsonLogger } from '../http/middleware';
import { WorkflowIdTaken, type TemporalGateway } from '../temporal';
import { discloseVariables, type Disclosure } from './variable-disclosure';
import { requireFormData, startFormOf, startSchemaOf } from './forms';

type Deps = { db: Db; temporal: TemporalGateway; production?: boolean };

/** A sandbox region (演练) takes no start and no deployment in production mode. */
export async function refuseSandboxInProduction(deps: { db: Db; production?: boolean }, regionCode: string): Promise<{ daySeconds: number; shortestSeconds: number } | null> {
  const region = await Region.query(deps.db).findById(regionCode).select('sandbox_day_seconds', 'sandbox_shortest_seconds');
  if (!region?.sandbox_day_seconds) return null;
  if (deps.production) throw new AppError('SANDBOX_IN_PRODUCTION');
  return { daySeconds: Number(region.sandbox_day_seconds), shortestSeconds: Number(region.sandbox_shortest_seconds ?? SHORTEST_COMPRESSED_PERIOD_MS / 1000) };
}

function actorOf(p: Principal): Actor {
  return { userId: p.userId, username: p.username, role: p.role, regionCode: p.regionCode };
}

function problemDetails(problems: Problem[]) {
  return problems.map((p) => ({ path: p.element ?? '(document)', message: `${p.code}: ${p.message}` }));
}

export async function deploy(deps: Deps, principal: Principal, body: { xml: string; forms?: Record<string, FormSchema>; regionCode?: string }) {
  const regionCode = body.regionCode ?? principal.regionCode;
  if (!canSeeRegion(principal, regionCode)) throw new AppError('FORBIDDEN');
  if (!(await Region.query(deps.db).findById(regionCode))) throw new AppError('VALIDATION_FAILED', [{ path: 'body.regionCode', message: 'unknown region' }]);
  await refuseSandboxInProduction(deps, regionCode);
  try {
    const deployed = await deployDefinition(deps.db, { xml: body.xml, forms: body.forms, regionCode, deployedBy: principal.userId, actor: principal.username });
    return { definition: deployed.definition, status: deployed.status, created: deployed.created, warnings: deployed.warnings };
  } catch (err) {
    if (err instanceof DeployRefused) throw new AppError('DEPLOY_REFUSED', problemDetails(err.problems));
    throw err;
  }
}

/** Regions whose definitions the caller may read: its own and visible ones, plus the provincial defaults. */
async function readableDefinitionRegions(db: Db, principal: Principal): Promise<string[]> {
  return [...principal.visibleRegions, ...(await parentOf(db, principal.regionCode))];
}

export interface DefinitionFilter { key?: string; regionCode?: string; status?: DefinitionStatus; latest?: boolean; limit?: number; offset?: number }

export async function listDefinitions(db: Db, principal: Principal, filter: DefinitionFilter = {}) {
  const readable = await readableDefinitionRegions(db, principal);
  const query = ProcessDefinition.query(db).whereIn('region_code', readable)
    .select('process_key', 'region_code', 'version', 'hash', 'name', 'deployed_at', 'deployed_by', 'status', 'reviewed_by', 'reviewed_at', 'review_reason').orderBy([{ column: 'process_key' }, { column: 'region_code' }, { column: 'version', order: 'desc' }]);
  if (filter.key) query.where('process_key', filter.key);
  if (filter.regionCode) query.where('region_code', filter.regionCode);
  if (filter.status) query.where('status', filter.status);
  if (filter.latest) {
    // the newest of the versions asked for (with a status: the newest of that status)
    const newer = ProcessDefinition.query(db).alias('newer').whereColumn('newer.process_key', 'process_definitions.process_key')
      .whereColumn('newer.region_code', 'process_definitions.region_code').whereColumn('newer.version', '>', 'process_definitions.version');
    if (filter.status) newer.where('newer.status', filter.status);
    query.whereNotExists(newer);
  }
  if (filter.limit !== undefined) query.limit(filter.limit).offset(filter.offset ?? 0);
  const rows = await query;
  const deployers = await usernames(db, rows.map((d) => d.deployed_by));
  return rows.map((d) => ({
    key: d.process_key, regionCode: d.region_code, version: d.version, hash: d.hash, name: d.name, deployedAt: d.deployed_at,
    deployedBy: d.deployed_by === null ? null : deployers.get(d.deployed_by) ?? null,
    status: d.status, reviewedBy: d.reviewed_by, reviewedAt: d.reviewed_at, reviewReason: d.review_reason,
  }));
}

async function usernames(db: Db, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map((await User.query(db).whereIn('id', wanted).select('id', 'username')).map((u) => [u.id, u.username]));
}

const REVIEW_REFUSALS: Record<DefinitionReviewRefused['reason'], ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND', NOT_PENDING: 'DEFINITION_NOT_PENDING', SELF_APPROVAL: 'DEFINITION_SELF_APPROVAL',
};

/**
 * Approves or rejects a pending version (four eyes): a designer who did not deploy it, or the system administrator,
 * of the version's region; outside the caller's regions the version does not exist.
 */
export async function reviewVersion(db: Db, principal: Principal, ref: { key: string; regionCode: string; version: number }, decision: 'approve' | 'reject', reason?: string) {
  if (!canSeeRegion(principal, ref.regionCode)) throw new AppError('NOT_FOUND');
  try {
    return await reviewDefinition(db, { ...ref, decision, reason, reviewer: { userId: principal.userId, username: principal.username, role: principal.role } });
  } catch (err) {
    if (err instanceof DefinitionReviewRefused) throw new AppError(REVIEW_REFUSALS[err.reason]);
    throw err;
  }
}

/** One deployed version with its BPMN XML, forms and compiled model; outside the caller's regions it does not exist. */
export async function definitionVersion(db: Db, principal: Principal, key: string, regionCode: string, version: number) {
  if (!(await readableDefinitionRegions(db, principal)).includes(regionCode)) throw new AppError('NOT_FOUND');
  const found = await getDefinitionVersion(db, key, regionCode, version);
  if (!found) throw new AppError('NOT_FOUND');
  const row = await ProcessDefinition.query(db).findById(found.id).select('bpmn_xml', 'name', 'deployed_at', 'status', 'reviewed_by', 'review_reason');
  return {
    definition: found.definition, name: row?.name ?? null, deployedAt: row?.deployed_at ?? null,
    status: row?.status ?? 'pending', reviewedBy: row?.reviewed_by ?? null, reviewReason: row?.review_reason ?? null, xml: row?.bpmn_xml ?? '', forms: found.forms, model: found.model };
}

async function parentOf(db: Db, regionCode: string): Promise<string[]> {
  const region = await Region.query(db).findById(regionCode);
  return region?.parent_code ? [region.parent_code] : [];
}

/** The city's variant of a process, else the provincial default; none deployed is DEFINITION_NOT_FOUND. */
export async function resolveForRegion(db: Db, processKey: string, regionCode: string) {
  try {
    return await resolveDefinition(db, processKey, regionCode);
  } catch (err) {
    if (err instanceof DefinitionNotFound) throw new AppError('DEFINITION_NOT_FOUND');
    throw err;
  }
}

export interface Launch {
  resolved: Awaited<ReturnType<typeof resolveForRegion>>;
  processKey: string;
  workflowId: string;
  regionCode: string;
  dealCode: string | null;
  variables: Record<string, unknown>;
  startedBy: string;
  /** A deal started by an event: the start event it begins at, and the event's key (the workflow's memo). */
  startAt?: string;
  eventKey?: string;
}

/** Starts the process workflow with the region's calendar and the platform's search attributes, under a new id. */
export async function launchProcess(deps: Deps, launch: Launch): Promise<void> {
  const input: ProcessInput = {
    model: launch.resolved.model, definition: launch.resolved.definition, regionCode: launch.regionCode, dealCode: launch.dealCode,
    variables: launch.variables, calendar: await calendarFor(deps.db, launch.regionCode), startedBy: launch.startedBy,
    ...(launch.startAt ? { startAt: launch.startAt } : {}),
    ...(deps.temporal.settings.stuckStepAfterMs ? { stuckStepAfterMs: deps.temporal.settings.stuckStepAfterMs } : {}),
  };
  try {
    await deps.temporal.startUnique(WORKFLOW_TYPES.process, {
      workflowId: launch.workflowId, args: [input], ...(launch.eventKey ? { memo: { eventKey: launch.eventKey } } : {}),
      searchAttributes: [
        { key: CityKey, value: launch.regionCode },
        { key: ProcessKeyKey, value: launch.processKey },
        { key: StatusKey, value: 'active' },
        ...(launch.dealCode ? [{ key: DealCodeKey, value: launch.dealCode }] : []),
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowIdTaken) throw new AppError('CONFLICT');
    throw new AppError('TEMPORAL_UNAVAILABLE', undefined, (err as Error).message);
  }
}

/**
 * How many allocated codes a start may find already used in Temporal before it gives up. The counter lives in the
 * platform's database and the workflows in Temporal's: after a database is restored from an older backup, or when
 * two databases share one Temporal namespace, the counter can hand out a code whose workflow id Temporal already
 * holds. Such a code is skipped (never reused), and the next one is tried.
 */
const MAX_TAKEN_CODES = 200;

/**
 * Starts a deal's process: the city's variant of the process, else the provincial default. The 统一交易标识码 is
 * allocated here, by the server, for the caller's region — never taken from the caller (a code chosen by a client
 * could name another city's deal). A model without a procedure kind is a deal too: its code says 其他 (QT).
 */
export async function start(deps: Deps, principal: Principal, body: { processKey: string; regionCode?: string; variables?: Record<string, unknown> }) {
  const regionCode = body.regionCode ?? principal.regionCode;
  // one's own region, or the province's training sandbox (演练区), which the centre's people of every city practise in
  if (!canSeeRegion(principal, regionCode)) throw new AppError('NOT_FOUND');
  const sandbox = await refuseSandboxInProduction(deps, regionCode);
  if (regionCode !== principal.regionCode && !sandbox) throw new AppError('FORBIDDEN');
  const resolved = await resolveForRegion(deps.db, body.processKey, regionCode);
  // a procedure with no none start event starts on its signal or message only
  const startNode = resolved.model.nodes[resolved.model.startNode];
  if (startNode?.kind === 'startEvent' && startNode.trigger) throw new AppError('PROCESS_STARTS_BY_EVENT');
  // the procedure's start form first: bad input spends no deal code and starts nothing
  const startForm = startFormOf(resolved.model, resolved.forms);
  const variables = withoutBlankObjects(body.variables ?? {});
  if (startForm) await requireFormData(deps.db, startForm.form, variables, 'body.variables');
  for (let skipped = 0; ; skipped++) {
    const dealCode = await allocateDealCode(deps.db, regionCode, resolved.model.procedureKind);
    const workflowId = `deal-${dealCode}`;
    try {
      await launchProcess(deps, {
        resolved, processKey: body.processKey, workflowId, regionCode, dealCode,
        variables, startedBy: principal.username,
      });
      return { workflowId, dealCode, definition: resolved.definition, sandbox };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'CONFLICT') || skipped + 1 >= MAX_TAKEN_CODES) throw err;
      jsonLogger.error('deal code already used in Temporal: skipped (is the database behind Temporal?)', { dealCode, regionCode });
    }
  }
}

/**
 * A message published in the caller's region: every procedure the region runs with a message start event of that
 * name starts a deal there, at that start event, with the message's variables. The message id keys each start: the
 * same message published again answers the deals it started (started: false), and starts no second one.
 */
export async function publishStartMessage(deps: Deps, principal: Principal, body: { name: string; messageId: string; variables?: Record<string, unknown> }) {
  const variables = withoutBlankObjects(body.variables ?? {});
  return startByEvent(deps, principal, { type: 'message', name: body.name }, `message:${principal.regionCode}:${body.messageId}`, variables);
}

/**
 * Conditional start events (Camunda 8.9's root-level ones): every procedure of the caller's region whose conditional
 * start event's condition holds for the variables starts a deal there, at that start event, with them.
 */
export async function evaluateConditionalStarts(deps: Deps, principal: Principal, body: { evaluationId: string; variables: Record<string, unknown> }) {
  const variables = withoutBlankObjects(body.variables);
  return startByEvent(deps, principal, { type: 'conditional', variables }, `condition:${principal.regionCode}:${body.evaluationId}`, variables);
}

/** The deals an event starts in the caller's region: each recorded under the event's key first, so the same event again starts none. */
async function startByEvent(deps: Deps, principal: Principal, trigger: Parameters<typeof eventStarters>[2], keyPrefix: string, variables: Record<string, unknown>) {
  const regionCode = principal.regionCode;
  const deals = [];
  for (const { key, resolved, nodeId } of await eventStarters(deps.db, regionCode, trigger)) {
    const eventKey = `${keyPrefix}:${key}`;
    const { workflowId, dealCode, first } = await startEventDeal(deps.db, { eventKey, processKey: key, regionCode, nodeId, procedureKind: resolved.model.procedureKind },
      async (deal) => {
        try {
          await launchProcess(deps, { resolved, processKey: key, ...deal, regionCode, variables, startedBy: principal.username, startAt: nodeId, eventKey });
          return 'started';
        } catch (err) {
          if (err instanceof AppError && err.code === 'CONFLICT') return 'taken';
          throw err;
        }
      },
      async (id) => (await deps.temporal.client.workflow.getHandle(id).describe()).memo?.eventKey,
      (code) => jsonLogger.error('deal code already used in Temporal: skipped (is the database behind Temporal?)', { dealCode: code, regionCode }));
    deals.push({ processKey: key, workflowId, dealCode, definition: resolved.definition, started: first });
  }
  return { deals };
}

/** The start form of the procedure a start by the caller would use (the city's variant, else the province's). */
export async function startSchema(db: Db, principal: Principal, processKey: string) {
  const resolved = await resolveForRegion(db, processKey, principal.regionCode);
  return { definition: resolved.definition, ...startSchemaOf(resolved.model, resolved.forms) };
}

/** The running process as its workflow sees it; outside the caller's regions it does not exist. */
export async function visibleHandle(deps: Deps, principal: Principal, workflowId: string): Promise<{ handle: WorkflowHandle; state: ProcessSnapshot }> {
  const handle = deps.temporal.client.workflow.getHandle(workflowId);
  let state: ProcessSnapshot;
  try {
    state = await handle.query(processStateQuery);
  } catch (err) {
    // a workflow that is no deal's process (a probe, a child's helper) has no such query: it is no deal either
    if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError || /not found/i.test((err as Error).message)) throw new AppError('NOT_FOUND');
    throw new AppError('TEMPORAL_UNAVAILABLE', undefined, (err as Error).message);
  }
  if (!state || typeof state.regionCode !== 'string' || !canSeeRegion(principal, state.regionCode)) throw new AppError('NOT_FOUND');
  return { handle, state };
}

/** For actions: a deal whose process has ended answers PROCESS_ENDED rather than a transport error. */
async function runningHandle(deps: Deps, principal: Principal, workflowId: string): Promise<WorkflowHandle> {
  const { handle, state } = await visibleHandle(deps, principal, workflowId);
  if (isLifecycleEnded(state.lifecycle)) throw new AppError('PROCESS_ENDED');
  return handle;
}

/** A deal as the caller may see it: its variables by role, secret values masked (services/variable-disclosure.ts). */
export type ProcessView = ProcessSnapshot & { variableDisclosure: Disclosure; title: string | null };

export async function getProcess(deps: Deps, principal: Principal, workflowId: string): Promise<ProcessView> {
  const { state } = await visibleHandle(deps, principal, workflowId);
  const bidsOpened = state.dealCode ? await dealBidsOpened(deps.db, state.dealCode) : false;
  const { variables, disclosure } = discloseVariables(principal.role, state.variables, { bidsOpened });
  const deal = state.dealCode ? await Deal.query(deps.db).modify('byDealCode', state.dealCode).select('title').first() : undefined;
  return { ...state, title: deal?.title ?? null, variables, variableDisclosure: disclosure };
}

/**
 * The deal's variables history (Operate's view of a deal's data): each change with its step and time, masked as the
 * deal's variables are for the caller (prices until the opening; the never-revealed ones were never stored).
 */
export async function variablesHistory(deps: Deps, principal: Principal, workflowId: string, page: { limit: number; offset: number }) {
  const { state } = await visibleHandle(deps, principal, workflowId);
  const bidsOpened = state.dealCode ? await dealBidsOpened(deps.db, state.dealCode) : false;
  const rows: Array<{ id: number; name: string; value_json: string | null; omitted_bytes: number | null; node_id: string | null; occurred_at: string }> = await deps.db('process_variable_changes')
    .where('workflow_id', workflowId).orderBy('id').limit(page.limit).offset(page.offset)
    .select('id', 'name', 'value_json', 'omitted_bytes', 'node_id', 'occurred_at');
  return rows.map((r) => {
    const { variables, disclosure } = discloseVariables(principal.role, { [r.name]: r.value_json === null ? null : JSON.parse(r.value_json) as unknown }, { bidsOpened });
    return {
      seq: Number(r.id), name: r.name, value: r.omitted_bytes === null ? variables[r.name] ?? null : null, omittedBytes: r.omitted_bytes === null ? null : Number(r.omitted_bytes),
      masked: disclosure.masked, nodeId: r.node_id, occurredAt: new Date(r.occurred_at).toISOString(),
    };
  });
}

/** Engine refusals (validator failures) become the api's error codes; nothing was written to history. */
export function mapUpdateError(err: unknown): never {
  if (!(err instanceof WorkflowUpdateFailedError) && /already completed|workflow execution is not running|already finished/i.test((err as Error)?.message ?? '')) {
    throw new AppError('PROCESS_ENDED');
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type as ErrorCode | undefined;
    if (type && type in ERRORS) {
      const details = err.cause.details?.[0] as { missing?: string[]; issues?: Array<{ path: string; code: string }> } | undefined;
      throw new AppError(type, [
        ...(details?.missing ?? []).map((m) => ({ path: `body.data.${m}`, code: 'required', message: 'required' })),
        ...(details?.issues ?? []).map((i) => ({ path: `body.data.${i.path}`, code: i.code, message: i.code === 'undeclared' ? 'the form has no such field' : i.code })),
      ]);
    }
  }
  throw err;
}

/** An Update to a running deal the caller may see; the engine's refusals come back as the api's error codes. */
async function sendUpdate<Ret, Arg>(deps: Deps, principal: Principal, workflowId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
  const handle = await runningHandle(deps, principal, workflowId);
  try {
    return await handle.executeUpdate(update, { args: [arg] });
  } catch (err) {
    return mapUpdateError(err);
  }
}

/**
 * The task's deployed form (of the definition version the deal runs on) checks the data before the engine sees it;
 * the engine checks again that the data sets only the form's fields and its required ones. Only a task the caller
 * may act on is checked here; any other is refused by the engine as it always was.
 */
export async function checkTaskForm(deps: Deps, state: ProcessSnapshot, taskId: string, data: Record<string, unknown>, mayAct: (candidateRole: string) => boolean): Promise<void> {
  const task = state.openTasks.find((t) => t.taskId === taskId);
  if (!task?.formKey || !mayAct(task.candidateRole)) return;
  const version = await getDefinitionVersion(deps.db, state.definition.key, state.definition.regionCode, state.definition.version);
  const form = version?.forms[task.formKey];
  if (form) await requireFormData(deps.db, form, data, 'body.data');
}

/** A task as the deal's projection shows it, with its deal's region and the definition version the deal runs on. */
interface ProjectedTask {
  status: string; formKey: string | null; candidateRole: string; regionCode: string; lifecycle: string;
  definitionHash: string | null; forms: string | null;
}

async function projectedTask(db: Db, workflowId: string, taskId: string): Promise<ProjectedTask | null> {
  const row = await db('process_tasks as t')
    .join('process_instances as i', 'i.workflow_id', 't.workflow_id')
    .leftJoin('process_definitions as d', 'd.id', 'i.definition_id')
    .where('t.task_id', taskId).andWhere('t.workflow_id', workflowId)
    .first('t.status', 't.form_key', 't.candidate_role', 'i.region_code', 'i.lifecycle', 'd.hash', 'd.forms') as
    { status: string; form_key: string | null; candidate_role: string; region_code: string; lifecycle: string; hash: string | null; forms: string | null } | undefined;
  return row ? {
    status: row.status, formKey: row.form_key, candidateRole: row.candidate_role, regionCode: row.region_code, lifecycle: row.lifecycle,
    definitionHash: row.hash, forms: row.forms,
  } : null;
}

const isStaleFormCheck = (err: unknown) => err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'FORM_CHECK_STALE';

/**
 * `onBehalf`: staff doing a party's own step for it (代为办理); the engine admits it for party steps only, and the trail
 * keeps the reason.
 *
 * An open task the caller may act on is checked against its form as the deal's projection shows it (one database
 * read, where the deal's state Query would cost a round trip through the worker), and the Update names the form it was
 * checked against: the deal refuses it (FORM_CHECK_STALE, nothing changed) if that is not the task's form in the
 * version it runs. Then, and for everything the projection does not show as open and the caller's — a task not yet
 * projected, someone else's task, data the form refuses — the deal's own state decides, as it always did.
 */
export async function completeTask(
  deps: Deps, principal: Principal, workflowId: string, taskId: string, data: Record<string, unknown>, onBehalf?: { reason: string },
): Promise<TaskActionReply> {
  data = withoutBlankObjects(data);
  const mayAct = (role: string) => role === principal.role || (!!onBehalf && role.startsWith('party:'));
  const actor = { ...actorOf(principal), ...(onBehalf ? { onBehalf } : {}) };
  const projected = await projectedTask(deps.db, workflowId, taskId);
  if (projected && !canSeeRegion(principal, projected.regionCode)) throw new AppError('NOT_FOUND');
  if (projected?.status === 'open' && projected.definitionHash && !isLifecycleEnded(projected.lifecycle as ProcessSnapshot['lifecycle']) && mayAct(projected.candidateRole)) {
    const form = projected.formKey ? (JSON.parse(projected.forms ?? '{}') as Record<string, FormSchema>)[projected.formKey] : undefined;
    let valid = true;
    if (form) {
      try {
        await requireFormData(deps.db, form, data, 'body.data');
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        valid = false; // confirmed below on the deal's own state (a form the projection has not caught up with)
      }
    }
    if (valid) {
      try {
        const formChecked = { definitionHash: projected.definitionHash, formKey: projected.formKey };
        return await deps.temporal.client.workflow.getHandle(workflowId).executeUpdate(completeTaskUpdate, { args: [{ taskId, actor, data, formChecked }] });
      } catch (err) {
        if (!isStaleFormCheck(err)) return mapUpdateError(err);
      }
    }
  }
  const { handle, state } = await visibleHandle(deps, principal, workflowId);
  if (isLifecycleEnded(state.lifecycle)) throw new AppError('PROCESS_ENDED');
  await checkTaskForm(deps, state, taskId, data, mayAct);
  try {
    return await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor, data }] });
  } catch (err) {
    return mapUpdateError(err);
  }
}

export async function claimTask(deps: Deps, principal: Principal, workflowId: string, taskId: string): Promise<TaskActionReply> {
  return sendUpdate(deps, principal, workflowId, claimTaskUpdate, { taskId, actor: actorOf(principal) });
}

/** 转办 goes to a colleague: an existing user of the same role in the same region, not oneself. */
export async function delegateTask(deps: Deps, principal: Principal, workflowId: string, taskId: string, to: string): Promise<TaskActionReply> {
  const handle = await runningHandle(deps, principal, workflowId); // a deal the caller cannot see stays "not found"
  const colleague = await User.query(deps.db).findOne({ username: to });
  if (!colleague || colleague.username === principal.username || colleague.role !== principal.role || colleague.region_code !== principal.regionCode) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'body.to', message: 'not a colleague with the same role in the same region' }]);
  }
  try {
    return await handle.executeUpdate(delegateTaskUpdate, { args: [{ taskId, actor: actorOf(principal), to }] });
  } catch (err) {
    return mapUpdateError(err);
  }
}

/** 加签 brings in a colleague: an existing user of the same role in the same region, not oneself. */
export async function addSigner(deps: Deps, principal: Principal, workflowId: string, body: { taskId: string; signer: string; mode: 'before' | 'after' | 'parallel'; reason: string }): Promise<TaskActionReply> {
  const handle = await runningHandle(deps, principal, workflowId); // a deal the caller cannot see stays "not found"
  const colleague = await User.query(deps.db).findOne({ username: body.signer });
  if (!colleague || colleague.username === principal.username || colleague.role !== principal.role || colleague.region_code !== principal.regionCode) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'body.signer', message: 'not a colleague with the same role in the same region' }]);
  }
  try {
    return await handle.executeUpdate(addSignerUpdate, { args: [{ ...body, actor: actorOf(principal) }] });
  } catch (err) {
    return mapUpdateError(err);
  }
}

export async function returnTask(deps: Deps, principal: Principal, workflowId: string, body: { taskId: string; targetNodeId: string; comment?: string }): Promise<TaskActionReply> {
  return sendUpdate(deps, principal, workflowId, returnTaskUpdate, { ...body, actor: actorOf(principal) });
}

export async function withdrawTask(deps: Deps, principal: Principal, workflowId: string, taskId: string): Promise<TaskActionReply> {
  return sendUpdate(deps, principal, workflowId, withdrawTaskUpdate, { taskId, actor: actorOf(principal) });
}

export async function deliverMessage(deps: Deps, principal: Principal, workflowId: string, body: { messageId: string; name: string; variables?: Record<string, unknown> }) {
  return sendUpdate(deps, principal, workflowId, deliverMessageUpdate, body);
}

/** A directive as the caller gives it (a termination goes through services/termination.ts first: four eyes). */
export async function issueDirective(deps: Deps, principal: Principal, workflowId: string, body: Omit<DirectiveRequest, 'actor'>, actor: Actor = actorOf(principal)) {
  return sendUpdate(deps, principal, workflowId, directiveUpdate, { ...body, actor });
}

export { actorOf };

/** The deal's timeline: every supervision event of its chain, oldest first (steps, tasks, directives, messages). */
export async function timeline(deps: Deps, principal: Principal, workflowId: string) {
  const { state } = await visibleHandle(deps, principal, workflowId);
  const chainKey = chainKeyOf(workflowId, state.dealCode);
  const rows = await SupervisionEvent.query(deps.db).modify('chain', chainKey).limit(5000);
  const names = await actorNames(deps.db, [...new Set(rows.map((r) => r.actor))]);
  return rows.map((r) => ({
    seq: Number(r.seq), kind: r.kind, actor: r.actor, actorName: names.get(r.actor) ?? null, payload: JSON.parse(r.payload) as unknown,
    occurredAt: r.occurred_at, hash: r.chain_hash,
  }));
}

/** Who the users among `actors` are, in words: a party's person with its company, anyone else by their display name. */
async function actorNames(db: Db, actors: string[]): Promise<Map<string, string>> {
  const users = actors.filter((a) => !a.startsWith('system'));
  if (users.length === 0) return new Map();
  const rows: Array<{ username: string; display_name: string; subject_name: string | null }> = await db('users as u')
    .leftJoin('subjects as s', 's.id', 'u.subject_id').whereIn('u.username', users).select('u.username', 'u.display_name', 's.name as subject_name');
  return new Map(rows.map((r) => [r.username, r.subject_name ? `${r.subject_name}（${r.display_name}）` : r.display_name]));
}

export interface InboxFilter { limit: number; offset: number; workflowId?: string; formKey?: string; mine?: boolean }

/** The inbox: open tasks for the caller's role in the caller's regions (from the task rows the worker projects). */
export async function inbox(db: Db, principal: Principal, page: InboxFilter) {
  const query = ProcessTask.query(db)
    .whereIn('region_code', principal.visibleRegions as string[])
    .where({ candidate_role: principal.role, status: 'open' })
    .where((q) => q.whereNull('assignee').orWhere('assignee', principal.username));
  if (page.workflowId) query.where('workflow_id', page.workflowId);
  if (page.formKey) query.where('form_key', page.formKey);
  if (page.mine) query.where('assignee', principal.username);
  const rows = await query.orderBy('opened_at').limit(page.limit).offset(page.offset);
  // each task with its deal's code and project title, as the people who do it know the deal
  const instances = rows.length ? await ProcessInstance.query(db).whereIn('workflow_id', [...new Set(rows.map((t) => t.workflow_id))]).select('workflow_id', 'deal_code') : [];
  const dealOf = new Map(instances.map((i) => [i.workflow_id, i.deal_code]));
  const codes = [...new Set(instances.map((i) => i.deal_code).filter((c): c is string => Boolean(c)))];
  const titles = new Map(codes.length ? (await Deal.query(db).whereIn('deal_code', codes).select('deal_code', 'title')).map((d) => [d.deal_code, d.title]) : []);
  return rows.map((t) => {
    const dealCode = dealOf.get(t.workflow_id) ?? null;
    return {
      taskId: t.task_id, workflowId: t.workflow_id, dealCode, title: dealCode ? titles.get(dealCode) ?? null : null, nodeId: t.node_id, name: t.name,
      nameEn: t.name_en ?? null, candidateRole: t.candidate_role, assignee: t.assignee, regionCode: t.region_code, formKey: t.form_key, openedAt: t.opened_at, dueAt: t.due_at,
    };
  });
}

export interface InstanceFilter { limit: number; offset: number; lifecycle?: string; processKey?: string; regionCode?: string; q?: string; sandbox?: boolean }

/**
 * Deals in the caller's regions (the worker's projection), newest first, filtered and paged on the server. The real
 * deals, or with `sandbox` the training sandbox's (演练) — never the two together.
 */
export async function listInstances(db: Db, principal: Principal, filter: InstanceFilter) {
  const real = realRegions(principal);
  const regions = filter.sandbox ? principal.visibleRegions.filter((r) => !real.includes(r)) : real;
  const query = ProcessInstance.query(db).whereIn('region_code', regions);
  if (filter.lifecycle) query.where('lifecycle', filter.lifecycle);
  if (filter.processKey) query.where('process_key', filter.processKey);
  if (filter.regionCode) query.where('region_code', filter.regionCode);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // by code, or by the project's title (the deal registered by the process)
    const titled = Deal.query(db).whereRaw("title like ? escape '\\'", [like]).select('deal_code');
    query.where((w) => w.whereRaw("deal_code like ? escape '\\'", [like]).orWhereRaw("workflow_id like ? escape '\\'", [like]).orWhereIn('deal_code', titled));
  }
  const total = Number(((await query.clone().count('* as n').first()) as unknown as { n: number | string } | undefined)?.n ?? 0);
  const rows = await query.orderBy([{ column: 'started_at', order: 'desc' }, { column: 'workflow_id' }]).limit(filter.limit).offset(filter.offset);
  const codes = rows.map((r) => r.deal_code).filter((c): c is string => !!c);
  const titles = new Map((codes.length ? await Deal.query(db).whereIn('deal_code', codes).select('deal_code', 'title') : []).map((d) => [d.deal_code, d.title]));
  const definitionIds = [...new Set(rows.map((r) => r.definition_id).filter((id): id is number => id !== null))];
  const names = new Map((definitionIds.length ? await ProcessDefinition.query(db).whereIn('id', definitionIds).select('id', 'name') : []).map((d) => [Number(d.id), d.name]));
  return {
    total,
    items: rows.map((r) => ({
      workflowId: r.workflow_id, processKey: r.process_key, version: r.version, regionCode: r.region_code, dealCode: r.deal_code,
      title: r.deal_code ? titles.get(r.deal_code) ?? null : null,
      processName: r.definition_id !== null ? names.get(Number(r.definition_id)) ?? null : null,
      lifecycle: r.lifecycle, startedBy: r.started_by, startedAt: r.started_at, updatedAt: r.updated_at,
    })),
  };
}
