// Oversight beyond the feed: the trail verifier, alert evaluations and complaints (投诉), each scoped to the
// caller's regions.
import { randomInt } from 'node:crypto';
import { Complaint, Deal, loadRuntimeConfig, SupervisionAlert, type Db } from '@ggzy/db';
import { loadTrailKey, verifyTrail, type TrailVerdict } from '@ggzy/domain';
import { realRegions, type Principal } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { launchProcess, resolveForRegion } from './processes';
import { requireFormData, startFormOf } from './forms';

type Deps = { db: Db; temporal: TemporalGateway };

/** Recomputes the whole trail against the signed checkpoints (with the platform's public trail key). */
export async function verify(db: Db): Promise<TrailVerdict> {
  let key = null;
  try {
    key = loadTrailKey(loadRuntimeConfig().dataDir, process.env, false);
  } catch {
    key = null; // no key configured: checkpoints cannot be trusted, and the verdict says so if there are any
  }
  return verifyTrail(db, key);
}

export interface AlertFilter { dealCode?: string; result?: string; ruleId?: string; limit: number; before?: number }

export async function alerts(db: Db, principal: Principal, filter: AlertFilter) {
  // the training sandbox's alerts (演练) only when its deal is asked for: they count nowhere among the real ones
  const query = SupervisionAlert.query(db).whereIn('region_code', filter.dealCode ? principal.visibleRegions as string[] : realRegions(principal));
  if (filter.dealCode) query.where('deal_code', filter.dealCode);
  if (filter.result) query.where('result', filter.result);
  if (filter.ruleId) query.where('rule_id', filter.ruleId);
  if (filter.before) query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit);
  return rows.map((r) => ({
    id: Number(r.id), dealCode: r.deal_code, regionCode: r.region_code, ruleId: r.rule_id, result: r.result, severity: r.severity,
    legalBasis: r.legal_basis, evidence: JSON.parse(String(r.evidence)) as unknown,
    evaluatedAt: r.evaluated_at,
  }));
}

export interface NewComplaint {
  dealCode: string;
  complainant: { creditCode: string; name: string };
  grounds: string;
  knownOn: string;
}

/** Starts the complaint procedure (the reference process `complaint`, or the city's variant) about a visible deal. */
export async function fileComplaint(deps: Deps, principal: Principal, body: NewComplaint) {
  const deal = await Deal.query(deps.db).where('deal_code', body.dealCode).select('deal_code', 'region_code').limit(1).first();
  if (!deal || !principal.visibleRegions.includes(deal.region_code)) throw new AppError('NOT_FOUND');
  const complaintNo = `${deal.deal_code}-TS${Date.now().toString(36).toUpperCase()}${randomInt(36 ** 2).toString(36).toUpperCase()}`;
  return launchComplaint(deps, { ...body, regionCode: deal.region_code, complaintNo, startedBy: principal.username });
}

/**
 * Starts the complaint procedure for a registered deal under the complaint's number (its workflow id carries it, so a
 * number is started once: a second start is CONFLICT). Supervisors file what reaches them on paper; parties file
 * their own (services/party-complaints.ts).
 */
export async function launchComplaint(deps: Deps, c: NewComplaint & { regionCode: string; complaintNo: string; startedBy: string }) {
  const resolved = await resolveForRegion(deps.db, 'complaint', c.regionCode);
  // the complaint procedure's start form (投诉登记) checks what the complainant gave; the number is the platform's
  const given = { complainant: c.complainant, grounds: c.grounds, knownOn: c.knownOn };
  const startForm = startFormOf(resolved.model, resolved.forms);
  if (startForm) await requireFormData(deps.db, startForm.form, given, 'body');
  const workflowId = `complaint-${c.complaintNo}`;
  await launchProcess(deps, {
    resolved, processKey: 'complaint', workflowId, regionCode: c.regionCode, dealCode: c.dealCode,
    variables: { complaintNo: c.complaintNo, ...given }, startedBy: c.startedBy,
  });
  return { complaintNo: c.complaintNo, workflowId };
}

export async function complaints(db: Db, principal: Principal, filter: { status?: string; dealCode?: string; limit: number; offset: number }) {
  const query = Complaint.query(db).whereIn('region_code', principal.visibleRegions as string[]);
  if (filter.status) query.where('status', filter.status);
  if (filter.dealCode) query.where('deal_code', filter.dealCode);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset);
  return rows.map((r) => ({
    complaintNo: r.complaint_no, workflowId: r.workflow_id, dealCode: r.deal_code, regionCode: r.region_code,
    complainant: { creditCode: r.complainant_credit_code, name: r.complainant_name }, status: r.status,
    dealSuspended: Boolean(r.deal_suspended), decision: r.decision ?? null, filedAt: r.filed_at ?? null, decidedAt: r.decided_at ?? null,
  }));
}
