// Decision tables (DMN), deployed like procedures: each decision of a DMN file becomes an immutable version for a
// region, resolved at run time for the deal's city (its own version, else the province's). Four eyes as for procedure
// versions: a table a person deploys waits (`pending`) until a second designer or the system administrator approves
// it — a table decides for every later deal of the region — and the one who deployed it cannot; the reference tables
// shipped with the platform are in effect at once (reference.ts). Deploys and reviews are on the trail.
import { DecisionDefinition, Region, type Db, type DefinitionStatus } from '@ggzy/db';
import { compileDmn, type DecisionModel, type DecisionRef, type Problem } from '@ggzy/process';
import { appendSupervisionEvent } from '../supervision/trail';
import { DefinitionReviewRefused, DeployRefused, type DefinitionReview } from '../definitions/definitions';

export class DecisionNotFound extends Error {
  constructor(readonly key: string, readonly regionCode: string) {
    super(`no decision "${key}" in effect for region ${regionCode} or its province`);
    this.name = 'DecisionNotFound';
  }
}

export interface DecisionDeployRequest {
  xml: string;
  regionCode: string;
  deployedBy: number | null;
  actor?: string;
  /** Only for the reference tables shipped with the platform: in effect at once. */
  reviewedDefault?: true;
}

export interface DeployedDecision { decision: DecisionRef; id: number; status: DefinitionStatus; created: boolean }

function refOf(row: DecisionDefinition): DecisionRef {
  return { key: row.decision_key, regionCode: row.region_code, version: row.version, hash: row.hash };
}

/** Compiles a DMN file and stores a new version of each decision that changed (the same content keeps its version). */
export async function deployDecisions(db: Db, request: DecisionDeployRequest): Promise<{ decisions: DeployedDecision[]; warnings: Problem[] }> {
  const compiled = await compileDmn(request.xml);
  if (compiled.errors.length) throw new DeployRefused(compiled.errors, compiled.warnings);
  const decisions = await db.transaction(async (trx) => {
    const out: DeployedDecision[] = [];
    for (const model of compiled.decisions) {
      const same = await DecisionDefinition.query(trx).findOne({ decision_key: model.key, region_code: request.regionCode, hash: model.hash });
      if (same) {
        out.push({ decision: refOf(same), id: same.id, status: same.status, created: false });
        continue;
      }
      const latest = await DecisionDefinition.query(trx).where({ decision_key: model.key, region_code: request.regionCode }).max('version as v').first();
      const version = Number((latest as unknown as { v: number | null })?.v ?? 0) + 1;
      const status: DefinitionStatus = request.reviewedDefault ? 'active' : 'pending';
      const row = await DecisionDefinition.query(trx).insertAndFetch({
        decision_key: model.key, region_code: request.regionCode, version, hash: model.hash, name: model.name,
        dmn_xml: request.xml, model: JSON.stringify(model), deployed_by: request.deployedBy, status,
      });
      await appendSupervisionEvent(trx, {
        idempotencyKey: `decision.deployed:${model.key}:${request.regionCode}:${version}`, dealCode: null, regionCode: request.regionCode,
        kind: 'decision.deployed', actor: request.actor ?? 'system',
        payload: { key: model.key, name: model.name, version, hash: model.hash, hitPolicy: model.hitPolicy, rules: model.rules.length, status },
      });
      out.push({ decision: refOf(row), id: row.id, status, created: true });
    }
    return out;
  });
  return { decisions, warnings: compiled.warnings };
}

export interface ResolvedDecision { decision: DecisionRef; model: DecisionModel }

/** The version in effect for the region: its own newest approved one, else its province's. */
export async function resolveDecision(db: Db, key: string, regionCode: string): Promise<ResolvedDecision> {
  const region = await Region.query(db).findById(regionCode);
  for (const code of [regionCode, region?.parent_code].filter((c): c is string => Boolean(c))) {
    const row = await DecisionDefinition.query(db).where({ decision_key: key, region_code: code, status: 'active' }).orderBy('version', 'desc').first();
    if (row) return { decision: refOf(row), model: JSON.parse(row.model) as DecisionModel };
  }
  throw new DecisionNotFound(key, regionCode);
}

export interface DecisionVersion extends DecisionRef {
  name: string | null;
  status: DefinitionStatus;
  deployedAt: string;
  deployedBy: number | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  model: DecisionModel;
}

/** Every version of the decisions of the given regions, newest first. */
export async function listDecisionVersions(db: Db, regionCodes: readonly string[] | null): Promise<DecisionVersion[]> {
  const q = DecisionDefinition.query(db).orderBy([{ column: 'decision_key' }, { column: 'region_code' }, { column: 'version', order: 'desc' }]);
  if (regionCodes) q.whereIn('region_code', regionCodes);
  return (await q).map((row) => ({
    ...refOf(row), name: row.name, status: row.status, deployedAt: row.deployed_at, deployedBy: row.deployed_by,
    reviewedBy: row.reviewed_by, reviewedAt: row.reviewed_at, reviewReason: row.review_reason, model: JSON.parse(row.model) as DecisionModel,
  }));
}

/** Approves or rejects a pending version, as for procedure versions (not by the one who deployed it; once). */
export async function reviewDecision(db: Db, review: DefinitionReview): Promise<{ decision: DecisionRef; status: DefinitionStatus }> {
  const now = (review.now ?? new Date()).toISOString();
  return db.transaction(async (trx) => {
    const row = await DecisionDefinition.query(trx).findOne({ decision_key: review.key, region_code: review.regionCode, version: review.version });
    if (!row) throw new DefinitionReviewRefused('NOT_FOUND');
    if (row.deployed_by !== null && row.deployed_by === review.reviewer.userId) throw new DefinitionReviewRefused('SELF_APPROVAL');
    if (row.status !== 'pending') throw new DefinitionReviewRefused('NOT_PENDING');
    const status: DefinitionStatus = review.decision === 'approve' ? 'active' : 'rejected';
    const taken = await DecisionDefinition.query(trx).patch({ status, reviewed_by: review.reviewer.username, reviewed_at: now, review_reason: review.reason ?? null })
      .where('id', row.id).where('status', 'pending');
    if (Number(taken) !== 1) throw new DefinitionReviewRefused('NOT_PENDING');
    const kind = review.decision === 'approve' ? 'decision.approved' : 'decision.rejected';
    await appendSupervisionEvent(trx, {
      idempotencyKey: `${kind}:${row.decision_key}:${row.region_code}:${row.version}`, dealCode: null, regionCode: row.region_code,
      kind, actor: review.reviewer.username, occurredAt: now,
      payload: { key: row.decision_key, version: row.version, hash: row.hash, role: review.reviewer.role, deployedBy: row.deployed_by, ...(review.reason ? { reason: review.reason } : {}) },
    });
    return { decision: refOf(row), status };
  });
}
