// Process definitions: deploy a model as an immutable version for a region; resolve the city variant at start.
import { ProcessDefinition, Region, type Db } from '@ggzy/db';
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
}

export interface Deployed {
  definition: DefinitionRef;
  id: number;
  created: boolean;
  warnings: Problem[];
}

function refOf(row: ProcessDefinition): DefinitionRef {
  return { key: row.process_key, regionCode: row.region_code, version: row.version, hash: row.hash };
}

/**
 * Compiles and stores a new version. Deploying the same content again returns the existing version
 * (idempotent); versions are never changed after deployment.
 */
export async function deployDefinition(db: Db, request: DeployRequest): Promise<Deployed> {
  const forms = request.forms ?? {};
  const compiled = await compileBpmn(request.xml, { taskTypes: TASK_TYPES, forms });
  if (!compiled.model) throw new DeployRefused(compiled.errors, compiled.warnings);
  const model = compiled.model;
  return db.transaction(async (trx) => {
    const same = await ProcessDefinition.query(trx).findOne({ process_key: model.key, region_code: request.regionCode, hash: model.hash });
    if (same) return { definition: refOf(same), id: same.id, created: false, warnings: compiled.warnings };
    const latest = await ProcessDefinition.query(trx).where({ process_key: model.key, region_code: request.regionCode }).max('version as v').first();
    const version = Number((latest as unknown as { v: number | null })?.v ?? 0) + 1;
    const row = await ProcessDefinition.query(trx).insertAndFetch({
      process_key: model.key, region_code: request.regionCode, version, hash: model.hash, name: model.name,
      bpmn_xml: request.xml, model: JSON.stringify(model), forms: JSON.stringify(forms), deployed_by: request.deployedBy,
    });
    // a new version changes how every later deal of the region runs: on the trail with who deployed it
    await appendSupervisionEvent(trx, {
      idempotencyKey: `definition.deployed:${model.key}:${request.regionCode}:${version}`, dealCode: null, regionCode: request.regionCode,
      kind: 'definition.deployed', actor: request.actor ?? 'system',
      payload: { key: model.key, name: model.name, version, hash: model.hash, forms: Object.keys(forms).sort() },
    });
    return { definition: refOf(row), id: row.id, created: true, warnings: compiled.warnings };
  });
}

export interface ResolvedDefinition { id: number; definition: DefinitionRef; model: ProcessModel; forms: Record<string, FormSchema> }

function resolved(row: ProcessDefinition): ResolvedDefinition {
  return { id: row.id, definition: refOf(row), model: JSON.parse(row.model) as ProcessModel, forms: JSON.parse(row.forms) as Record<string, FormSchema> };
}

/** The latest version for the city, else the latest provincial default (the city's parent region). */
export async function resolveDefinition(db: Db, key: string, regionCode: string): Promise<ResolvedDefinition> {
  const region = await Region.query(db).findById(regionCode);
  for (const code of [regionCode, region?.parent_code].filter((c): c is string => Boolean(c))) {
    const row = await ProcessDefinition.query(db).where({ process_key: key, region_code: code }).orderBy('version', 'desc').first();
    if (row) return resolved(row);
  }
  throw new DefinitionNotFound(key, regionCode);
}

export async function getDefinitionVersion(db: Db, key: string, regionCode: string, version: number): Promise<ResolvedDefinition | null> {
  const row = await ProcessDefinition.query(db).findOne({ process_key: key, region_code: regionCode, version });
  return row ? resolved(row) : null;
}
