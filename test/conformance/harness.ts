// Runs a BPMN fixture on a real server with scripted inputs and checks the trace and the final variables.
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Db } from '@ggzy/db';
import { deployApproved, deployDecisionsApproved } from '../support/definitions';
import {
  completeTaskUpdate, claimTaskUpdate, delegateTaskUpdate, deliverMessageUpdate, deliverSignalUpdate, directiveUpdate, processStateQuery,
  addSignerUpdate, migrateUpdate, migrationCheckQuery, rescheduleUpdate, retryIncidentsUpdate, returnTaskUpdate, withdrawTaskUpdate, type Actor, type DirectiveRequest, type ProcessInput, type ProcessResult,
  type ProcessSnapshot, type TaskActionReply,
} from '@ggzy/workflows';
import type { WorkCalendar } from '@ggzy/process';
import type { temporal } from '@temporalio/proto';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
import { buildBpmn, type ProcessSpec } from '../support/bpmn-builder';

export const STAFF: Actor = { userId: 2, username: 'staff', role: 'staff', regionCode: '990100' };
export const SUPERVISOR: Actor = { userId: 3, username: 'supervisor', role: 'supervisor', regionCode: '990100' };

export type Step =
  | { complete: string; assignee?: string; data?: Record<string, unknown>; as?: Actor; expectOpen?: string[] }
  | { claim: string; as?: Actor }
  | { delegate: string; to: string; as?: Actor }
  | { addSigner: string; signer: string; mode: 'before' | 'after' | 'parallel'; assignee?: string; as?: Actor; expectOpen?: Array<[node: string, assignee: string | null]> }
  | { return: string; to: string; as?: Actor }
  | { withdraw: string; as?: Actor }
  | { message: string; variables?: Record<string, unknown>; correlationKey?: string }
  /** A signal broadcast reaching the deal (as the broadcast activity delivers it). */
  | { signal: string; variables?: Record<string, unknown> }
  | { directive: DirectiveRequest['kind']; reason?: string; deadline?: string }
  | { expectOpen: string[] }
  | { expectRefused: Step; code: string }
  | { expectIncident: string }
  | { skip: string }
  /** Throws unless the snapshot shows what is expected; waited for (up to the probes' limit), never just sampled once. */
  | { check: (snapshot: ProcessSnapshot) => void }
  /** Deploys the spec as the next version (approved) and dry-runs moving the deal onto it: the problems' codes. */
  | { migrationCheck: ProcessSpec; mapping?: Record<string, string>; expectProblems: string[] }
  /** 顺延: the named date variables moved to the server's now plus the given ISO durations. */
  | { reschedule: Record<string, string>; reason?: string; alsoShift?: string[] }
  /** An operator asks the steps waiting on incidents to look again. */
  | { retryIncidents: string }
  /** Deploys the spec as the next version (approved) and moves the deal onto it. */
  | { migrateTo: ProcessSpec; mapping?: Record<string, string>; variables?: Record<string, unknown> };

export interface Fixture {
  name: string;
  /** What the fixture demonstrates (one line). */
  shows: string;
  spec: ProcessSpec;
  /** Other processes it calls (deployed first). */
  called?: ProcessSpec[];
  /** DMN files of the decision tables its business rule tasks evaluate (deployed for the province). */
  decisions?: string[];
  forms?: Record<string, Record<string, unknown>>;
  /** The start variables, or a function of the server's current time (dates a timer reads). */
  variables?: Record<string, unknown> | ((nowMs: number) => Record<string, unknown>);
  /** The working-day calendar, or a function of the server's current time. */
  calendar?: WorkCalendar | ((nowMs: number) => WorkCalendar);
  steps?: Step[];
  /** Runs only on the time-skipping server (statutory periods). */
  timeSkipping?: boolean;
  continueAsNewAfterEvents?: number;
  expect: {
    lifecycle?: ProcessResult['lifecycle'];
    /** The exact order of visited nodes (deterministic paths). */
    visited?: string[];
    /** The visited nodes regardless of order (concurrent branches). */
    visitedUnordered?: string[];
    variables?: Record<string, unknown>;
    failsWith?: string;
    check?: (result: ProcessResult) => void;
    /** Checks on the recorded history (e.g. the exact timer a statutory period started). */
    checkHistory?: (events: HistoryEvent[]) => void;
  };
}

export interface RunContext {
  client: Client;
  db: Db;
  taskQueue: string;
  /** Advances time (the time-skipping server) or waits (the dev server). */
  skip(duration: string): Promise<void>;
  /** The server's current time (the time-skipping server's clock runs ahead of the wall clock). */
  now(): Promise<number>;
}

const EMPTY: WorkCalendar = { holidays: [], workdays: [], utcOffsetMinutes: 480 };

async function snapshot(handle: WorkflowHandle): Promise<ProcessSnapshot> {
  return handle.query(processStateQuery);
}

/** Waits for a probe; generous, since with no workflow cache on a loaded machine each task replays the whole history. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openTaskId(handle: WorkflowHandle, nodeId: string, assignee?: string): Promise<string> {
  return eventually(`an open task at ${nodeId}`, async () => (await snapshot(handle)).openTasks.find((t) => t.nodeId === nodeId && (assignee === undefined || t.assignee === assignee))?.taskId);
}

/** Task ids completed during a run, per node, so a withdraw names exactly the task that was completed. */
const completedTasks = new Map<string, string>();

async function runStep(handle: WorkflowHandle, step: Step, ctx: RunContext): Promise<TaskActionReply | unknown> {
  if ('complete' in step) {
    const taskId = await openTaskId(handle, step.complete, step.assignee);
    const reply = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: step.as ?? STAFF, data: step.data ?? {} }] });
    completedTasks.set(`${handle.workflowId}:${step.complete}`, taskId);
    if (step.expectOpen) {
      // the reply itself tells which tasks are open now (no polling)
      expect(reply.openTasks.map((t) => t.nodeId).sort()).toEqual([...step.expectOpen].sort());
    }
    return reply;
  }
  if ('claim' in step) return handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: await openTaskId(handle, step.claim), actor: step.as ?? STAFF }] });
  if ('delegate' in step) return handle.executeUpdate(delegateTaskUpdate, { args: [{ taskId: await openTaskId(handle, step.delegate), actor: step.as ?? STAFF, to: step.to }] });
  if ('addSigner' in step) {
    const taskId = await openTaskId(handle, step.addSigner, step.assignee);
    const reply = await handle.executeUpdate(addSignerUpdate, { args: [{ taskId, actor: step.as ?? STAFF, signer: step.signer, mode: step.mode, reason: '加签测试' }] });
    if (step.expectOpen) expect(reply.openTasks.map((t) => [t.nodeId, t.assignee])).toEqual(step.expectOpen);
    return reply;
  }
  if ('return' in step) return handle.executeUpdate(returnTaskUpdate, { args: [{ taskId: await openTaskId(handle, step.return), actor: step.as ?? STAFF, targetNodeId: step.to }] });
  if ('withdraw' in step) {
    const taskId = completedTasks.get(`${handle.workflowId}:${step.withdraw}`) ?? `${handle.workflowId}/${step.withdraw}/?`;
    return handle.executeUpdate(withdrawTaskUpdate, { args: [{ taskId, actor: step.as ?? STAFF }] });
  }
  if ('message' in step) {
    return handle.executeUpdate(deliverMessageUpdate, { args: [{ messageId: `${step.message}-${Date.now()}-${Math.random()}`, name: step.message, variables: step.variables, correlationKey: step.correlationKey }] });
  }
  if ('signal' in step) {
    return handle.executeUpdate(deliverSignalUpdate, { args: [{ signalId: `${step.signal}-${Date.now()}-${Math.random()}`, name: step.signal, variables: step.variables }] });
  }
  if ('directive' in step) {
    return handle.executeUpdate(directiveUpdate, { args: [{ directiveId: `d-${step.directive}-${Date.now()}-${Math.random().toString(36).slice(2)}`, kind: step.directive, actor: SUPERVISOR, reason: step.reason ?? '测试', deadline: step.deadline }] });
  }
  if ('expectOpen' in step) {
    const want = [...step.expectOpen].sort().join(',');
    return eventually(`open tasks ${want}`, async () => {
      const open = (await snapshot(handle)).openTasks.map((t) => t.nodeId).sort().join(',');
      return open === want ? open : undefined;
    });
  }
  if ('expectRefused' in step) {
    try {
      await runStep(handle, step.expectRefused, ctx);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && (err.cause as { type?: string })?.type === step.code) return undefined;
      throw new Error(`expected ${step.code}, got ${(err as Error).message} (${(err as { cause?: { type?: string } }).cause?.type})`);
    }
    throw new Error(`expected the step to be refused with ${step.code}`);
  }
  if ('expectIncident' in step) {
    return eventually('an incident', async () => (await snapshot(handle)).incidents.find((i) => i.startsWith(step.expectIncident)));
  }
  if ('skip' in step) return ctx.skip(step.skip);
  if ('check' in step) {
    // a state the process reaches: its service tasks (activities) may still be running when the step comes
    let last: unknown;
    try {
      return await eventually('the check to hold', async () => {
        try {
          step.check(await snapshot(handle));
          return true;
        } catch (err) {
          last = err;
          return undefined;
        }
      });
    } catch {
      throw last;
    }
  }
  if ('reschedule' in step) {
    const now = await ctx.now();
    const { addDuration } = await import('@ggzy/process');
    const dates = Object.fromEntries(Object.entries(step.reschedule).map(([name, d]) => [name, new Date(addDuration(now, d, 'calendar', EMPTY)).toISOString()]));
    return handle.executeUpdate(rescheduleUpdate, { args: [{ rescheduleId: `s-${Date.now()}-${Math.random().toString(36).slice(2)}`, dates, actor: STAFF, reason: step.reason ?? '澄清晚于截止前15日，开标时间顺延', ...(step.alsoShift ? { alsoShift: step.alsoShift } : {}) }] });
  }
  if ('retryIncidents' in step) {
    return handle.executeUpdate(retryIncidentsUpdate, { args: [{ operationId: `r-${Date.now()}-${Math.random().toString(36).slice(2)}`, actor: STAFF, reason: step.retryIncidents }] });
  }
  if ('migrationCheck' in step || 'migrateTo' in step) {
    const spec = 'migrateTo' in step ? step.migrateTo : step.migrationCheck;
    await deployApproved(ctx.db, { xml: buildBpmn(spec), regionCode: '990100', deployedBy: null });
    const { resolveDefinition } = await import('@ggzy/domain');
    const target = await resolveDefinition(ctx.db, spec.id, '990100');
    const plan = { migrationId: `m-${Date.now()}-${Math.random().toString(36).slice(2)}`, target: { model: target.model, definition: target.definition }, mapping: step.mapping };
    if ('migrationCheck' in step) {
      const check = await handle.query(migrationCheckQuery, plan);
      expect(check.problems.map((p) => p.code).sort()).toEqual([...step.expectProblems].sort());
      return check;
    }
    return handle.executeUpdate(migrateUpdate, { args: [{ ...plan, variables: step.variables, actor: STAFF, reason: '新版本：增加一步' }] });
  }
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}

export async function deployFixture(db: Db, fixture: Fixture) {
  for (const xml of fixture.decisions ?? []) await deployDecisionsApproved(db, { xml, regionCode: '990000', deployedBy: null });
  for (const called of fixture.called ?? []) await deployApproved(db, { xml: buildBpmn(called), regionCode: '990000', deployedBy: null });
  return deployApproved(db, { xml: buildBpmn(fixture.spec), forms: fixture.forms, regionCode: '990100', deployedBy: null });
}

/** Deploys, starts, drives and awaits one fixture; returns the result and the handle (for its history). */
export async function runFixture(fixture: Fixture, ctx: RunContext): Promise<{ result?: ProcessResult; error?: unknown; handle: WorkflowHandle }> {
  const deployed = await deployFixture(ctx.db, fixture);
  const { resolveDefinition } = await import('@ggzy/domain');
  const { model } = await resolveDefinition(ctx.db, fixture.spec.id, '990100');
  const input: ProcessInput = {
    model, definition: deployed.definition, regionCode: '990100', dealCode: `DEAL-${fixture.name}`,
    variables: typeof fixture.variables === 'function' ? fixture.variables(await ctx.now()) : (fixture.variables ?? {}),
    calendar: typeof fixture.calendar === 'function' ? fixture.calendar(await ctx.now()) : (fixture.calendar ?? EMPTY), startedBy: 'staff',
    continueAsNewAfterEvents: fixture.continueAsNewAfterEvents,
  };
  const handle = await ctx.client.workflow.start('processWorkflow', {
    taskQueue: ctx.taskQueue, workflowId: `conf-${fixture.name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, args: [input],
  });
  for (const step of fixture.steps ?? []) await runStep(handle, step, ctx);
  try {
    return { result: (await handle.result()) as ProcessResult, handle };
  } catch (error) {
    return { error, handle };
  }
}
