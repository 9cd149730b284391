#!/usr/bin/env node
// npm run bench:draw [-- --experts 100000] [-- --draws 2000]
// Loads an expert library (specialty tree, experts with 1–3 specialties, employers, declared relations, sanctions)
// into an embedded SQLite database, then runs experts.draw (the real activity, its transaction, supervision event
// and activity record included) for many deals with bidders, under every 回避 rule and the frequency cap, timing
// each call. A sample of draws is replayed with verifyDraw. The last line is one JSON object.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { ensureDependencies } from '../scripts/lib/deps.mjs';
import { buildAll } from '../scripts/lib/build.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const EXPERTS = arg('experts', 100_000);
const DRAWS = arg('draws', 2000);
const WARMUP = Math.min(100, Math.floor(DRAWS / 10));
const COMPANIES = 5000;
const CITIES = 10;

const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const round = (x) => Math.round(x * 100) / 100;

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
const rand = mulberry32(20260302);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const cityCode = (i) => `99${String(i + 1).padStart(2, '0')}00`;

async function main() {
  await ensureDependencies();
  await buildAll({ uis: false });
  const db = require(path.join(repoRoot, 'db/dist/index.js'));
  const experts = require(path.join(repoRoot, 'activities/dist/experts/index.js'));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-bench-draw-'));
  const knex = db.openDatabase({ client: 'sqlite', filename: path.join(dir, 'ggzy.sqlite') });
  try {
    await db.migrateLatest(knex);
    await db.seedDemo(knex, 'bench-password');
    const t0 = performance.now();
    const library = await load(knex, db.withCheckCharacter);
    process.stdout.write(`library: ${EXPERTS} experts, ${library.links} specialty links, ${library.relations} relations, ${library.sanctions} sanctions, ${COMPANIES} employers, ${CITIES} cities, loaded in ${Math.round(performance.now() - t0)} ms\n`);

    const draw = experts.expertTasks['experts.draw'];
    let clock = new Date('2026-03-02T01:00:00.000Z');
    const activity = draw(knex, { now: () => clock });
    const latencies = [];
    const drawIds = [];
    let insufficient = 0;
    const byScope = { city: [], province: [] };
    for (let i = 0; i < DRAWS + WARMUP; i++) {
      const deal = library.deals[i];
      // the mix of a provincial centre: mostly city experts, a quarter province-wide; technical experts asked by
      // discipline (a subtree of 6 leaves) or by a single specialty, economic experts mostly by one specialty (造价)
      const wide = rand() < 0.25;
      const committeeSize = rand() < 0.5 ? 5 : 7;
      const technicalNode = pick(rand() < 0.6 ? library.level2 : library.leaves);
      const economicNode = pick(rand() < 0.7 ? library.economicLeaves : library.economicLevel2);
      const input = {
        committeeSize,
        specialties: [
          { specialtyCode: technicalNode, count: committeeSize - 2, backups: 2 },
          { specialtyCode: economicNode, count: 1, backups: 1, kind: 'economic' },
        ],
        ...(wide ? { regionCodes: ['990000'] } : {}),
      };
      clock = new Date(clock.getTime() + 20 * 60_000); // a draw every 20 minutes: the 30-day cap window fills up
      const started = performance.now();
      try {
        const answer = await activity({
          key: `bench-${i}:draw#1`, workflowId: `bench-${i}`, nodeId: 'draw', regionCode: deal.region, dealCode: deal.code, input, variables: {},
        });
        drawIds.push(answer.variables.expertDrawId);
      } catch (err) {
        if (err?.details?.[0]?.code !== 'EXPERTS_INSUFFICIENT') throw err;
        insufficient++;
      }
      if (i >= WARMUP) {
        const ms = performance.now() - started;
        latencies.push(ms);
        byScope[wide ? 'province' : 'city'].push(ms);
      }
    }

    const sample = drawIds.filter((_, i) => i % Math.max(1, Math.floor(drawIds.length / 25)) === 0);
    for (const id of sample) {
      const verdict = await experts.verifyDraw(knex, id);
      if (!verdict.ok) throw new Error(`draw ${id} does not verify: ${verdict.problems.join('; ')}`);
    }
    const sizes = await knex('expert_draws').whereIn('id', drawIds.slice(-200)).select('candidates', 'reached');
    const avg = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    for (const [scope, xs] of Object.entries(byScope)) {
      process.stdout.write(`  ${scope} scope: ${xs.length} draws, p50 ${round(percentile(xs, 50))} ms, p99 ${round(percentile(xs, 99))} ms\n`);
    }
    process.stdout.write(`draws: ${DRAWS} timed after ${WARMUP} warm-up (${byScope.province.length} province-wide, ${insufficient} refused EXPERTS_INSUFFICIENT); `
      + `candidates per draw ≈ ${avg(sizes.map((s) => s.candidates))}, facts read ≈ ${avg(sizes.map((s) => s.reached))}; `
      + `${sample.length} replayed with verifyDraw: all verified; max ${round(Math.max(...latencies))} ms\n`);
    process.stdout.write(`${JSON.stringify({ experts: EXPERTS, draws: DRAWS, p50_ms: round(percentile(latencies, 50)), p99_ms: round(percentile(latencies, 99)) })}\n`);
  } finally {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bulk load through one prepared statement per table inside one SQLite transaction. */
async function load(knex, withCheckCharacter) {
  const conn = await knex.client.acquireConnection();
  try {
    const at = '2026-01-01T00:00:00.000Z';
    const regions = conn.prepare('insert or ignore into regions (code, name, level, parent_code) values (?, ?, ?, ?)');
    const specialty = conn.prepare('insert into expert_specialties (code, parent_code, name) values (?, ?, ?)');
    const subject = conn.prepare('insert into subjects (credit_code, name, kind, region_code, created_at) values (?, ?, ?, ?, ?)');
    const expert = conn.prepare('insert into experts (id, expert_code, name, specialty_code, region_code, employer_subject_id, status, kind, mobile, title) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const link = conn.prepare('insert or ignore into expert_specialty_links (expert_id, region_code, specialty_code) values (?, ?, ?)');
    const relation = conn.prepare('insert or ignore into expert_avoidance_relations (expert_id, subject_id, relation, declared_at, valid_until) values (?, ?, ?, ?, ?)');
    const sanction = conn.prepare('insert into expert_sanctions (expert_id, measure, reason, decided_by_region, valid_from, valid_until) values (?, ?, ?, ?, ?, ?)');
    const deal = conn.prepare('insert into deals (deal_code, region_code, title, procedure_kind, status, tenderee_subject_id, agent_subject_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const section = conn.prepare('insert into sections (deal_id, section_code, name, status) values (?, ?, ?, ?)');
    const bid = conn.prepare('insert or ignore into bids (section_id, bidder_subject_id, status, registered_at) values (?, ?, ?, ?)');

    const out = { level2: [], leaves: [], economicLevel2: [], economicLeaves: [], technicalLeaves: [], deals: [], links: 0, relations: 0, sanctions: 0 };
    conn.transaction(() => {
      for (let c = 0; c < CITIES; c++) regions.run(cityCode(c), `示范市${c + 1}`, 'city', '990000');
      // 10 categories × 6 × 6: the last category is economic (造价、财务 …)
      for (let a = 1; a <= 10; a++) {
        const top = `C${String(a).padStart(2, '0')}`;
        specialty.run(top, null, `专业大类${a}`);
        for (let b = 1; b <= 6; b++) {
          const mid = `${top}${b}`;
          specialty.run(mid, top, `专业${a}-${b}`);
          (a === 10 ? out.economicLevel2 : out.level2).push(mid);
          for (let l = 1; l <= 6; l++) {
            const leaf = `${mid}${l}`;
            specialty.run(leaf, mid, `专业${a}-${b}-${l}`);
            (a === 10 ? out.economicLeaves : out.technicalLeaves).push(leaf);
          }
        }
      }
      out.leaves = out.technicalLeaves;
      const firstSubject = Number(conn.prepare('select coalesce(max(id), 0) as m from subjects').get().m) + 1;
      for (let s = 0; s < COMPANIES; s++) {
        subject.run(withCheckCharacter(`91${cityCode(s % CITIES)}MA${String(s).padStart(7, '0')}`), `企业${s}`, 'bidder', cityCode(s % CITIES), at);
      }
      const company = () => firstSubject + Math.floor(rand() * COMPANIES);
      for (let id = 1; id <= EXPERTS; id++) {
        const economic = rand() < 0.2;
        const pool = economic ? out.economicLeaves : out.technicalLeaves;
        const specialties = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(pool));
        const region = cityCode(Math.floor(rand() * CITIES));
        expert.run(id, `EX${String(id).padStart(7, '0')}`, `专家${id}`, specialties[0], region,
          rand() < 0.9 ? company() : null, rand() < 0.97 ? 'active' : 'retired', economic ? 'economic' : 'technical',
          rand() < 0.99 ? `139${String(id).padStart(8, '0')}` : null, rand() < 0.5 ? '高级工程师' : '工程师');
        for (const code of specialties) out.links += link.run(id, region, code).changes;
      }
      for (let r = 0; r < EXPERTS / 5; r++) {
        out.relations += relation.run(1 + Math.floor(rand() * EXPERTS), company(), pick(['relative', 'economic_tie', 'former_employee']), at, rand() < 0.2 ? '2025-06-01T00:00:00.000Z' : null).changes;
      }
      for (let s = 0; s < EXPERTS / 50; s++) {
        const current = rand() < 0.5;
        sanction.run(1 + Math.floor(rand() * EXPERTS), 'suspension', '评标违规', '990100', current ? '2026-01-01T00:00:00.000Z' : '2024-01-01T00:00:00.000Z', current ? '2027-01-01T00:00:00.000Z' : '2024-12-31T00:00:00.000Z');
        out.sanctions++;
      }
      // one deal per draw, in every city, with 2 sections and 3–9 bidders each
      for (let d = 0; d < DRAWS + 200; d++) {
        const region = cityCode(d % CITIES);
        const code = `${region}-2026-JS-${String(d + 1).padStart(5, '0')}`;
        const dealId = Number(deal.run(code, region, `基准测试项目${d}`, 'construction-open-tender', 'registered', company(), company(), at, at).lastInsertRowid);
        for (let s = 1; s <= 2; s++) {
          const sectionId = Number(section.run(dealId, `${code}-0${s}`, `标段${s}`, 'open').lastInsertRowid);
          for (let b = 3 + Math.floor(rand() * 7); b > 0; b--) bid.run(sectionId, company(), 'registered', at);
        }
        out.deals.push({ code, region });
      }
    })();
    conn.exec('analyze');
    return out;
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
