// Process definitions: deploy a model as an immutable version for a region; resolve the city variant at start.
// Four eyes (双人复核, 等保2.0 level 3 安全管理): a version a person deploys waits (`pending`) and no deal starts on it
// until a second person — another designer, or the system administrator — approves it; the one who deployed it cannot.
// Until then new deals keep starting on the version in effect. Approval and rejection are on the trail.
// The one exception is the platform's own reference procedures, deployed by the system at start-up
// (reference.ts): they are the province's reviewed defaults, reviewed where they are written and shipped with the
// platform, and nobody deploys them through the api.
import { DecisionDefinition, ProcessDefinition, Region, type Db, type DefinitionStatus } from '@ggzy/db';
import { appendSupervisionEvent } from '../supervision/trail';
import { compileBpmn, TASK_TYPES, type DefinitionRef, type FormSchema, type Problem, type ProcessModel } from '@ggzy/process';

export class DeployRefused extends Error {
  constructor(readonly problems: Problem[], readonly warnings: Problem[]) {
    super(`the model has ${problems.length} problem(s)`);
    this.name = 'DeployRefused';
  }
}

export class DefinitionNotFound extends Error {
  constructor(readonly key: string, readonly regionCode: string) {
    super(`no deployed process "${key}" for region ${regionCode} or its province`);
    this.name = 'DefinitionNotFound';
  }
}

export interface DeployRequest {
  xml: string;
  forms?: Record<string, FormSchema>;
  regionCode: string;
  deployedBy: number | null;
  /** Who deploys, for the trail (a username; unset: `system`, a seed or a script). */
  actor?: string;
  /**
   * Only for the reference procedures shipped with the platform (the province's reviewed defaults): the version is in
   * effect at once. Every other deployment waits for a second person's approval.
   */
  reviewedDefault?: true;
}

export interface Deployed {
  definition: DefinitionRef;
  id: number;
  status: DefinitionStatus;
  created: boolean;
  warnings: Problem[];
}

function refOf(row: ProcessDefinition): DefinitionRef {
  return { key: row.process_key, regionCode: row.region_code, version: row.version, hash: row.hash };
}

/**
 * The keys of the decision tables deployed for the region or its province, in effect or waiting for review: a
 * business rule task naming none of them is worth a warning at deploy (the table may follow the procedure).
 */
async function deployedDecisionKeys(db: Db, regionCode: string): Promise<string[]> {
  const region = await Region.query(db).findById(regionCode);
  const regions = [regionCode, ...(region?.parent_code ? [region.parent_code] : [])];
  const rows = await DecisionDefinition.query(db).whereIn('region_code', regions).whereIn('status', ['active', 'pending']).distinct('decision_key');
  return rows.map((r) => r.decision_key).sort();
}

/**
 * Compiles and stores a new version. Deploying the same content again returns the existing version
 * (idempotent); versions are never changed after deployment.
 */
export async function deployDefinition(db: Db, request: DeployRequest): Promise<Deployed> {
  const forms = request.forms ?? {};
  const compiled = await compileBpmn(request.xml, { taskTypes: TASK_TYPES, forms, decisions: await deployedDecisionKeys(db, request.regionCode) });
  if (!compiled.model) throw new DeployRefused(compiled.errors, compiled.warnings);
  const model = compiled.model;
  return db.transaction(async (trx) => {
    const same = await ProcessDefinition.query(trx).findOne({ process_key: model.key, region_code: request.regionCode, hash: model.hash });
    if (same) return { definition: refOf(same), id: same.id, status: same.status, created: false, warnings: compiled.warnings };
    const latest = await ProcessDefinition.query(trx).where({ process_key: model.key, region_code: request.regionCode }).max('version as v').first();
    const version = Number((latest as unknown as { v: number | null })?.v ?? 0) + 1;
    const status: DefinitionStatus = request.reviewedDefault ? 'active' : 'pending';
    const row = await ProcessDefinition.query(trx).insertAndFetch({
      process_key: model.key, region_code: request.regionCode, version, hash: model.hash, name: model.name,
      bpmn_xml: request.xml, model: JSON.stringify(model), forms: JSON.stringify(forms), deployed_by: request.deployedBy, status,
    });
    // a new version changes how every later deal of the region runs: on the trail with who deployed it
    await appendSupervisionEvent(trx, {
      idempotencyKey: `definition.deployed:${model.key}:${request.regionCode}:${version}`, dealCode: null, regionCode: request.regionCode,
      kind: 'definition.deployed', actor: request.actor ?? 'system',
      payload: { key: model.key, name: model.name, version, hash: model.hash, forms: Object.keys(forms).sort(), status },
    });
    return { definition: refOf(row), id: row.id, status, created: true, warnings: compiled.warnings };
  });
}

export interface ResolvedDefinition { id: number; definition: DefinitionRef; model: ProcessModel; forms: Record<string, FormSchema> }

function resolved(row: ProcessDefinition): ResolvedDefinition {
  return { id: row.id, definition: refOf(row), model: JSON.parse(row.model) as ProcessModel, forms: JSON.parse(row.forms) as Record<string, FormSchema> };
}

/**
 * The latest approved (`active`) version for the city, else the latest approved provincial default (the city's parent
 * region). A version waiting for approval, or rejected, starts nothing.
 */
export async function resolveDefinition(db: Db, key: string, regionCode: string): Promise<ResolvedDefinition> {
  const region = await Region.query(db).findById(regionCode);
  for (const code of [regionCode, region?.parent_code].filter((c): c is string => Boolean(c))) {
    const row = await ProcessDefinition.query(db).where({ process_key: key, region_code: code, status: 'active' }).orderBy('version', 'desc').first();
    if (row) return resolved(row);
  }
  throw new DefinitionNotFound(key, regionCode);
}

export async function getDefinitionVersion(db: Db, key: string, regionCode: string, version: number): Promise<ResolvedDefinition | null> {
  const row = await ProcessDefinition.query(db).findOne({ process_key: key, region_code: regionCode, version });
  return row ? resolved(row) : null;
}

export type ReviewRefusal = 'NOT_FOUND' | 'NOT_PENDING' | 'SELF_APPROVAL';

export class DefinitionReviewRefused extends Error {
  constructor(readonly reason: ReviewRefusal) {
    super(`the version cannot be reviewed: ${reason}`);
    this.name = 'DefinitionReviewRefused';
  }
}

export interface DefinitionReview {
  key: string;
  regionCode: string;
  version: number;
  /** The reviewer: a designer other than the one who deployed the version, or the system administrator. */
  reviewer: { userId: number; username: string; role: string };
  decision: 'approve' | 'reject';
  /** Why it is rejected (required for a rejection; kept on the version and on the trail). */
  reason?: string;
  now?: Date;
}

/**
 * Approves a pending version (from now on new deals of the region start on it, unless a later version is approved)
 * or rejects it (it never starts a deal). The one who deployed a version never reviews it. The decision is taken
 * once: of two reviewers at the same moment, one wins and the other is told the version is no longer pending.
 */
export async function reviewDefinition(db: Db, review: DefinitionReview): Promise<{ definition: DefinitionRef; status: DefinitionStatus }> {
  const now = (review.now ?? new Date()).toISOString();
  return db.transaction(async (trx) => {
    const row = await ProcessDefinition.query(trx).findOne({ process_key: review.key, region_code: review.regionCode, version: review.version });
    if (!row) throw new DefinitionReviewRefused('NOT_FOUND');
    if (row.deployed_by !== null && row.deployed_by === review.reviewer.userId) throw new DefinitionReviewRefused('SELF_APPROVAL');
    if (row.status !== 'pending') throw new DefinitionReviewRefused('NOT_PENDING');
    const status: DefinitionStatus = review.decision === 'approve' ? 'active' : 'rejected';
    const taken = await ProcessDefinition.query(trx).patch({ status, reviewed_by: review.reviewer.username, reviewed_at: now, review_reason: review.reason ?? null })
      .where('id', row.id).where('status', 'pending');
    if (Number(taken) !== 1) throw new DefinitionReviewRefused('NOT_PENDING');
    const kind = review.decision === 'approve' ? 'definition.approved' : 'definition.rejected';
    await appendSupervisionEvent(trx, {
      idempotencyKey: `${kind}:${row.process_key}:${row.region_code}:${row.version}`, dealCode: null, regionCode: row.region_code,
      kind, actor: review.reviewer.username, occurredAt: now,
      payload: {
        key: row.process_key, version: row.version, hash: row.hash, role: review.reviewer.role, deployedBy: row.deployed_by,
        ...(review.reason ? { reason: review.reason } : {}),
      },
    });
    return { definition: refOf(row), status };
  });
}
