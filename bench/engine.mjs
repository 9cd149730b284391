#!/usr/bin/env node
// npm run bench:engine [-- --rounds 5] [-- --runs 40] [-- --concurrency 10] [-- --samples 200] [-- --idle-samples 1000]
//                      [-- --workers 1|2] [-- --server dev|cluster] [-- --open 10000]
// The same 10-step process (8 service tasks, 1 exclusive gateway, 1 user task completed by the harness) run as
// (a) the BPMN interpreter and (b) a hand-written workflow doing the same work (bench/workflows.ts; checked on every
// run: the same activities, trail events, task rows and search-attribute upserts), in rounds that alternate which side
// goes first. Then completeTask through the platform's HTTP route (authentication, the form check on the deal's
// projection, the Update; the state Query only when the projection cannot tell)
// against a bare HTTP→Update route, idle and with 10 and 50 deals in flight. All of it on a real dev server, and with
// `--server cluster` once more on Temporal Server over PostgreSQL. The last line is one JSON object (fields: README,
// Benchmarks).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { randomBytes } from 'node:crypto';
import { resolveTemporal, startDevServer, tcpAnswers } from '../scripts/lib/temporal.mjs';
import { ensureTemporalServer, setupTemporalSchemas, startTemporalServer, writeServerConfig } from '../scripts/lib/temporal-server.mjs';
import { ensurePostgres, pgParts, withPostgres } from '../scripts/lib/postgres.mjs';
import { prepareNamespace } from '../scripts/lib/cluster.mjs';
import { ensureDependencies } from '../scripts/lib/deps.mjs';
import { buildAll } from '../scripts/lib/build.mjs';
import { choiceArg, numberArg, percentile, ratios, round, spread } from './stats.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

const argv = process.argv.slice(2);
const SERVER = choiceArg(argv, 'server', 'dev', ['dev', 'cluster']);
const ROUNDS = numberArg(argv, 'rounds', 5, { min: 3 });
const RUNS = numberArg(argv, 'runs', 40, { min: 1 });
const CONCURRENCY = numberArg(argv, 'concurrency', 10, { min: 1 });
const SAMPLES = numberArg(argv, 'samples', 200, { min: 1 });
/** Samples of the idle pair (default: --samples): a p99 of 100 is the second-highest value; idle samples are cheap. */
const IDLE_SAMPLES = numberArg(argv, 'idle-samples', SAMPLES, { min: 1 });
const WORKERS = numberArg(argv, 'workers', 1, { min: 1 });
const OPEN = numberArg(argv, 'open', 0);
const WARMUP = numberArg(argv, 'warmup', 20, { min: 1 });
const LOADS = [0, 10, 50];
const PASSWORD = 'bench-password';
const CITY = '990100';

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

const BENCH_XML = (() => {
  const tasks = Array.from({ length: 8 }, (_, i) => `<bpmn:serviceTask id="s${i + 1}" ggzy:taskType="demo.echo"><bpmn:extensionElements><ggzy:inputs><ggzy:mapping name="v${i + 1}" value="${i < 4 ? i + 1 : `amount > 100 ? ${i + 1} : -${i + 1}`}"/></ggzy:inputs></bpmn:extensionElements></bpmn:serviceTask>`).join('');
  const chain = ['start', 's1', 's2', 's3', 's4', 'gw'];
  const flows = chain.slice(1).map((to, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${chain[i]}" targetRef="${to}"/>`).join('')
    + '<bpmn:sequenceFlow id="big" sourceRef="gw" targetRef="s5"><bpmn:conditionExpression>amount &gt; 100</bpmn:conditionExpression></bpmn:sequenceFlow>'
    + '<bpmn:sequenceFlow id="small" sourceRef="gw" targetRef="s5"/>'
    + ['s5', 's6', 's7', 's8', 'review', 'end'].slice(1).map((to, i) => `<bpmn:sequenceFlow id="g${i}" sourceRef="${['s5', 's6', 's7', 's8', 'review'][i]}" targetRef="${to}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="bench" targetNamespace="urn:bench"><bpmn:process id="bench_ten_steps" isExecutable="true"><bpmn:startEvent id="start"/>${tasks}<bpmn:exclusiveGateway id="gw" default="small"/><bpmn:userTask id="review" ggzy:candidateRole="staff"/><bpmn:endEvent id="end"/>${flows}</bpmn:process></bpmn:definitions>`;
})();

const OPEN_XML = '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="open" targetNamespace="urn:bench"><bpmn:process id="bench_open_task" isExecutable="true"><bpmn:startEvent id="start"/><bpmn:userTask id="review" ggzy:candidateRole="staff"/><bpmn:endEvent id="end"/><bpmn:sequenceFlow id="a" sourceRef="start" targetRef="review"/><bpmn:sequenceFlow id="b" sourceRef="review" targetRef="end"/></bpmn:process></bpmn:definitions>';

/** Deploys a version and approves it as a second person, as the four-eyes rule requires before a deal starts on it. */
async function deployApproved(domain, knex, xml, key) {
  const deployed = await domain.deployDefinition(knex, { xml, regionCode: CITY, deployedBy: null, actor: 'bench-designer' });
  if (deployed.status === 'pending') {
    await domain.reviewDefinition(knex, { ...deployed.definition, decision: 'approve', reviewer: { userId: 0, username: 'bench-reviewer', role: 'designer' } });
  }
  return { deployed, resolved: await domain.resolveDefinition(knex, key, CITY) };
}

/** Asks again when an overloaded server times a read out (a query, a describe), until the deadline. */
async function patiently(read, deadline) {
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await pause(50);
    }
  }
}

/** Forks a child (a worker, the HTTP side) and waits for its first message; it never outlives the benchmark. */
async function forkChild(file, env, children) {
  const child = fork(path.join(repoRoot, 'bench', file), [], { execArgv: ['--expose-gc'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const first = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (c) => reject(new Error(`bench/${file} exited ${c} at start`)));
  });
  return { child, first };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}

/**
 * What a run did, from its history and the database: the activity types it scheduled, which ran in its first
 * workflow task, how many search-attribute upserts, its trail (kind and actor, in order), its task rows.
 */
async function workDone(client, knex, workflowId) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const activities = [];
  const firstTask = [];
  let upserts = 0;
  const upserted = [];
  let patchMarkers = 0;
  let workflowTasks = 0;
  for (const e of history.events ?? []) {
    if (e.workflowTaskCompletedEventAttributes) workflowTasks++;
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      activities.push(scheduled.activityType.name);
      if (workflowTasks === 1) firstTask.push(scheduled.activityType.name);
    }
    const upsert = e.upsertWorkflowSearchAttributesEventAttributes;
    if (upsert) {
      upserts++;
      // the interpreter's patch markers (TemporalChangeVersion) are its own versioning cost: counted, not compared
      for (const [name, payload] of Object.entries(upsert.searchAttributes?.indexedFields ?? {})) {
        if (name === 'TemporalChangeVersion') patchMarkers++;
        else upserted.push(`${name}=${Buffer.from(payload.data ?? []).toString()}`);
      }
    }
  }
  const trail = await knex('supervision_events').where('idempotency_key', 'like', `${workflowId}@%`).orderBy('seq').select('kind', 'actor');
  const tasks = await knex('process_tasks').where({ workflow_id: workflowId }).select('node_id', 'name', 'candidate_role', 'form_key', 'status', 'revision', 'completed_by');
  const instance = await knex('process_instances').where({ workflow_id: workflowId }).first('lifecycle', 'started_by');
  return {
    activities: activities.sort(), firstTask: firstTask.sort(), upserts, upserted, patchMarkers, trail: trail.map((t) => `${t.kind}/${t.actor}`), tasks, instance,
    workflowTasks, events: history.events?.length ?? 0,
  };
}

/** Refuses to print figures unless the hand-written side did the interpreter's work. */
function checkParity(a, b) {
  const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
  const problems = [];
  // the projections: how many depends on timing on either side (a completion that arrives while the task's row is
  // being written rides with the end's), so each side must have 3 or 4; every other activity must be the same
  const projections = (x) => x.activities.filter((t) => t === 'projectProcess').length;
  const others = (x) => x.activities.filter((t) => t !== 'projectProcess');
  if (!same(others(a), others(b))) problems.push(`activities ${others(a)} vs ${others(b)}`);
  for (const [side, x] of [['interpreted', a], ['hand-written', b]]) if (projections(x) < 3 || projections(x) > 4) problems.push(`${side}: ${projections(x)} projections`);
  if (!a.firstTask.includes('projectProcess') || !b.firstTask.includes('projectProcess')) problems.push(`the first projection is not alongside the first service task: ${a.firstTask} vs ${b.firstTask}`);
  if (!same(a.firstTask, b.firstTask)) problems.push(`first workflow task ${a.firstTask} vs ${b.firstTask}`);
  if (!same(a.upserted, b.upserted)) problems.push(`search-attribute upserts ${a.upserted} vs ${b.upserted}`);
  if (!same(a.trail, b.trail)) problems.push(`trail ${a.trail} vs ${b.trail}`);
  if (!same(a.tasks, b.tasks)) problems.push(`task rows ${JSON.stringify(a.tasks)} vs ${JSON.stringify(b.tasks)}`);
  if (!same(a.instance, b.instance)) problems.push(`instance row ${JSON.stringify(a.instance)} vs ${JSON.stringify(b.instance)}`);
  if (problems.length) throw new Error(`the hand-written workflow does not do the interpreter's work:\n  ${problems.join('\n  ')}`);
}

/** The packages the measurement uses, loaded once the build is done. */
function modules() {
  return {
    Client: require('@temporalio/client').Client, Connection: require('@temporalio/client').Connection,
    TypedSearchAttributes: require('@temporalio/common').TypedSearchAttributes, bundleWorkflowCode: require('@temporalio/worker').bundleWorkflowCode,
    db: require('@ggzy/db'), domain: require('@ggzy/domain'), wf: require('@ggzy/workflows'), engine: require('@ggzy/worker'),
  };
}

/** The dev server on a SQLite file, and the platform's database on SQLite beside it. */
async function devServer(dir) {
  const temporal = await resolveTemporal({ announce: false });
  if (temporal.kind !== 'binary') throw new Error('the benchmark starts its own dev server; unset TEMPORAL_ADDRESS');
  const server = await startDevServer({ binary: temporal.path, dbFile: path.join(dir, 'temporal.db'), port: await freePort(), uiPort: 0, headless: true, logLevel: 'error' });
  const dbFile = path.join(dir, 'ggzy.sqlite');
  return {
    name: 'dev', address: server.address, database: { client: 'sqlite', filename: dbFile }, childEnv: { BENCH_DB: dbFile },
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
    },
  };
}

/** A free frontend port for Temporal Server: it and the ports derived from it (up to +106, below 32768) unused. */
async function freeServerPort() {
  for (let p = 21000; p < 32000; p += 137) {
    const used = await Promise.all([0, 1, 2, 6, 10, 100, 101, 102, 106].map((d) => tcpAnswers('127.0.0.1', p + d, 300)));
    if (!used.some(Boolean)) return p;
  }
  throw new Error('no free port range for Temporal Server below 32768');
}

/**
 * The cluster's server: Temporal Server on PostgreSQL (built into .tools/, schemas set up by its sql tool, namespace
 * and search attributes created as `npm run cluster` does) and the platform's database on PostgreSQL, all in
 * throwaway databases dropped afterwards.
 */
async function clusterServer(dir) {
  const bins = await ensureTemporalServer();
  const cli = await resolveTemporal({ announce: false, binary: true });
  const adminUrl = await ensurePostgres();
  const pg = pgParts(adminUrl);
  const tag = randomBytes(4).toString('hex');
  const databases = { main: `ggzy_bench_${tag}_temporal`, visibility: `ggzy_bench_${tag}_visibility`, platform: `ggzy_bench_${tag}` };
  const drop = () => withPostgres(adminUrl, async (c) => {
    for (const name of Object.values(databases)) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  let server = null;
  try {
    await setupTemporalSchemas({ sqlTool: bins.sqlTool, schema: bins.schema, pg, databases });
    const port = await freeServerPort();
    const temporalDir = path.join(dir, 'temporal-server');
    writeServerConfig(temporalDir, { pg, databases, ports: { frontend: port }, logLevel: 'error' });
    server = await startTemporalServer({ server: bins.server, dir: temporalDir, port, logFile: path.join(dir, 'temporal-server.log') });
    await prepareNamespace(cli.path, server.address, 'default');
    await withPostgres(adminUrl, (c) => c.query(`CREATE DATABASE "${databases.platform}"`));
  } catch (err) {
    if (server) {
      server.child.kill('SIGTERM');
      await server.child.exitedPromise;
    }
    await drop().catch(() => {});
    throw err;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${databases.platform}`;
  const databaseUrl = url.toString();
  return {
    name: 'cluster', address: server.address, database: { client: 'pg', connectionString: databaseUrl }, childEnv: { BENCH_DATABASE_URL: databaseUrl },
    async stop() {
      server.child.kill('SIGTERM');
      await server.child.exitedPromise;
      await drop();
    },
  };
}

/** Everything measured on one server; answers its figures (null for --open, which prints its own line). */
async function measure(m, dir, bundleFile, target) {
  const { Client, Connection, TypedSearchAttributes, db, domain, wf } = m;
  const { engineDataConverter } = m.engine;
  process.stdout.write(`-- ${target.name === 'dev' ? 'the dev server (SQLite)' : 'Temporal Server on PostgreSQL'} at ${target.address}, ${WORKERS} worker process(es)\n`);
  const knex = db.openDatabase(target.database);
  const children = [];
  let connection = null;
  // deals kept in flight, stopped before the connection closes whatever happens
  let activeLoad = null;
  try {
    await db.migrateLatest(knex);
    await db.seedDemo(knex, PASSWORD);
    const { deployed, resolved } = await deployApproved(domain, knex, BENCH_XML, 'bench_ten_steps');
    const dataConverter = engineDataConverter(db.loadPayloadKeys(dir, {}));
    const taskQueue = 'bench';
    const common = { BENCH_ADDRESS: target.address, BENCH_DATA_DIR: dir, ...target.childEnv };
    const workers = [];
    for (let i = 0; i < WORKERS; i++) workers.push((await forkChild('worker.mjs', { ...common, BENCH_BUNDLE: bundleFile, BENCH_CACHE: String(Math.max(2000, OPEN + 100)) }, children)).child);
    const workerRss = () => new Promise((resolve) => { workers[0].once('message', (m) => resolve(m.rss)); workers[0].send('rss'); });
    connection = await Connection.connect({ address: target.address });
    const client = new Client({ connection, dataConverter });
    const actor = { userId: 2, username: 'staff', role: 'staff', regionCode: CITY };
    const processInput = (model, definition, amount) => ({
      model, definition, regionCode: CITY, dealCode: null, variables: { amount },
      calendar: { holidays: [], workdays: [], utcOffsetMinutes: 480 }, startedBy: 'bench',
    });
    // both sides start as the api starts a deal: the same search attributes at start
    const searchAttributes = new TypedSearchAttributes([
      { key: wf.CityKey, value: CITY }, { key: wf.ProcessKeyKey, value: 'bench_ten_steps' }, { key: wf.StatusKey, value: 'active' },
    ]);
    const start = (type, workflowId, input) => client.workflow.start(type, { taskQueue, workflowId, args: [input], typedSearchAttributes: searchAttributes });
    let seq = 0;

    /** The readiness probe both sides answer: the state Query, until it lists the open task. */
    async function waitOpenTask(handle) {
      for (const deadline = Date.now() + 120_000; ;) {
        const s = await patiently(() => handle.query(wf.processStateQuery), deadline);
        if (s.openTasks.length) return s.openTasks[0].taskId;
        await pause(5);
      }
    }
    /** One deal of either side, from start to result, its task completed by an Update as soon as the probe sees it. */
    const deal = (type, prefix) => async () => {
      const workflowId = `${prefix}-${++seq}`;
      const handle = await start(type, workflowId, processInput(resolved.model, deployed.definition, 500));
      const taskId = await waitOpenTask(handle);
      await handle.executeUpdate(wf.completeTaskUpdate, { args: [{ taskId, actor, data: { ok: true } }] });
      await handle.result();
      return workflowId;
    };
    const sides = { interpreted: deal('processWorkflow', 'i'), handwritten: deal('handwrittenWorkflow', 'h') };
    async function batch(fn, n) {
      const t0 = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, async () => { while (next < n) { next++; await fn(); } }));
      return performance.now() - t0;
    }

    if (OPEN > 0) {
      const open = await deployApproved(domain, knex, OPEN_XML, 'bench_open_task');
      const before = await workerRss();
      let started = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (started < OPEN) {
          const n = ++started;
          await waitOpenTask(await start('processWorkflow', `open-${n}`, processInput(open.resolved.model, open.deployed.definition, 1)));
        }
      }));
      await pause(3000);
      const after = await workerRss();
      const perInstance = (after - before) / OPEN;
      process.stdout.write(`${JSON.stringify({ open_instances: OPEN, worker_rss_mb: round(after / 1048576), rss_per_open_instance_kb: round(perInstance / 1024), under_1mb_each: perInstance < 1048576 })}\n`);
      return null;
    }

    // ---- warm-up, then parity: the hand-written side must have done the interpreter's work -------------------
    await batch(sides.interpreted, WARMUP);
    await batch(sides.handwritten, WARMUP);
    const parityI = await workDone(client, knex, await sides.interpreted());
    const parityH = await workDone(client, knex, await sides.handwritten());
    checkParity(parityI, parityH);
    const projections = (x) => x.activities.filter((t) => t === 'projectProcess').length;
    process.stdout.write(`parity: both sides scheduled the same ${parityI.activities.length - projections(parityI)} service tasks and ${projections(parityI)} / ${projections(parityH)} projections (${parityI.firstTask.join(' + ')} in the first workflow task), `
      + `search attributes ${parityI.upserted.join(' then ')} (the interpreter's patch marker besides: ${parityI.patchMarkers}), trail ${parityI.trail.join(', ')}; history events ${parityI.events} interpreted, ${parityH.events} hand-written\n`);

    // ---- throughput: rounds, alternating which side runs first ----------------------------------------------
    const perS = { interpreted: [], handwritten: [] };
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['interpreted', 'handwritten'] : ['handwritten', 'interpreted'];
      const row = { first: order[0] };
      const got = {};
      for (const side of order) {
        const ms = await batch(sides[side], RUNS);
        got[side] = RUNS / (ms / 1000);
        perS[side].push(got[side]);
        row[`${side}_per_s`] = round(got[side]);
      }
      row.ratio = round(got.interpreted / got.handwritten);
      rounds.push(row);
      process.stdout.write(`round ${r + 1}/${ROUNDS} (${row.first} first): interpreted ${row.interpreted_per_s}/s, hand-written ${row.handwritten_per_s}/s, ratio ${row.ratio}\n`);
    }
    const perRoundRatio = ratios(perS.interpreted, perS.handwritten);

    // ---- latency: HTTP completeTask against a bare HTTP→Update, idle and under load -------------------------
    const { first: ports } = await forkChild('http.mjs', common, children);
    const apiUrl = `http://127.0.0.1:${ports.apiPort}`;
    const bareUrl = `http://127.0.0.1:${ports.barePort}`;
    const login = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`login as staff failed: ${login.status} ${await login.text()}`);
    const { token } = await login.json();
    const post = async (url, body, headers = {}) => {
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
      return ms;
    };
    // the server takes at most 2000 Updates in one workflow execution: the bare workflow is replaced (and its
    // successor sent one untimed Update) before it has taken 1000
    let bare = await start('bareUpdateWorkflow', `b-${++seq}`);
    let bareUpdates = 0;
    async function freshBare() {
      if (bareUpdates < 1000) return;
      await bare.executeUpdate('ping', { args: ['stop'] });
      bare = await start('bareUpdateWorkflow', `b-${++seq}`);
      await bare.executeUpdate('ping', { args: ['x'] });
      bareUpdates = 1;
    }
    async function untilIdle(handle) {
      for (;;) {
        const { raw } = await patiently(() => handle.describe(), Date.now() + 120_000);
        if (!raw.pendingWorkflowTask && !raw.pendingActivities?.length) return;
        await pause(5);
      }
    }
    /**
     * A deal whose task is open and whose workflow is idle — the task row written, no workflow task or activity
     * pending — as when a person acts seconds after the task opened (an Update sent while the task's projection is
     * still running would ride in its workflow task and time the server's dispatch instead).
     */
    async function idleDeal() {
      const handle = await start('processWorkflow', `l-${++seq}`, processInput(resolved.model, deployed.definition, 500));
      const taskId = await waitOpenTask(handle);
      while (!(await knex('process_tasks').where({ task_id: taskId }).first())) await pause(5);
      await untilIdle(handle);
      return { handle, taskId };
    }
    /** `inFlight` deals kept busy: each loop starts a deal, completes its task when it opens, and starts the next. */
    function load(inFlight) {
      let stop = false;
      let done = 0;
      const failures = [];
      const loops = Array.from({ length: inFlight }, async () => {
        while (!stop) {
          try {
            await sides.interpreted();
            done++;
          } catch (err) {
            // an overloaded server times a call out: counted and reported, the loop goes on
            failures.push(err?.message ?? String(err));
          }
        }
      });
      const running = { async stop() { stop = true; await Promise.all(loops); activeLoad = null; return { done, failures }; } };
      activeLoad = running;
      return running;
    }
    const latency = {};
    const loadFailures = {};
    for (const inFlight of LOADS) {
      const running = inFlight ? load(inFlight) : null;
      if (running) await pause(2000); // the load reaches its steady state
      const m = { http: [], bare: [], client: [], clientBare: [] };
      const samples = inFlight ? SAMPLES : IDLE_SAMPLES;
      for (let i = 0; i < samples; i++) {
        await freshBare();
        bareUpdates += inFlight === 0 ? 2 : 1;
        const { handle, taskId } = await idleDeal();
        const complete = () => post(`${apiUrl}/api/process-instances/${encodeURIComponent(handle.workflowId)}/tasks/complete`, { taskId, data: { ok: true } }, { authorization: `Bearer ${token}` });
        const ping = () => post(`${bareUrl}/bare/${bare.workflowId}`, { value: 'x' });
        // alternate which of the pair goes first
        if (i % 2 === 0) {
          m.http.push(await complete());
          m.bare.push(await ping());
        } else {
          m.bare.push(await ping());
          m.http.push(await complete());
        }
        if (inFlight === 0) {
          // today's figures: the Update straight from a client, without HTTP
          const other = await idleDeal();
          let t0 = performance.now();
          await other.handle.executeUpdate(wf.completeTaskUpdate, { args: [{ taskId: other.taskId, actor, data: { ok: true } }] });
          m.client.push(performance.now() - t0);
          t0 = performance.now();
          await bare.executeUpdate('ping', { args: ['x'] });
          m.clientBare.push(performance.now() - t0);
        }
      }
      const underLoad = running ? await running.stop() : { done: 0, failures: [] };
      loadFailures[inFlight] = underLoad.failures.length;
      latency[inFlight] = m;
      process.stdout.write(`${inFlight} deals in flight${inFlight ? ` (${underLoad.done} completed meanwhile${underLoad.failures.length ? `, ${underLoad.failures.length} failed: ${underLoad.failures[0]}` : ''})` : ''}: HTTP completeTask p50 ${round(percentile(m.http, 50))} ms, `
        + `p99 ${round(percentile(m.http, 99))} ms; bare HTTP→Update p50 ${round(percentile(m.bare, 50))} ms, p99 ${round(percentile(m.bare, 99))} ms (${samples} samples each)\n`);
    }
    await bare.executeUpdate('ping', { args: ['stop'] });

    const median = (xs) => percentile(xs, 50);
    const suffixed = (inFlight) => {
      const m = latency[inFlight];
      const s = inFlight ? `_${inFlight}` : '';
      return {
        [`http_complete_task_p50_ms${s}`]: round(percentile(m.http, 50)), [`http_complete_task_p99_ms${s}`]: round(percentile(m.http, 99)),
        [`http_bare_update_p50_ms${s}`]: round(percentile(m.bare, 50)), [`http_bare_update_p99_ms${s}`]: round(percentile(m.bare, 99)),
      };
    };
    return {
      interpreted_per_s: round(median(perS.interpreted)), handwritten_per_s: round(median(perS.handwritten)), ratio: round(median(perRoundRatio)),
      interpreted_spread: spread(perS.interpreted), handwritten_spread: spread(perS.handwritten), ratio_spread: spread(perRoundRatio), per_round: rounds,
      complete_task_p50_ms: round(percentile(latency[0].client, 50)), complete_task_p99_ms: round(percentile(latency[0].client, 99)),
      bare_update_p50_ms: round(percentile(latency[0].clientBare, 50)), bare_update_p99_ms: round(percentile(latency[0].clientBare, 99)),
      ...suffixed(0), ...suffixed(10), ...suffixed(50),
      load_failures_10: loadFailures[10], load_failures_50: loadFailures[50],
    };
  } finally {
    await activeLoad?.stop();
    // the children never outlive the benchmark, even when it fails
    for (const child of children) await stopChild(child);
    await connection?.close();
    await knex.destroy();
  }
}

async function main() {
  await ensureDependencies();
  await buildAll({ uis: false });
  const m = modules();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-bench-'));
  try {
    const { code } = await m.bundleWorkflowCode({
      workflowsPath: path.join(repoRoot, 'bench', 'workflows.ts'),
      failureConverterPath: m.engine.failureConverterSource(),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
      webpackConfigHook: (c) => ({ ...c, resolve: { ...c.resolve, conditionNames: ['ggzy-source', 'import', 'require', 'default'] } }),
    });
    const bundleFile = path.join(dir, 'bench-bundle.js');
    writeFileSync(bundleFile, code);
    const on = async (start) => {
      const target = await start(dir);
      try {
        return await measure(m, dir, bundleFile, target);
      } finally {
        await target.stop();
      }
    };
    const dev = await on(devServer);
    if (dev === null) return;
    // the cluster in the same run, after the dev server (never both at once: they would share the cores)
    const cluster = SERVER === 'cluster' ? await on(clusterServer) : null;
    process.stdout.write(`${JSON.stringify({
      server: SERVER, workers: WORKERS, rounds: ROUNDS, runs_per_side_per_round: RUNS, concurrency: CONCURRENCY, samples: SAMPLES, idle_samples: IDLE_SAMPLES,
      ...dev, dev_per_s: dev.interpreted_per_s,
      ...(cluster ? { cluster_per_s: cluster.interpreted_per_s, cluster } : {}),
    })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
