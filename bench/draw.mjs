#!/usr/bin/env node
// npm run bench:draw [-- --experts 100000] [-- --draws 2000] [-- --concurrency 8] [-- --db sqlite|postgres|both] [-- --trace]
// Loads an expert library where the avoidance rules bite — the deals' bidders, tenderees and agents come from a small
// set of busy companies, which employ many experts and to which many experts have declared relations; a share of the
// experts are at or one short of the 30-day draw cap (past draws with their engagements) — into SQLite and into a
// throwaway PostgreSQL database, then runs experts.draw (the real activity: its transaction, the sealed list, the
// trail event) for many deals, `--concurrency` draws at once, timing each. A sample of draws is replayed with
// verifyDraw. For each database it reports p50/p99 with `--concurrency` at once and, before those, of draws run one at
// a time (the cost of a draw without queueing), and how many experts each draw read (the walk's `reached`).
// The last line is one JSON object with both databases.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { ensureDependencies } from '../scripts/lib/deps.mjs';
import { buildAll } from '../scripts/lib/build.mjs';
import { ensurePostgres, withPostgres } from '../scripts/lib/postgres.mjs';
import { choiceArg, numberArg, percentile, round, spread } from './stats.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

const argv = process.argv.slice(2);
const EXPERTS = numberArg(argv, 'experts', 100_000, { min: 100 });
const DRAWS = numberArg(argv, 'draws', 2000, { min: 1 });
const CONCURRENCY = numberArg(argv, 'concurrency', 8, { min: 1 });
const DATABASES = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] }[choiceArg(argv, 'db', 'both', ['sqlite', 'postgres', 'both'])];
const WARMUP = Math.min(100, Math.floor(DRAWS / 10));
/** With --trace: where a draw's time goes, per statement, over the draws timed one at a time and over those run at once. */
const TRACE = argv.includes('--trace');
/** Draws timed one at a time after the warm-up, before the concurrent ones: what a draw costs without queueing. */
const ALONE = Math.min(200, Math.floor(DRAWS / 5));
const COMPANIES = 5000;
const CITIES = 10;
/** Per city: the companies that bid (and tender, and act as agents) in the benchmark's deals. */
const BUSY_PER_CITY = 40;
/** The cap the migration sets for every region ('*'): 6 invitations in 30 days. */
const CAP = 6;
const AT = '2026-01-01T00:00:00.000Z';
const FIRST_DRAW_AT = Date.parse('2026-03-02T01:00:00.000Z');

/** A small deterministic generator for the synthetic library (the draws themselves use their own CSPRNG seeds). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const cityCode = (i) => `99${String(i + 1).padStart(2, '0')}00`;

/** The library as rows, generated once and loaded the same into each database. */
function generate(withCheckCharacter) {
  const rand = mulberry32(20260302);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const out = {
    specialties: [], level2: [], economicLevel2: [], economicLeaves: [], technicalLeaves: [],
    subjects: [], experts: [], links: [], relations: [], sanctions: [], deals: [], nearCap: 0, atCap: 0,
  };
  // 10 categories × 6 × 6: the last category is economic (造价、财务 …)
  for (let a = 1; a <= 10; a++) {
    const top = `C${String(a).padStart(2, '0')}`;
    out.specialties.push({ code: top, parent_code: null, name: `专业大类${a}` });
    for (let b = 1; b <= 6; b++) {
      const mid = `${top}${b}`;
      out.specialties.push({ code: mid, parent_code: top, name: `专业${a}-${b}` });
      (a === 10 ? out.economicLevel2 : out.level2).push(mid);
      for (let l = 1; l <= 6; l++) {
        out.specialties.push({ code: `${mid}${l}`, parent_code: mid, name: `专业${a}-${b}-${l}` });
        (a === 10 ? out.economicLeaves : out.technicalLeaves).push(`${mid}${l}`);
      }
    }
  }
  for (let s = 0; s < COMPANIES; s++) {
    out.subjects.push({ credit_code: withCheckCharacter(`91${cityCode(s % CITIES)}MA${String(s).padStart(7, '0')}`), name: `企业${s}`, kind: 'bidder', region_code: cityCode(s % CITIES), created_at: AT });
  }
  // companies are referred to by their index here; the loader maps them to the ids the database gave
  const busy = (city) => (city + CITIES * Math.floor(rand() * BUSY_PER_CITY)); // s % CITIES === city
  const anyCompany = () => Math.floor(rand() * COMPANIES);
  const linkSeen = new Set();
  const relationSeen = new Set();
  for (let id = 1; id <= EXPERTS; id++) {
    const economic = rand() < 0.2;
    const pool = economic ? out.economicLeaves : out.technicalLeaves;
    const specialties = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(pool));
    const city = Math.floor(rand() * CITIES);
    // a third of the experts work for a busy company of their city: the employer rule bites on them
    const employer = rand() < 0.9 ? (rand() < 0.33 ? busy(city) : anyCompany()) : null;
    out.experts.push({
      id, expert_code: `EX${String(id).padStart(7, '0')}`, name: `专家${id}`, specialty_code: specialties[0], region_code: cityCode(city),
      employer, status: rand() < 0.97 ? 'active' : 'retired', kind: economic ? 'economic' : 'technical',
      mobile: rand() < 0.99 ? `139${String(id).padStart(8, '0')}` : null, title: rand() < 0.5 ? '高级工程师' : '工程师',
    });
    for (const code of specialties) {
      if (linkSeen.has(`${id}|${code}`)) continue;
      linkSeen.add(`${id}|${code}`);
      out.links.push({ expert_id: id, region_code: cityCode(city), specialty_code: code });
    }
    // past invitations: a fifth at the cap (not eligible), a fifth one short of it (eligible for one more)
    const r = rand();
    out.experts[id - 1].recent = r < 0.2 ? CAP : r < 0.4 ? CAP - 1 : Math.floor(rand() * 3);
    if (r < 0.2) out.atCap++;
    else if (r < 0.4) out.nearCap++;
  }
  // declared relations (亲属、经济往来、曾任职), four in five with a busy company of the expert's own city
  for (let r = 0; r < EXPERTS / 3; r++) {
    const expert = out.experts[Math.floor(rand() * EXPERTS)];
    const city = Number(expert.region_code.slice(2, 4)) - 1;
    const company = rand() < 0.8 ? busy(city) : anyCompany();
    if (relationSeen.has(`${expert.id}|${company}`)) continue;
    relationSeen.add(`${expert.id}|${company}`);
    out.relations.push({ expert_id: expert.id, company, relation: pick(['relative', 'economic_tie', 'former_employee']), declared_at: AT, valid_until: rand() < 0.2 ? '2025-06-01T00:00:00.000Z' : null });
  }
  for (let s = 0; s < EXPERTS / 50; s++) {
    const current = rand() < 0.5;
    out.sanctions.push({
      expert_id: 1 + Math.floor(rand() * EXPERTS), measure: 'suspension', reason: '评标违规', decided_by_region: '990100',
      valid_from: current ? '2026-01-01T00:00:00.000Z' : '2024-01-01T00:00:00.000Z', valid_until: current ? '2027-01-01T00:00:00.000Z' : '2024-12-31T00:00:00.000Z',
    });
  }
  // one deal per draw, in every city, with 2 sections and 3–9 bidders each, all among the city's busy companies
  for (let d = 0; d < DRAWS + WARMUP + ALONE; d++) {
    const city = d % CITIES;
    const code = `${cityCode(city)}-2026-JS-${String(d + 1).padStart(5, '0')}`;
    const sections = [1, 2].map(() => [...new Set(Array.from({ length: 3 + Math.floor(rand() * 7) }, () => busy(city)))]);
    out.deals.push({ code, region: cityCode(city), tenderee: busy(city), agent: busy(city), sections });
  }
  // the mix of a provincial centre: mostly city experts, a quarter province-wide; technical experts asked by
  // discipline (a subtree of 6 leaves) or by a single specialty, economic experts mostly by one specialty (造价)
  out.requests = out.deals.map(() => {
    const wide = rand() < 0.25;
    const committeeSize = rand() < 0.5 ? 5 : 7;
    const technicalNode = pick(rand() < 0.6 ? out.level2 : out.technicalLeaves);
    const economicNode = pick(rand() < 0.7 ? out.economicLeaves : out.economicLevel2);
    return {
      wide,
      input: {
        committeeSize,
        specialties: [
          { specialtyCode: technicalNode, count: committeeSize - 2, backups: 2 },
          { specialtyCode: economicNode, count: 1, backups: 1, kind: 'economic' },
        ],
        ...(wide ? { regionCodes: ['990000'] } : {}),
      },
    };
  });
  return out;
}

/** Loads the library through knex (batched inserts in one transaction), the same on SQLite and PostgreSQL. */
async function load(knex, lib) {
  const stats = { historyDraws: 0, engagements: 0 };
  await knex.transaction(async (trx) => {
    const into = (table, rows) => (rows.length ? trx.batchInsert(table, rows, 500) : null);
    for (let c = 0; c < CITIES; c++) {
      if (!(await trx('regions').where({ code: cityCode(c) }).first())) await trx('regions').insert({ code: cityCode(c), name: `示范市${c + 1}`, level: 'city', parent_code: '990000' });
    }
    await into('expert_specialties', lib.specialties);
    await into('subjects', lib.subjects);
    const ids = new Map((await trx('subjects').whereIn('name', lib.subjects.map((s) => s.name)).select('id', 'name')).map((r) => [r.name, Number(r.id)]));
    const company = (i) => ids.get(`企业${i}`);
    await into('experts', lib.experts.map(({ recent: _r, employer, ...e }) => ({ ...e, employer_subject_id: employer === null ? null : company(employer) })));
    await into('expert_specialty_links', lib.links);
    await into('expert_avoidance_relations', lib.relations.map(({ company: c, ...r }) => ({ ...r, subject_id: company(c) })));
    await into('expert_sanctions', lib.sanctions);
    for (const deal of lib.deals) {
      const [row] = await trx('deals').insert({
        deal_code: deal.code, region_code: deal.region, title: `基准测试项目${deal.code}`, procedure_kind: 'construction-open-tender', status: 'registered',
        tenderee_subject_id: company(deal.tenderee), agent_subject_id: company(deal.agent), created_at: AT, updated_at: AT,
      }).returning('id');
      const dealId = Number(row.id ?? row);
      for (const [s, bidders] of deal.sections.entries()) {
        const [section] = await trx('sections').insert({ deal_id: dealId, section_code: `${deal.code}-0${s + 1}`, name: `标段${s + 1}`, status: 'open' }).returning('id');
        await into('bids', bidders.map((b) => ({ section_id: Number(section.id ?? section), bidder_subject_id: company(b), status: 'registered', registered_at: AT })));
      }
      deal.id = dealId;
    }
    // past invitations, unsealed long ago: draw j holds every expert with at least j recent invitations, each
    // engaged within the last 30 days of the first benchmark draw
    const history = lib.deals[0];
    for (let j = 1; j <= CAP; j++) {
      const members = lib.experts.filter((e) => e.recent >= j);
      if (!members.length) continue;
      const drawnAt = new Date(FIRST_DRAW_AT - (26 - j * 3) * 86_400_000).toISOString();
      const [draw] = await trx('expert_draws').insert({
        deal_id: history.id, region_code: history.region, status: 'unsealed', committee_size: 5, tenderee_representatives: 0, request: '{}',
        seed: '00'.repeat(32), seed_commitment: '00'.repeat(32), snapshot_hash: '00'.repeat(32), candidates: members.length, reached: members.length,
        principals: members.length, backups: 0, drawn_key: `bench-history-${j}`, drawn_at: drawnAt, unsealed_at: drawnAt,
      }).returning('id');
      const drawId = Number(draw.id ?? draw);
      await into('expert_draw_members', members.map((e, rank) => ({
        draw_id: drawId, expert_id: e.id, group_no: 1, specialty_code: e.specialty_code, rank: rank + 1, role: 'backup', status: 'standby',
      })));
      const memberIds = await trx('expert_draw_members').where({ draw_id: drawId }).select('id', 'expert_id');
      await into('expert_engagements', memberIds.map((m) => ({ expert_id: Number(m.expert_id), draw_id: drawId, member_id: Number(m.id), engaged_at: drawnAt })));
      stats.historyDraws++;
      stats.engagements += memberIds.length;
    }
  });
  // as after any bulk load: statistics for the planner, and on PostgreSQL the visibility map that lets the pool be read
  // from the specialty index alone (what autovacuum gives a library that has stood for a while)
  await knex.raw(knex.client.config.client === 'pg' ? 'vacuum analyze' : 'analyze');
  return stats;
}

/** Runs the draws `CONCURRENCY` at a time; answers the timings and the draws' ids. */
async function runDraws(knex, activities, lib) {
  const latencies = [];
  const alone = [];
  const drawIds = [];
  const dealOfDraw = new Map();
  const byScope = { city: [], province: [] };
  let insufficient = 0;
  let next = 0;
  const one = async (i) => {
    const deal = lib.deals[i];
    const { wide, input } = lib.requests[i];
    const started = performance.now();
    try {
      // a draw every 20 minutes of the deals' clock: the cap's window fills as the run goes on
      const answer = await clock.run(new Date(FIRST_DRAW_AT + i * 20 * 60_000), () => activities['experts.draw']({ key: `bench-${i}:draw#1`, workflowId: `bench-${i}`, nodeId: 'draw', regionCode: deal.region, dealCode: deal.code, input, variables: {} }));
      drawIds.push(answer.variables.expertDrawId);
      dealOfDraw.set(answer.variables.expertDrawId, i);
    } catch (err) {
      if (err?.details?.[0]?.code !== 'EXPERTS_INSUFFICIENT' && err?.type !== 'EXPERTS_INSUFFICIENT') throw err;
      insufficient++;
    }
    const ms = performance.now() - started;
    if (i >= WARMUP + ALONE) {
      latencies.push(ms);
      byScope[wide ? 'province' : 'city'].push(ms);
    } else if (i >= WARMUP) {
      alone.push(ms);
    }
  };
  // the warm-up, then `ALONE` draws timed one at a time, then the timed draws `CONCURRENCY` at once
  for (; next < WARMUP; next++) await one(next);
  const aloneTrace = TRACE ? traceStatements(knex) : null;
  for (; next < WARMUP + ALONE; next++) await one(next);
  aloneTrace?.('one at a time', ALONE, alone);
  const t0 = performance.now();
  const concurrentTrace = TRACE ? traceStatements(knex) : null;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < lib.deals.length) await one(next++);
  }));
  concurrentTrace?.(`${CONCURRENCY} at once`, latencies.length, latencies);
  return { latencies, alone, drawIds, dealOfDraw, byScope, insufficient, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Times every statement from knex's query event to its answer (the driver and the database; on SQLite the statement
 * runs synchronously in that span) and, when stopped, prints the statements by their total time per draw.
 */
function traceStatements(knex) {
  const started = new Map();
  const totals = new Map();
  const onQuery = (q) => started.set(q.__knexQueryUid, performance.now());
  const onAnswer = (_answer, q) => {
    const t = started.get(q.__knexQueryUid);
    if (t === undefined) return;
    started.delete(q.__knexQueryUid);
    const sql = String(q.sql).replace(/\s+/g, ' ').replace(/(\?|\$\d+)(, (\?|\$\d+))+/g, '…');
    const entry = totals.get(sql) ?? { n: 0, ms: 0 };
    entry.n++;
    entry.ms += performance.now() - t;
    totals.set(sql, entry);
  };
  knex.on('query', onQuery);
  knex.on('query-response', onAnswer);
  knex.on('query-error', onAnswer);
  return (phase, draws, latencies) => {
    knex.removeListener('query', onQuery);
    knex.removeListener('query-response', onAnswer);
    knex.removeListener('query-error', onAnswer);
    const rows = [...totals].map(([sql, e]) => ({ sql, perDraw: e.n / draws, ms: e.ms / draws })).sort((a, b) => b.ms - a.ms);
    const inStatements = rows.reduce((s, r) => s + r.ms, 0);
    const perDraw = latencies.reduce((s, x) => s + x, 0) / draws;
    process.stdout.write(`  trace over ${draws} draws ${phase}: ${round(perDraw)} ms a draw, ${round(inStatements)} ms of it in ${round(rows.reduce((s, r) => s + r.perDraw, 0))} statements\n`);
    for (const r of rows) process.stdout.write(`    ${round(r.ms)} ms  ×${round(r.perDraw)}  ${r.sql.slice(0, 150)}\n`);
  };
}

/** Each draw's "now", for the activity's clock (several draws run at once). */
const clock = new AsyncLocalStorage();

async function benchOn(kind, db, domain, activitiesOf, lib) {
  let knex;
  let cleanup = async () => {};
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-bench-draw-'));
    knex = db.openDatabase({ client: 'sqlite', filename: path.join(dir, 'ggzy.sqlite') });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = await ensurePostgres();
    const name = `ggzy_bench_draw_${randomBytes(4).toString('hex')}`;
    await withPostgres(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(admin);
    url.pathname = `/${name}`;
    knex = db.openDatabase({ client: 'pg', connectionString: url.toString() }, { pool: { min: 0, max: CONCURRENCY + 2 } });
    // an autovacuum worker busy with the freshly loaded tables cannot be ended by a non-superuser: wait and try again
    cleanup = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withPostgres(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
        } catch (err) {
          if (attempt >= 10 || !/pg_signal_backend|being accessed by other users/.test(String(err?.message))) throw err;
          await new Promise((r) => setTimeout(r, 3000));
        }
      }
    };
  }
  try {
    await db.migrateLatest(knex);
    await db.seedDemo(knex, 'bench-password');
    const t0 = performance.now();
    const history = await load(knex, lib);
    process.stdout.write(`${kind}: ${EXPERTS} experts (${lib.atCap} at the 30-day cap, ${lib.nearCap} one short), ${lib.links.length} specialty links, ${lib.relations.length} relations `
      + `(4 in 5 with the deals' busy companies), ${lib.sanctions.length} sanctions, ${history.engagements} past engagements in ${history.historyDraws} draws; loaded in ${Math.round(performance.now() - t0)} ms\n`);
    const activities = activitiesOf(knex, { now: () => clock.getStore() });
    const run = await runDraws(knex, activities, lib);
    // after the timing, a sample is checked: its committee confirmed (here straight in the database: the invitations'
    // answers are not what is measured), unsealed by the real activity, and replayed by verifyDraw
    const sample = run.drawIds.filter((_, i) => i % Math.max(1, Math.floor(run.drawIds.length / 25)) === 0);
    const end = new Date(FIRST_DRAW_AT + (lib.deals.length + 1) * 20 * 60_000);
    for (const id of sample) {
      const deal = lib.deals[run.dealOfDraw.get(id)];
      await knex('expert_draw_members').where({ draw_id: id, status: 'invited' }).update({ status: 'confirmed', response: 'confirm', responded_at: end.toISOString() });
      await clock.run(end, () => activities['experts.unseal']({ key: `bench-unseal-${id}`, workflowId: `bench-unseal-${id}`, nodeId: 'unseal', regionCode: deal.region, dealCode: deal.code, input: { drawId: id }, variables: {} }));
      const verdict = await domain.verifyDraw(knex, id);
      if (!verdict.ok) throw new Error(`draw ${id} does not verify on ${kind}: ${verdict.problems.join('; ')}`);
    }
    const rows = await knex('expert_draws').whereIn('id', run.drawIds).select('candidates', 'reached');
    const reached = rows.map((r) => Number(r.reached));
    const candidates = rows.map((r) => Number(r.candidates));
    for (const [scope, xs] of Object.entries(run.byScope)) {
      process.stdout.write(`  ${scope} scope: ${xs.length} draws, p50 ${round(percentile(xs, 50))} ms, p99 ${round(percentile(xs, 99))} ms\n`);
    }
    const readSpread = { ...spread(reached), p99: round(percentile(reached, 99)) };
    process.stdout.write(`  ${run.alone.length} draws one at a time: p50 ${round(percentile(run.alone, 50))} ms, p99 ${round(percentile(run.alone, 99))} ms (what a draw costs without queueing)\n`);
    process.stdout.write(`  ${DRAWS} draws timed after ${WARMUP} warm-up and those, ${CONCURRENCY} at once (${run.byScope.province.length} province-wide, ${run.insufficient} refused EXPERTS_INSUFFICIENT), ${round(run.seconds)} s; `
      + `experts read per draw min ${readSpread.min} / median ${readSpread.median} / p99 ${readSpread.p99} / max ${readSpread.max} of ≈ ${round(percentile(candidates, 50))} candidates; `
      + `${sample.length} replayed with verifyDraw: all verified\n`);
    return {
      p50_ms: round(percentile(run.latencies, 50)), p99_ms: round(percentile(run.latencies, 99)), max_ms: round(Math.max(...run.latencies)),
      alone_p50_ms: round(percentile(run.alone, 50)), alone_p99_ms: round(percentile(run.alone, 99)),
      experts_read_per_draw: readSpread, candidates_per_draw_p50: round(percentile(candidates, 50)), insufficient: run.insufficient,
    };
  } finally {
    await knex.destroy();
    await cleanup();
  }
}

async function main() {
  await ensureDependencies();
  await buildAll({ uis: false });
  // the keys the draws seal their lists with are generated into a data directory of the run's own
  const dataDir = process.env.GGZY_DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'ggzy-bench-draw-data-'));
  if (dataDir) process.env.GGZY_DATA_DIR = dataDir;
  try {
    const db = require('@ggzy/db');
    const domain = require('@ggzy/domain');
    const { createActivities } = require('@ggzy/activities');
    const lib = generate(db.withCheckCharacter);
    const result = { experts: EXPERTS, draws: DRAWS, concurrency: CONCURRENCY };
    for (const kind of DATABASES) result[kind] = await benchOn(kind, db, domain, createActivities, lib);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
