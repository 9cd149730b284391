// The parties' own steps of a deal (tasks for `party:organiser`, `party:tenderee`, `party:agency`, `party:bidder`): the
// signed-in party's inbox, a deal's tasks with their forms, claiming and completing them. The relation to the deal is
// resolved here, from the database, before anything reaches the workflow (domain parties/relations.ts); the Update
// then carries the subject, the person and those relations, and the engine admits the act by them alone — so the
// workflow stays deterministic and the trail names the person. A subject with no relation to the deal finds no task
// (404); one whose relation the task does not admit (a bidder before the tenderee's step) is refused (403).
import { WorkflowNotFoundError } from '@temporalio/client';
import { ProcessDefinition, ProcessInstance, ProcessTask, Deal, type Db } from '@ggzy/db';
import { actingRelations, actingRelationsOfSubject, isRelated, relationOf, type PartyRole } from '@ggzy/domain';
import { PARTY_CANDIDATE_ROLES, isPartyCandidateRole, relationAdmits, withoutBlankObjects } from '@ggzy/process';
import { claimTaskUpdate, completeTaskUpdate, processStateQuery, type Actor, type ProcessSnapshot, type TaskActionReply } from '@ggzy/workflows';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { checkTaskForm, mapUpdateError } from './processes';

type Deps = { db: Db; temporal: TemporalGateway };

/**
 * What an organiser sees of the deal's variables beside its task: the committee's report it is to confirm (the
 * recommended candidates per section and the report's hash) and the schedule. Nothing a bidder sealed, nothing else.
 */
const ORGANISER_CONTEXT = ['awards', 'reportSha256', 'openingAt', 'evaluationAt'] as const;

function requireParty(principal: Principal) {
  if (!principal.party) throw new AppError('FORBIDDEN');
  return principal.party;
}

/** The actor of a party's act, with its relations to this deal as resolved just now. */
export function partyActor(principal: Principal, relations: PartyRole[]): Actor {
  const party = requireParty(principal);
  return {
    userId: principal.userId, username: principal.username, role: 'party', regionCode: principal.regionCode,
    party: { subjectId: party.subjectId, creditCode: party.creditCode, subjectName: party.subjectName, personId: party.personId, personName: party.personName, relations },
  };
}

/** The candidate roles a party with these relations may act on. */
function admittedRoles(relations: readonly PartyRole[]): string[] {
  return Object.keys(PARTY_CANDIDATE_ROLES).filter((role) => relationAdmits(role, relations));
}

const mineOrUnclaimed = (principal: Principal) => (q: ReturnType<typeof ProcessTask.query>) => q.whereNull('assignee').orWhere('assignee', principal.username);

function view(row: ProcessTask, dealCode: string) {
  return {
    taskId: row.task_id, workflowId: row.workflow_id, dealCode, nodeId: row.node_id, name: row.name, nameEn: row.name_en ?? null, candidateRole: row.candidate_role,
    assignee: row.assignee, formKey: row.form_key, openedAt: row.opened_at, dueAt: row.due_at,
  };
}

/** The party's inbox: open tasks of every deal it is tenderee, agency or live bidder of, whose role admits it. */
export async function inbox(db: Db, principal: Principal) {
  const party = requireParty(principal);
  const relations = await actingRelationsOfSubject(db, party.subjectId);
  if (relations.size === 0) return [];
  const instances = await ProcessInstance.query(db).whereIn('deal_code', [...relations.keys()]).select('workflow_id', 'deal_code');
  const dealOf = new Map(instances.map((i) => [i.workflow_id, i.deal_code!]));
  if (dealOf.size === 0) return [];
  const rows = await ProcessTask.query(db).whereIn('workflow_id', [...dealOf.keys()]).where('status', 'open')
    .where('candidate_role', 'like', 'party:%').where(mineOrUnclaimed(principal)).orderBy('opened_at').limit(500);
  const titles = new Map((await Deal.query(db).whereIn('deal_code', [...new Set(dealOf.values())]).select('deal_code', 'title')).map((d) => [d.deal_code, d.title]));
  return rows
    .filter((row) => relationAdmits(row.candidate_role, relations.get(dealOf.get(row.workflow_id)!) ?? []))
    .map((row) => ({ ...view(row, dealOf.get(row.workflow_id)!), title: titles.get(dealOf.get(row.workflow_id)!) ?? null }));
}

/**
 * The committee's candidates as an organiser reads them: each with its company's name and, where the section's bids
 * were opened, its bid as read out (the award's price).
 */
async function candidatesOf(db: Db, dealCode: string, awards: unknown[]): Promise<unknown[]> {
  return Promise.all(awards.map(async (a) => {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return a;
    const { sectionCode, winner } = a as Record<string, unknown>;
    if (typeof sectionCode !== 'string' || typeof winner !== 'string') return a;
    const subject = await db('subjects').where('credit_code', winner).first('id', 'name');
    const line = subject ? await db('bid_opening_lines as l').join('bid_openings as o', 'o.id', 'l.opening_id').join('sections as x', 'x.id', 'o.section_id')
      .join('deals as d', 'd.id', 'x.deal_id').where({ 'd.deal_code': dealCode, 'x.section_code': sectionCode, 'l.bidder_subject_id': subject.id })
      .first('l.price_fen') : undefined;
    return { ...a, winnerName: subject?.name ?? null, openedPriceFen: line?.price_fen == null ? null : Number(line.price_fen) };
  }));
}

async function processState(deps: Deps, workflowId: string): Promise<ProcessSnapshot> {
  try {
    return await deps.temporal.client.workflow.getHandle(workflowId).query(processStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || /not found/i.test((err as Error).message)) throw new AppError('NOT_FOUND');
    throw new AppError('TEMPORAL_UNAVAILABLE', undefined, (err as Error).message);
  }
}

/** One deal's open tasks for the party, each with its form (from the deployed version) and what it needs to see. */
export async function dealTasks(deps: Deps, principal: Principal, dealCode: string) {
  const party = requireParty(principal);
  const relation = await relationOf(deps.db, party.subjectId, dealCode);
  if (!isRelated(relation)) throw new AppError('NOT_FOUND');
  const roles = admittedRoles(actingRelations(relation));
  const instances = await ProcessInstance.query(deps.db).where('deal_code', dealCode).select('workflow_id', 'definition_id');
  if (roles.length === 0 || instances.length === 0) return { tasks: [] };
  const rows = await ProcessTask.query(deps.db).whereIn('workflow_id', instances.map((i) => i.workflow_id)).where('status', 'open')
    .whereIn('candidate_role', roles).where(mineOrUnclaimed(principal)).orderBy('opened_at');
  const formsOf = new Map<string, Record<string, unknown>>();
  for (const i of instances) {
    if (i.definition_id === null || !rows.some((r) => r.workflow_id === i.workflow_id)) continue;
    const definition = await ProcessDefinition.query(deps.db).findById(i.definition_id).select('forms');
    formsOf.set(i.workflow_id, definition ? JSON.parse(definition.forms) as Record<string, unknown> : {});
  }
  const organiser = relation!.roles.includes('tenderee') || relation!.roles.includes('agency');
  const contexts = new Map<string, Record<string, unknown>>();
  if (organiser) {
    for (const workflowId of new Set(rows.map((r) => r.workflow_id))) {
      const state = await processState(deps, workflowId);
      const context = Object.fromEntries(ORGANISER_CONTEXT.filter((k) => k in state.variables).map((k) => [k, state.variables[k]]));
      if (Array.isArray(context.awards)) context.awards = await candidatesOf(deps.db, dealCode, context.awards);
      contexts.set(workflowId, context);
    }
  }
  return {
    tasks: rows.map((row) => ({
      ...view(row, dealCode),
      form: row.form_key ? formsOf.get(row.workflow_id)?.[row.form_key] ?? null : null,
      context: contexts.get(row.workflow_id) ?? {},
    })),
  };
}

/** The task and the party's relations to its deal, or the refusal (no relation: not found; the wrong one: 403). */
async function admitted(db: Db, principal: Principal, taskId: string): Promise<{ workflowId: string; relations: PartyRole[] }> {
  const party = requireParty(principal);
  const row = await ProcessTask.query(db).findById(taskId).select('workflow_id', 'candidate_role', 'status');
  if (!row || !isPartyCandidateRole(row.candidate_role)) throw new AppError('TASK_NOT_FOUND');
  const instance = await ProcessInstance.query(db).findById(row.workflow_id).select('deal_code');
  const relation = instance?.deal_code ? await relationOf(db, party.subjectId, instance.deal_code) : null;
  if (!isRelated(relation)) throw new AppError('TASK_NOT_FOUND');
  const relations = actingRelations(relation);
  if (!relationAdmits(row.candidate_role, relations)) throw new AppError('TASK_NOT_YOURS');
  // the workflow forgets a closed task once its row is written; the row still says what became of it
  if (row.status !== 'open') throw new AppError('TASK_CLOSED');
  return { workflowId: row.workflow_id, relations };
}

/** The reply as the party may see it: the lifecycle and its own open tasks, not the centre's. */
function ownReply(reply: TaskActionReply, relations: PartyRole[]): TaskActionReply {
  return { lifecycle: reply.lifecycle, openTasks: reply.openTasks.filter((t) => relationAdmits(t.candidateRole, relations)) };
}

export async function claim(deps: Deps, principal: Principal, taskId: string): Promise<TaskActionReply> {
  const { workflowId, relations } = await admitted(deps.db, principal, taskId);
  try {
    return ownReply(await deps.temporal.client.workflow.getHandle(workflowId).executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: partyActor(principal, relations) }] }), relations);
  } catch (err) {
    return mapUpdateError(err);
  }
}

export async function complete(deps: Deps, principal: Principal, taskId: string, data: Record<string, unknown>): Promise<TaskActionReply> {
  const { workflowId, relations } = await admitted(deps.db, principal, taskId);
  // a step of this party's that the process no longer holds open is done (its row may not say so yet)
  const state = await processState(deps, workflowId);
  if (!state.openTasks.some((t) => t.taskId === taskId)) throw new AppError('TASK_CLOSED');
  // the step's deployed form checks the data first (admitted: the step is this party's to do)
  data = withoutBlankObjects(data);
  await checkTaskForm(deps, state, taskId, data, () => true);
  try {
    return ownReply(await deps.temporal.client.workflow.getHandle(workflowId).executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: partyActor(principal, relations), data }] }), relations);
  } catch (err) {
    return mapUpdateError(err);
  }
}
