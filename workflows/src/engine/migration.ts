// Moving a running deal to another version of its procedure (实例迁移): a plan names the target model and how the
// nodes where the deal stands now map onto it (a node missing from the map keeps its id). Whether a deal can move is
// decided from its own state, the same way for the dry run (a query) and the move (an Update): every token must wait
// where a continue-as-new can resume it (a user task, a timer, a message, a signal or a condition), on a node of the
// same kind in the target; a half-done join, an activity with a compensation handler the target lacks, or a return
// target that is gone keeps it where it is. The move itself is a continue-as-new onto the target model, with the
// tokens, tasks and bookkeeping renamed by the map — deterministic, and on the deal's trail.
import type { DefinitionRef, ModelNode, ProcessModel } from '@ggzy/process/runtime';
import type { Actor, CarriedState, Variables } from './process-contracts';

export interface MigrationPlan {
  /** Idempotency: the same id applied twice moves the deal once. */
  migrationId: string;
  target: { model: ProcessModel; definition: DefinitionRef };
  /** Source node id → target node id, for the nodes that were renamed; any other keeps its id. */
  mapping?: Record<string, string>;
  /** Values for variables the target needs that the deal does not have yet. */
  variables?: Variables;
  /**
   * Not a new version: one token moved within the model the deal runs (Operate's move, asked by one person and
   * confirmed by another), from the node where it waits to another of the same kind; `mapping` says the same.
   */
  move?: { from: string; to: string; requestedBy: string };
}

export interface MigrateRequest extends MigrationPlan {
  actor: Actor;
  reason: string;
}

export interface MigrationProblem {
  code: 'NOT_RUNNING' | 'NO_ANSWER' | 'SAME_VERSION' | 'NO_TOKEN_THERE' | 'OTHER_PROCESS' | 'NOT_AT_A_WAIT' | 'NODE_MISSING' | 'KIND_CHANGED' | 'JOIN_IN_PROGRESS' | 'COMPENSATION_MISSING';
  nodeId: string | null;
  message: string;
}

export interface MigrationCheck { canMigrate: boolean; problems: MigrationProblem[] }

/** The kinds a waiting token may stand on (what a continue-as-new resumes). */
const RESUMABLE = new Set<ModelNode['kind']>(['userTask', 'timerCatch', 'messageCatch', 'signalCatch', 'conditionalCatch']);

export function mapNode(plan: MigrationPlan, nodeId: string): string {
  return plan.mapping?.[nodeId] ?? nodeId;
}

/**
 * Checks a plan against a deal's state. `state`: what the deal would carry now (its tokens, joins, compensation log);
 * `resumable`: whether every token waits where a continue-as-new can resume it.
 */
export function checkMigration(source: { model: ProcessModel; definition: DefinitionRef }, state: CarriedState, resumable: boolean, plan: MigrationPlan): MigrationCheck {
  const problems: MigrationProblem[] = [];
  const target = plan.target.model;
  if (state.lifecycle !== 'active' && state.lifecycle !== 'suspended') problems.push({ code: 'NOT_RUNNING', nodeId: null, message: `the deal is ${state.lifecycle}` });
  if (source.model.key !== target.key) problems.push({ code: 'OTHER_PROCESS', nodeId: null, message: `the target is process ${target.key}, the deal runs ${source.model.key}` });
  if (plan.move) {
    if (source.definition.hash !== plan.target.definition.hash) problems.push({ code: 'OTHER_PROCESS', nodeId: null, message: 'a token moves within the model the deal runs' });
    if (!state.tokens.some((t) => t.nodeId === plan.move!.from)) problems.push({ code: 'NO_TOKEN_THERE', nodeId: plan.move.from, message: `no token of the deal waits at ${plan.move.from}` });
    if (plan.move.from === plan.move.to) problems.push({ code: 'NO_TOKEN_THERE', nodeId: plan.move.to, message: 'the token would stay where it is' });
  } else if (source.definition.hash === plan.target.definition.hash) {
    problems.push({ code: 'SAME_VERSION', nodeId: null, message: 'the deal already runs this model' });
  }
  if (!resumable) problems.push({ code: 'NOT_AT_A_WAIT', nodeId: null, message: 'a step is running (an activity, a subprocess, a call): try again when every step waits for a person, a timer or a message' });
  for (const token of state.tokens) {
    const from = source.model.nodes[token.nodeId];
    const to = target.nodes[mapNode(plan, token.nodeId)];
    if (!to) {
      problems.push({ code: 'NODE_MISSING', nodeId: token.nodeId, message: `${token.nodeId} has no node ${mapNode(plan, token.nodeId)} in the target: map it to one` });
      continue;
    }
    const incidentWait = token.incident === true && (to.kind === 'exclusiveGateway' || to.kind === 'inclusiveGateway');
    if (from && (from.kind !== to.kind || (!RESUMABLE.has(to.kind) && !incidentWait))) problems.push({ code: 'KIND_CHANGED', nodeId: token.nodeId, message: `${token.nodeId} is a ${from.kind}, ${to.id} in the target is a ${to.kind}` });
    if (from?.kind === 'userTask' && to.kind === 'userTask' && Boolean(from.multiInstance) !== Boolean(to.multiInstance)) {
      problems.push({ code: 'KIND_CHANGED', nodeId: token.nodeId, message: `${token.nodeId}: a countersign (multi-instance) task cannot become a single one or the other way` });
    }
  }
  for (const [gateway, arrivals] of Object.entries(state.joins)) {
    if (!arrivals.length) continue;
    const to = target.nodes[mapNode(plan, gateway)];
    const sameIncoming = to && to.kind === source.model.nodes[gateway]?.kind && arrivals.every((flow) => to.incoming.includes(flow) || !source.model.flows[flow]);
    if (!sameIncoming) problems.push({ code: 'JOIN_IN_PROGRESS', nodeId: gateway, message: `branches have arrived at ${gateway} and the target does not join the same flows there` });
  }
  for (const record of state.compensable) {
    if (!target.nodes[record.handler]) problems.push({ code: 'COMPENSATION_MISSING', nodeId: record.nodeId, message: `${record.nodeId} has run and its compensation ${record.handler} is not in the target` });
  }
  return { canMigrate: problems.length === 0, problems };
}

/** The carried state renamed onto the target model; open tasks take the target node's name, role and form. */
export function migratedState(state: CarriedState, plan: MigrationPlan): CarriedState {
  const target = plan.target.model;
  const tasks: CarriedState['tasks'] = {};
  for (const [id, task] of Object.entries(state.tasks)) {
    if (task.status !== 'open') {
      tasks[id] = task;
      continue;
    }
    const node = target.nodes[mapNode(plan, task.nodeId)];
    tasks[id] = node?.kind === 'userTask'
      ? {
        ...task, nodeId: node.id, name: node.name, nameEn: node.nameEn, candidateRole: node.candidateRole, formKey: node.formKey, requiredFields: node.requiredFields,
        // a token moved to a step of another role: the step waits to be claimed there
        ...(plan.move && node.candidateRole !== task.candidateRole ? { assignee: null } : {}),
      }
      : { ...task, nodeId: mapNode(plan, task.nodeId) };
  }
  const joins: Record<string, string[]> = {};
  for (const [gateway, arrivals] of Object.entries(state.joins)) joins[mapNode(plan, gateway)] = arrivals;
  const lastCompletions: CarriedState['lastCompletions'] = {};
  for (const [nodeId, c] of Object.entries(state.lastCompletions)) if (target.nodes[mapNode(plan, nodeId)]) lastCompletions[mapNode(plan, nodeId)] = c;
  const variables = { ...state.variables };
  for (const [name, value] of Object.entries(plan.variables ?? {})) if (!Object.hasOwn(variables, name) && name !== '__proto__') variables[name] = value;
  return {
    ...state,
    variables,
    tokens: state.tokens.map((t) => ({ ...t, nodeId: mapNode(plan, t.nodeId) })),
    tasks,
    joins,
    compensable: state.compensable.map((r) => ({ ...r, nodeId: mapNode(plan, r.nodeId) })),
    lastCompletions,
  };
}
