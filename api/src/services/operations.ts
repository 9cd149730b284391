// The operations console (运行监控): the running deals that wait on an incident — a gateway none of whose flows holds,
// a condition that fails to evaluate, a step that keeps failing — with their causes, across the caller's regions; and
// the retry an operator asks for once the cause is put right (the deal's steps waiting on an incident look again).
// The deal's variables are not shown here: the system administrator runs operations without reading deals.
import { randomUUID } from 'node:crypto';
import { ProcessInstance, type Db } from '@ggzy/db';
import { retryIncidentsUpdate } from '@ggzy/workflows';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { mapUpdateError } from './processes';

type Deps = { db: Db; temporal: TemporalGateway };

export interface IncidentRow {
  workflowId: string;
  dealCode: string | null;
  processKey: string;
  version: number;
  regionCode: string;
  lifecycle: string;
  incidents: string[];
  updatedAt: string;
}

export async function listIncidents(db: Db, principal: Principal, query: { regionCode?: string; limit?: number }): Promise<IncidentRow[]> {
  if (query.regionCode && !canSeeRegion(principal, query.regionCode)) throw new AppError('NOT_FOUND');
  const q = ProcessInstance.query(db).where('incident_count', '>', 0).whereNotIn('lifecycle', ['completed', 'terminated', 'failed'])
    .orderBy('updated_at', 'desc').limit(Math.min(query.limit ?? 200, 500));
  if (query.regionCode) q.where('region_code', query.regionCode);
  return (await q).filter((r) => canSeeRegion(principal, r.region_code)).map((r) => ({
    workflowId: r.workflow_id, dealCode: r.deal_code, processKey: r.process_key, version: Number(r.version), regionCode: r.region_code,
    lifecycle: r.lifecycle, incidents: r.incidents ? (JSON.parse(r.incidents) as string[]) : [], updatedAt: r.updated_at,
  }));
}

/** Asks the deal's steps waiting on incidents to look again; outside the caller's regions the deal does not exist. */
export async function retry(deps: Deps, principal: Principal, workflowId: string, reason: string) {
  const row = await ProcessInstance.query(deps.db).findById(workflowId);
  if (!row || !canSeeRegion(principal, row.region_code)) throw new AppError('NOT_FOUND');
  try {
    return await deps.temporal.client.workflow.getHandle(workflowId).executeUpdate(retryIncidentsUpdate, {
      args: [{ operationId: randomUUID(), reason, actor: { userId: principal.userId, username: principal.username, role: principal.role, regionCode: principal.regionCode } }],
    });
  } catch (err) {
    return mapUpdateError(err);
  }
}
