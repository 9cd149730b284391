#!/usr/bin/env node
// npm run bench:engine [-- --runs N] [-- --open 10000]
// The same 10-step process (8 service tasks, 1 exclusive gateway, 1 user task completed by the harness) run as
// (a) the BPMN interpreter and (b) a hand-written workflow, interleaved on one real Temporal dev server; plus the
// latency of completeTask against a bare Update. The last line is one JSON object.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { resolveTemporal, startDevServer } from '../scripts/lib/temporal.mjs';
import { ensureDependencies } from '../scripts/lib/deps.mjs';
import { buildAll } from '../scripts/lib/build.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = arg('runs', 200);
const OPEN = arg('open', 0);
const CONCURRENCY = arg('concurrency', 10);

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const round = (x) => Math.round(x * 100) / 100;

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

async function main() {
  await ensureDependencies();
  await buildAll({ uis: false });
  const { Client, Connection } = require('@temporalio/client');
  const { bundleWorkflowCode } = require('@temporalio/worker');
  const db = require(path.join(repoRoot, 'db/dist/index.js'));
  const domain = require(path.join(repoRoot, 'domain/dist/index.js'));
  const wf = require(path.join(repoRoot, 'workflows/dist/index.js'));
  const { engineDataConverter, failureConverterSource } = require(path.join(repoRoot, 'worker/dist/index.js'));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-bench-'));
  const temporal = await resolveTemporal({ announce: false });
  if (temporal.kind !== 'binary') throw new Error('the benchmark starts its own dev server; unset TEMPORAL_ADDRESS');
  const server = await startDevServer({ binary: temporal.path, dbFile: path.join(dir, 'temporal.db'), port: await freePort(), uiPort: 0, headless: true, logLevel: 'error' });
  const knex = db.openDatabase({ client: 'sqlite', filename: path.join(dir, 'ggzy.sqlite') });
  let workerProcess = null;
  try {
    await db.migrateLatest(knex);
    await db.seedDemo(knex, 'bench-password');
    const deployed = await domain.deployDefinition(knex, { xml: BENCH_XML, regionCode: '990100', deployedBy: null });
    const resolved = await domain.resolveDefinition(knex, 'bench_ten_steps', '990100');
    // sealed payloads and failures, as in production: the keys generated into the benchmark's data directory
    const dataConverter = engineDataConverter(db.loadPayloadKeys(dir, {}));
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(repoRoot, 'bench', 'workflows.ts'),
      failureConverterPath: failureConverterSource(),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
      webpackConfigHook: (c) => ({ ...c, resolve: { ...c.resolve, conditionNames: ['ggzy-source', 'import', 'require', 'default'] } }),
    });
    const bundleFile = path.join(dir, 'bench-bundle.js');
    writeFileSync(bundleFile, code);
    const taskQueue = 'bench';
    workerProcess = fork(path.join(repoRoot, 'bench', 'worker.mjs'), [], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, BENCH_ADDRESS: server.address, BENCH_DB: path.join(dir, 'ggzy.sqlite'), BENCH_DATA_DIR: dir, BENCH_BUNDLE: bundleFile, BENCH_CACHE: String(Math.max(2000, OPEN + 100)) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise((resolve, reject) => { workerProcess.once('message', resolve); workerProcess.once('exit', (c) => reject(new Error(`worker exited ${c}`))); });
    const workerRss = () => new Promise((resolve) => { workerProcess.once('message', (m) => resolve(m.rss)); workerProcess.send('rss'); });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter });
    const actor = { userId: 2, username: 'staff', role: 'staff', regionCode: '990100' };
    const processInput = (amount) => ({
      model: resolved.model, definition: deployed.definition, regionCode: '990100', dealCode: null, variables: { amount },
      calendar: { holidays: [], workdays: [], utcOffsetMinutes: 480 }, startedBy: 'bench',
    });
    let seq = 0;
    const completeLatencies = [];
    const bareLatencies = [];

    async function waitOpenTask(handle) {
      for (;;) {
        const s = await handle.query(wf.processStateQuery);
        if (s.openTasks.length) return s.openTasks[0].taskId;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    async function interpreted() {
      const handle = await client.workflow.start('processWorkflow', { taskQueue, workflowId: `i-${++seq}`, args: [processInput(500)] });
      const taskId = await waitOpenTask(handle);
      await handle.executeUpdate(wf.completeTaskUpdate, { args: [{ taskId, actor, data: { ok: true } }] });
      await handle.result();
    }
    async function untilIdle(handle) {
      for (;;) {
        const { raw } = await handle.describe();
        if (!raw.pendingWorkflowTask && !raw.pendingActivities?.length) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    /** completeTask and a bare Update, measured one after the other on an otherwise idle worker. */
    async function latencyPair() {
      const handle = await client.workflow.start('processWorkflow', { taskQueue, workflowId: `l-${++seq}`, args: [processInput(500)] });
      const taskId = await waitOpenTask(handle);
      // measure the hand-off alone, on an idle workflow as the bare Update is: the task row is written and no workflow
      // task or activity is pending (a person acts seconds after the task opens; an Update sent while the projection's
      // completion still waits for its workflow task would ride in that task and measure the server's dispatch instead)
      while (!(await knex('process_tasks').where({ task_id: taskId }).first())) await new Promise((r) => setTimeout(r, 5));
      await untilIdle(handle);
      let t0 = performance.now();
      await handle.executeUpdate(wf.completeTaskUpdate, { args: [{ taskId, actor, data: { ok: true } }] });
      completeLatencies.push(performance.now() - t0);
      await handle.result();
      t0 = performance.now();
      await bare.executeUpdate('ping', { args: ['x'] });
      bareLatencies.push(performance.now() - t0);
    }
    let bare;
    async function handwritten() {
      const handle = await client.workflow.start('handwrittenWorkflow', { taskQueue, workflowId: `h-${++seq}`, args: [{ regionCode: '990100', amount: 500, definition: deployed.definition }] });
      const taskId = `${handle.workflowId}/review/1`;
      for (;;) {
        try {
          await handle.executeUpdate(wf.completeTaskUpdate, { args: [{ taskId, actor, data: { ok: true } }] });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 5)); // not open yet
        }
      }
      await handle.result();
    }
    async function batch(fn, n) {
      const t0 = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < n) { next++; await fn(); } }));
      return performance.now() - t0;
    }

    if (OPEN > 0) {
      const openDeployed = await domain.deployDefinition(knex, { xml: OPEN_XML, regionCode: '990100', deployedBy: null });
      const openModel = (await domain.resolveDefinition(knex, 'bench_open_task', '990100')).model;
      const before = await workerRss();
      let started = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (started < OPEN) {
          const n = ++started;
          const h = await client.workflow.start('processWorkflow', { taskQueue, workflowId: `open-${n}`, args: [{ ...processInput(1), model: openModel, definition: openDeployed.definition }] });
          await waitOpenTask(h);
        }
      }));
      await new Promise((r) => setTimeout(r, 3000));
      const after = await workerRss();
      const perInstance = (after - before) / OPEN;
      process.stdout.write(`${JSON.stringify({ open_instances: OPEN, worker_rss_mb: round(after / 1048576), rss_per_open_instance_kb: round(perInstance / 1024), under_1mb_each: perInstance < 1048576 })}\n`);
    } else {
      // warm-up
      await batch(interpreted, 20);
      await batch(handwritten, 20);
      completeLatencies.length = 0;
      const rounds = 5;
      let tInterp = 0;
      let tHand = 0;
      const per = Math.ceil(RUNS / rounds);
      bare = await client.workflow.start('bareUpdateWorkflow', { taskQueue, workflowId: `b-${++seq}` });
      for (let r = 0; r < rounds; r++) {
        tInterp += await batch(interpreted, per);
        tHand += await batch(handwritten, per);
        for (let i = 0; i < per; i++) await latencyPair();
      }
      await bare.executeUpdate('ping', { args: ['stop'] });
      const total = per * rounds;
      const interpretedPerS = total / (tInterp / 1000);
      const handwrittenPerS = total / (tHand / 1000);
      process.stdout.write(`runs per variant: ${total}, concurrency ${CONCURRENCY}, Temporal dev server ${server.address}\n`);
      process.stdout.write(`${JSON.stringify({
        interpreted_per_s: round(interpretedPerS), handwritten_per_s: round(handwrittenPerS), ratio: round(interpretedPerS / handwrittenPerS),
        complete_task_p50_ms: round(percentile(completeLatencies, 50)), complete_task_p99_ms: round(percentile(completeLatencies, 99)),
        bare_update_p50_ms: round(percentile(bareLatencies, 50)), bare_update_p99_ms: round(percentile(bareLatencies, 99)),
      })}\n`);
    }
    await connection.close();
  } finally {
    // the worker never outlives the benchmark, even when it fails
    if (workerProcess && workerProcess.exitCode === null && workerProcess.signalCode === null) {
      const exited = new Promise((r) => workerProcess.once('exit', r));
      workerProcess.kill('SIGTERM');
      const timer = setTimeout(() => workerProcess.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    await knex.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
