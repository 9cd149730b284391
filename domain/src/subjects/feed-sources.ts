// Where registry batches come from on a schedule (README, "Registry feeds"):
// - an HTTP feed: GET <GGZY_REGISTRY_FEED_URL> answers {"batches":[…]} — the register's recent batches, oldest first;
//   every one is imported, and those already imported answer their stored report (the import is idempotent), so the
//   feed needs no cursor and a missed pass loses nothing;
// - an inbox directory: one batch per *.json file; imported files move to done/, refused ones to refused/ beside a
//   .report.json saying why.
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ConfigError } from '@ggzy/db';
import { BusinessError } from '../step';
import { importRegistryBatch, type ImportReport } from './registry';

export interface RegistryFeedConfig {
  url: string | null;
  token: string | null;
  inbox: string | null;
  intervalMs: number;
  timeoutMs: number;
}

/** The scheduled import's settings, or null when neither a feed URL nor an inbox is configured. */
export function loadRegistryFeedConfig(env: NodeJS.ProcessEnv = process.env): RegistryFeedConfig | null {
  const url = env.GGZY_REGISTRY_FEED_URL?.trim() || null;
  const inbox = env.GGZY_REGISTRY_INBOX?.trim() || null;
  if (!url && !inbox) return null;
  if (url) {
    let parsed: URL;
    try { parsed = new URL(url); } catch { throw new ConfigError(`GGZY_REGISTRY_FEED_URL=${url} is not a URL`); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError('GGZY_REGISTRY_FEED_URL must be an http:// or https:// URL');
  }
  const minutes = Number(env.GGZY_REGISTRY_IMPORT_MINUTES ?? 60);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 7 * 24 * 60) throw new ConfigError(`GGZY_REGISTRY_IMPORT_MINUTES=${env.GGZY_REGISTRY_IMPORT_MINUTES} must be a number of minutes from 1 to 10080`);
  return { url, token: env.GGZY_REGISTRY_FEED_TOKEN || null, inbox, intervalMs: minutes * 60_000, timeoutMs: 30_000 };
}

export interface FeedPassReport { fetched: number; imported: ImportReport[]; failed: Array<{ batch: string; error: string }> }

const ACTOR = 'system:registry-feed';

async function importOne(db: Knex, batch: unknown, now: Date, pass: FeedPassReport, label: string): Promise<ImportReport | null> {
  try {
    const report = await importRegistryBatch(db, batch, { now, actor: ACTOR });
    pass.imported.push(report);
    return report;
  } catch (err) {
    if (!(err instanceof BusinessError)) throw err; // the database is down: the pass fails and is retried
    pass.failed.push({ batch: label, error: `${err.code}: ${err.en}` });
    return null;
  }
}

/** One pull of the HTTP feed. A transport error or a malformed answer fails the pass (retried at the next one). */
export async function pullRegistryFeed(db: Knex, config: Pick<RegistryFeedConfig, 'url' | 'token' | 'timeoutMs'>, now = new Date()): Promise<FeedPassReport> {
  const pass: FeedPassReport = { fetched: 0, imported: [], failed: [] };
  if (!config.url) return pass;
  const res = await fetch(config.url, {
    headers: { accept: 'application/json', ...(config.token ? { authorization: `Bearer ${config.token}` } : {}) },
    signal: AbortSignal.timeout(config.timeoutMs),
  });
  if (!res.ok) throw new Error(`registry feed answered HTTP ${res.status}`);
  const body = await res.json() as { batches?: unknown };
  if (!Array.isArray(body.batches)) throw new Error('registry feed answer has no "batches" array');
  pass.fetched = body.batches.length;
  for (const [i, batch] of body.batches.entries()) {
    const id = typeof (batch as { batchId?: unknown })?.batchId === 'string' ? (batch as { batchId: string }).batchId : `#${i}`;
    await importOne(db, batch, now, pass, id);
  }
  return pass;
}

/** One pass over the inbox: each *.json file imported and moved to done/, or to refused/ with its reason. */
export async function importRegistryInbox(db: Knex, inbox: string, now = new Date()): Promise<FeedPassReport> {
  const pass: FeedPassReport = { fetched: 0, imported: [], failed: [] };
  let files: string[];
  try {
    files = readdirSync(inbox).filter((f) => f.endsWith('.json') && !f.endsWith('.report.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return pass;
    throw err;
  }
  for (const file of files) {
    pass.fetched++;
    const from = path.join(inbox, file);
    let batch: unknown;
    try {
      batch = JSON.parse(readFileSync(from, 'utf8'));
    } catch (err) {
      pass.failed.push({ batch: file, error: `not JSON: ${(err as Error).message}` });
    }
    const report = batch === undefined ? null : await importOne(db, batch, now, pass, file);
    const to = path.join(inbox, report ? 'done' : 'refused');
    mkdirSync(to, { recursive: true });
    if (report) writeFileSync(path.join(to, `${file.slice(0, -5)}.report.json`), `${JSON.stringify(report, null, 2)}\n`);
    else writeFileSync(path.join(to, `${file.slice(0, -5)}.report.json`), `${JSON.stringify(pass.failed.at(-1), null, 2)}\n`);
    renameSync(from, path.join(to, file));
  }
  return pass;
}
