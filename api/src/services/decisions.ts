// Decision tables (DMN) through the api: deploy (each table a pending version for a region), list and read the
// versions of the caller's regions, the four-eyes review, and a try-it evaluation of a deployed version or of an
// unsaved file — so a designer sees what a table decides before anyone approves it. Region scope is checked here, as
// for procedure versions: outside the caller's regions (and its province's defaults) a version does not exist.
import { DecisionDefinition, Region, User, type Db, type DefinitionStatus } from '@ggzy/db';
import { DefinitionReviewRefused, DeployRefused, deployDecisions, reviewDecision } from '@ggzy/domain';
import { compileDmn, DecisionError, evaluateDecision, type DecisionModel, type Problem } from '@ggzy/process';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError, type ErrorCode, type ErrorDetail } from '../http/errors';
import { refuseSandboxInProduction } from './processes';

type Deps = { db: Db; production?: boolean };

/** The compiler's problems as details: the element (path), the stable code and the message in the request's language. */
function problemDetails(problems: Problem[]): ErrorDetail[] {
  return problems.map((p) => ({ path: p.element ?? '(document)', code: p.code, message: `${p.code}: ${p.message}`, messages: { zh: `${p.code}: ${p.message}`, en: `${p.code}: ${p.messageEn}` } }));
}

async function readableRegions(db: Db, principal: Principal): Promise<string[]> {
  const region = await Region.query(db).findById(principal.regionCode);
  return [...principal.visibleRegions, ...(region?.parent_code ? [region.parent_code] : [])];
}

export async function deploy(deps: Deps, principal: Principal, body: { xml: string; regionCode?: string }) {
  const regionCode = body.regionCode ?? principal.regionCode;
  if (!canSeeRegion(principal, regionCode)) throw new AppError('FORBIDDEN');
  if (!(await Region.query(deps.db).findById(regionCode))) throw new AppError('VALIDATION_FAILED', [{ path: 'body.regionCode', message: 'unknown region' }]);
  await refuseSandboxInProduction(deps, regionCode);
  try {
    const deployed = await deployDecisions(deps.db, { xml: body.xml, regionCode, deployedBy: principal.userId, actor: principal.username });
    return {
      decisions: deployed.decisions.map((d) => ({ decision: d.decision, status: d.status, created: d.created })),
      created: deployed.decisions.some((d) => d.created),
      warnings: deployed.warnings,
    };
  } catch (err) {
    if (err instanceof DeployRefused) throw new AppError('DECISION_DEPLOY_REFUSED', problemDetails(err.problems));
    throw err;
  }
}

export interface DecisionFilter { key?: string; regionCode?: string; status?: DefinitionStatus; limit?: number; offset?: number }

async function usernames(db: Db, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map((await User.query(db).whereIn('id', wanted).select('id', 'username')).map((u) => [u.id, u.username]));
}

/** Every version of the decisions of the caller's regions and its province, newest first per decision and region. */
export async function listVersions(db: Db, principal: Principal, filter: DecisionFilter = {}) {
  const query = DecisionDefinition.query(db).whereIn('region_code', await readableRegions(db, principal))
    .select('decision_key', 'region_code', 'version', 'hash', 'name', 'deployed_at', 'deployed_by', 'status', 'reviewed_by', 'reviewed_at', 'review_reason', 'model')
    .orderBy([{ column: 'decision_key' }, { column: 'region_code' }, { column: 'version', order: 'desc' }]);
  if (filter.key) query.where('decision_key', filter.key);
  if (filter.regionCode) query.where('region_code', filter.regionCode);
  if (filter.status) query.where('status', filter.status);
  if (filter.limit !== undefined) query.limit(filter.limit).offset(filter.offset ?? 0);
  const rows = await query;
  const deployers = await usernames(db, rows.map((r) => r.deployed_by));
  return rows.map((r) => {
    const model = JSON.parse(r.model) as DecisionModel;
    return {
      key: r.decision_key, regionCode: r.region_code, version: r.version, hash: r.hash, name: r.name, hitPolicy: model.hitPolicy, rules: model.rules.length,
      deployedAt: r.deployed_at, deployedBy: r.deployed_by === null ? null : deployers.get(r.deployed_by) ?? null,
      status: r.status, reviewedBy: r.reviewed_by, reviewedAt: r.reviewed_at, reviewReason: r.review_reason,
    };
  });
}

async function findVersion(db: Db, principal: Principal, ref: { key: string; regionCode: string; version: number }): Promise<DecisionDefinition> {
  if (!(await readableRegions(db, principal)).includes(ref.regionCode)) throw new AppError('NOT_FOUND');
  const row = await DecisionDefinition.query(db).findOne({ decision_key: ref.key, region_code: ref.regionCode, version: ref.version });
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** One version: its DMN XML and the compiled table. */
export async function version(db: Db, principal: Principal, ref: { key: string; regionCode: string; version: number }) {
  const row = await findVersion(db, principal, ref);
  const deployers = await usernames(db, [row.deployed_by]);
  return {
    decision: { key: row.decision_key, regionCode: row.region_code, version: row.version, hash: row.hash }, name: row.name,
    status: row.status, deployedAt: row.deployed_at, deployedBy: row.deployed_by === null ? null : deployers.get(row.deployed_by) ?? null,
    reviewedBy: row.reviewed_by, reviewedAt: row.reviewed_at, reviewReason: row.review_reason, xml: row.dmn_xml, model: JSON.parse(row.model) as DecisionModel,
  };
}

const REVIEW_REFUSALS: Record<DefinitionReviewRefused['reason'], ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND', NOT_PENDING: 'DEFINITION_NOT_PENDING', SELF_APPROVAL: 'DEFINITION_SELF_APPROVAL',
};

const SELF_APPROVAL = {
  zh: '不能审核自己部署的决策表版本：须由另一名流程设计员或系统管理员审核',
  en: 'You cannot review a decision table version you deployed: another designer or the system administrator must',
};

/** Four eyes: a designer who did not deploy the version, or the system administrator, of the version's region. */
export async function review(db: Db, principal: Principal, ref: { key: string; regionCode: string; version: number }, decision: 'approve' | 'reject', reason?: string) {
  if (!canSeeRegion(principal, ref.regionCode)) throw new AppError('NOT_FOUND');
  try {
    return await reviewDecision(db, { ...ref, decision, reason, reviewer: { userId: principal.userId, username: principal.username, role: principal.role } });
  } catch (err) {
    if (!(err instanceof DefinitionReviewRefused)) throw err;
    const refused = new AppError(REVIEW_REFUSALS[err.reason]);
    if (err.reason === 'SELF_APPROVAL') refused.localized = SELF_APPROVAL;
    throw refused;
  }
}

export type EvaluateRequest =
  | { key: string; regionCode: string; version: number; variables: Record<string, unknown> }
  | { xml: string; key?: string; variables: Record<string, unknown> };

/**
 * Evaluates a table over sample variables as a business rule task would: a deployed version of the caller's regions,
 * or a file not yet deployed (compiled here, nothing stored). Answers the result and the rules that matched.
 */
export async function evaluate(db: Db, principal: Principal, request: EvaluateRequest) {
  let model: DecisionModel;
  if ('xml' in request) {
    const compiled = await compileDmn(request.xml);
    if (compiled.errors.length) throw new AppError('DECISION_INVALID', problemDetails(compiled.errors));
    const found = request.key ? compiled.decisions.find((d) => d.key === request.key) : compiled.decisions[0];
    if (!found) throw new AppError('VALIDATION_FAILED', [{ path: 'body.key', message: `no decision "${request.key}" in the file (it has ${compiled.decisions.map((d) => d.key).join(', ')})` }]);
    model = found;
  } else {
    model = JSON.parse((await findVersion(db, principal, request)).model) as DecisionModel;
  }
  try {
    const result = evaluateDecision(model, request.variables);
    return { key: model.key, hitPolicy: model.hitPolicy, hash: model.hash, result: result.value, matchedRules: result.matchedRules };
  } catch (err) {
    if (!(err instanceof DecisionError)) throw err;
    throw new AppError('DECISION_EVALUATION_FAILED', [{ path: 'body.variables', code: err.code, message: err.message }]);
  }
}
