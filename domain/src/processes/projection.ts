// The portal's view of a running process, written by the worker from what the workflow reports: the instance row,
// its task rows and the supervision events of its steps, in one transaction.
import { Deal, ProcessDefinition, ProcessInstance, ProcessTask, SupervisionAlert, type Db } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import type { ProjectionInput } from '@ggzy/workflows';
import { appendSupervisionEvent } from '../supervision/trail';
import { chainKeyOf } from '../supervision/chain-key';
import { maskSecrets } from './variable-secrets';

/**
 * Writes the portal's view of a running process: the instance row and its task rows. Each task row only moves
 * forward (a higher revision wins), so retried or reordered projections never roll a task back.
 */
/** The incidents on the instance row (older workflows do not send them: the row keeps what it had). */
function incidentsOf(input: ProjectionInput): { incidents?: string | null; incident_count?: number } {
  if (!input.incidents) return {};
  return { incidents: input.incidents.length ? JSON.stringify(input.incidents) : null, incident_count: input.incidents.length };
}

export async function projectProcess(db: Db, input: ProjectionInput): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction(async (trx) => {
    const existing = await ProcessInstance.query(trx).findById(input.workflowId);
    if (existing) {
      await ProcessInstance.query(trx).patch({ lifecycle: input.lifecycle, updated_at: now, ...incidentsOf(input) }).where('workflow_id', input.workflowId);
      if (existing.version !== input.definition.version || existing.process_key !== input.definition.key) {
        // the deal was moved to another version of its procedure (instance migration)
        const definition = await ProcessDefinition.query(trx).findOne({
          process_key: input.definition.key, region_code: input.definition.regionCode, version: input.definition.version,
        });
        await ProcessInstance.query(trx).patch({ definition_id: definition?.id ?? null, process_key: input.definition.key, version: input.definition.version })
          .where('workflow_id', input.workflowId);
      }
      // A supervisor's termination ends the deal's business too (compensation has run by the time it is projected).
      if (input.lifecycle === 'terminated' && input.dealCode) {
        await Deal.query(trx).modify('byDealCode', input.dealCode).where('workflow_id', input.workflowId).whereNotIn('status', ['completed', 'failed', 'terminated'])
          .patch({ status: 'terminated', updated_at: now });
      }
    } else {
      const definition = await ProcessDefinition.query(trx).findOne({
        process_key: input.definition.key, region_code: input.definition.regionCode, version: input.definition.version,
      });
      await ProcessInstance.query(trx).insert({
        workflow_id: input.workflowId, definition_id: definition?.id ?? null, process_key: input.definition.key,
        version: input.definition.version, region_code: input.regionCode, deal_code: input.dealCode,
        lifecycle: input.lifecycle, started_by: input.startedBy, started_at: now, updated_at: now, ...incidentsOf(input),
      }).onConflict('workflow_id').ignore();
    }
    for (const task of input.tasks) {
      const row = {
        task_id: task.taskId, workflow_id: input.workflowId, node_id: task.nodeId, name: task.name, name_en: task.nameEn ?? null,
        candidate_role: task.candidateRole, assignee: task.assignee, region_code: task.regionCode, form_key: task.formKey,
        status: task.status, opened_at: task.openedAt, due_at: task.dueAt, closed_at: task.closedAt,
        completed_by: task.completedBy, revision: task.revision,
      };
      await ProcessTask.query(trx).insert(row).onConflict('task_id')
        .merge(['node_id', 'name', 'name_en', 'candidate_role', 'form_key', 'assignee', 'status', 'due_at', 'closed_at', 'completed_by', 'revision'])
        .where('process_tasks.revision', '<', trx.raw('excluded.revision'));
    }
    for (const change of input.variableChanges ?? []) {
      // what is never revealed is never stored: sealed values, bank accounts, credentials (variable-secrets.ts)
      const stored = maskSecrets({ [change.name]: change.value }, '', null, []) as Record<string, unknown>;
      const value = change.value === undefined ? null : JSON.stringify(stored[change.name] ?? null);
      await trx('process_variable_changes').insert({
        change_key: change.key, workflow_id: input.workflowId, name: change.name, value_json: value,
        omitted_bytes: change.omittedBytes ?? null, node_id: change.nodeId, occurred_at: change.occurredAt,
      }).onConflict('change_key').ignore();
    }
    for (const event of input.events ?? []) {
      await appendSupervisionEvent(trx, {
        idempotencyKey: event.key, chainKey: chainKeyOf(input.workflowId, input.dealCode), dealCode: input.dealCode,
        regionCode: input.regionCode, kind: event.kind, actor: event.actor, payload: event.payload, occurredAt: event.occurredAt,
      });
      if (event.kind === 'step.stuck' && input.dealCode) await raiseStuckAlert(trx, input, event);
    }
  });
}

/**
 * A step that keeps failing is an alert for the deal's supervisors too (GET /api/alerts), beside the incident on the
 * deal and the event on its trail: one row per stuck step, keyed by the event.
 */
async function raiseStuckAlert(trx: Db, input: ProjectionInput, event: NonNullable<ProjectionInput['events']>[number]): Promise<void> {
  await SupervisionAlert.query(trx).insert({
    evaluation_key: event.key, deal_code: input.dealCode!, region_code: input.regionCode, rule_id: 'STEP_STUCK', result: 'found',
    severity: 'warning', legal_basis: '平台运行保障：交易环节长时间未完成，需运维处置（GGZY_STUCK_STEP_MINUTES）',
    evidence: canonicalJson({ workflowId: input.workflowId, ...event.payload, since: event.occurredAt }), evaluated_at: event.occurredAt,
  }).onConflict('evaluation_key').ignore();
}

