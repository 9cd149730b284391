import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowProbe, type Db } from '@ggzy/db';
import { CityKey, WORKFLOW_TYPES, type ProbeInput, type ProbeResult } from '@ggzy/workflows';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';

export interface ProbeView { id: number; workflowId: string; message: string; regionCode: string; createdAt: string }

function view(row: WorkflowProbe): ProbeView {
  return { id: row.id, workflowId: row.workflow_id, message: row.message, regionCode: row.region_code, createdAt: row.created_at };
}

/** Starts the probe workflow for the caller's region; waits for it unless asked not to. */
export async function runProbe(
  deps: { db: Db; temporal: TemporalGateway },
  principal: Principal,
  request: { message: string; delaySeconds: number; wait: boolean },
): Promise<{ workflowId: string; probe?: ProbeView }> {
  const workflowId = `probe-${randomUUID()}`;
  const input: ProbeInput = {
    message: request.message, regionCode: principal.regionCode, createdBy: principal.userId, delaySeconds: request.delaySeconds,
  };
  let handle;
  try {
    handle = await deps.temporal.startUnique(WORKFLOW_TYPES.probe, {
      workflowId, args: [input], searchAttributes: [{ key: CityKey, value: principal.regionCode }],
    });
  } catch (err) {
    throw new AppError('TEMPORAL_UNAVAILABLE', undefined, (err as Error).message);
  }
  if (!request.wait) return { workflowId };
  const result = await Promise.race([
    handle.result() as Promise<ProbeResult>,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000).unref()),
  ]).catch((err: unknown) => {
    if (err instanceof WorkflowFailedError || err instanceof WorkflowNotFoundError) throw new AppError('INTERNAL', undefined, String(err));
    throw err;
  });
  if (!result) throw new AppError('WORKFLOW_TIMEOUT');
  const probe = await getProbe(deps.db, principal, result.probeId);
  return { workflowId, probe };
}

/** Reads a probe; one outside the caller's regions is "not found", never "forbidden". */
export async function getProbe(db: Db, principal: Principal, id: number): Promise<ProbeView> {
  const row = await WorkflowProbe.query(db).findById(id);
  if (!row || !canSeeRegion(principal, row.region_code)) throw new AppError('NOT_FOUND');
  return view(row);
}
