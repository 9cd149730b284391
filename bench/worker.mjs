// The benchmark's worker, in its own process as in production (the api and the worker are separate processes).
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const { NativeConnection, Worker, Runtime, DefaultLogger } = require('@temporalio/worker');
const db = require(path.join(repoRoot, 'db/dist/index.js'));
const activities = require(path.join(repoRoot, 'activities/dist/index.js'));
const { engineDataConverter } = require(path.join(repoRoot, 'worker/dist/index.js'));

Runtime.install({ logger: new DefaultLogger('WARN') });
// the platform's database: SQLite beside the dev server, PostgreSQL beside Temporal Server (--server cluster)
const knex = db.openDatabase(process.env.BENCH_DATABASE_URL ? { client: 'pg', connectionString: process.env.BENCH_DATABASE_URL } : { client: 'sqlite', filename: process.env.BENCH_DB });
const connection = await NativeConnection.connect({ address: process.env.BENCH_ADDRESS });
const worker = await Worker.create({
  connection, taskQueue: 'bench', workflowBundle: { codePath: process.env.BENCH_BUNDLE }, dataConverter: engineDataConverter(db.loadPayloadKeys(process.env.BENCH_DATA_DIR, {})), activities: activities.createActivities(knex),
  maxCachedWorkflows: Number(process.env.BENCH_CACHE), maxConcurrentWorkflowTaskExecutions: 50, maxConcurrentActivityTaskExecutions: 100,
});
process.on('message', (msg) => {
  if (msg === 'rss') {
    global.gc?.();
    process.send({ rss: process.memoryUsage().rss });
  }
});
process.on('SIGTERM', () => worker.shutdown());
process.send({ ready: true });
await worker.run();
await connection.close();
await knex.destroy();
process.exit(0);
