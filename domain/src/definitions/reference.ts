// The reference procedures shipped with the platform (process/reference/*.bpmn, their forms and decision tables), deployed as the
// province's defaults by the demo seed. Deploying is idempotent: an unchanged file keeps its version.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '@ggzy/db';
import { deployDefinition, type Deployed } from './definitions';
import { deployDecisions } from '../decisions/decisions';

export interface ReferenceProcedure { file: string; xml: string; forms: Record<string, Record<string, unknown>> }

export function referenceDirectory(): string {
  return path.join(path.dirname(require.resolve('@ggzy/process/package.json')), 'reference');
}

/** Form keys a BPMN file's user tasks name (ggzy:formKey="…"). */
function formKeysOf(xml: string): string[] {
  return [...new Set([...xml.matchAll(/ggzy:formKey="([^"]+)"/g)].map((m) => m[1]!))];
}

export function loadReferenceProcedures(directory = referenceDirectory()): ReferenceProcedure[] {
  return readdirSync(directory).filter((f) => f.endsWith('.bpmn')).sort().map((file) => {
    const xml = readFileSync(path.join(directory, file), 'utf8');
    const forms: Record<string, Record<string, unknown>> = {};
    for (const key of formKeysOf(xml)) {
      const formFile = path.join(directory, 'forms', `${key}.json`);
      if (!existsSync(formFile)) throw new Error(`reference procedure ${file} names form ${key}, but ${path.relative(directory, formFile)} is missing`);
      forms[key] = JSON.parse(readFileSync(formFile, 'utf8')) as Record<string, unknown>;
    }
    return { file, xml, forms };
  });
}

/**
 * Deploys every reference procedure for a region (the province: every city inherits it). They are in effect at once,
 * without the four-eyes approval a designer's deployment waits for: they are the province's reviewed defaults, reviewed
 * with the platform's source and shipped with it, and only the system deploys them (the seed at start-up).
 */
export async function deployReferenceProcedures(db: Db, regionCode: string, deployedBy: number | null = null): Promise<Array<Deployed & { file: string }>> {
  // the decision tables their business rule tasks evaluate (decisions/*.dmn), the same way
  const decisions = path.join(referenceDirectory(), 'decisions');
  if (existsSync(decisions)) {
    for (const file of readdirSync(decisions).filter((f) => f.endsWith('.dmn')).sort()) {
      await deployDecisions(db, { xml: readFileSync(path.join(decisions, file), 'utf8'), regionCode, deployedBy, reviewedDefault: true });
    }
  }
  const out: Array<Deployed & { file: string }> = [];
  for (const procedure of loadReferenceProcedures()) {
    out.push({ file: procedure.file, ...(await deployDefinition(db, { xml: procedure.xml, forms: procedure.forms, regionCode, deployedBy, reviewedDefault: true })) });
  }
  return out;
}
