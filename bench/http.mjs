// The engine benchmark's HTTP side, in its own process as the api is in production: the platform's real koa api
// (authentication, authorization, validation, the completeTask service with its form check, then the Update) and,
// beside it on the same Temporal connection and event loop, a bare route that only sends an Update to a workflow
// whose handler only returns — no authentication, no Query, no database. Both answer on 127.0.0.1; the ports go to
// the parent over IPC.
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const Koa = require(require.resolve('koa', { paths: [path.join(repoRoot, 'api')] }));
const db = require('@ggzy/db');
const api = require('@ggzy/api');

const knex = db.openDatabase(process.env.BENCH_DATABASE_URL
  ? { client: 'pg', connectionString: process.env.BENCH_DATABASE_URL }
  : { client: 'sqlite', filename: process.env.BENCH_DB });
const temporal = await api.TemporalGateway.connect({
  address: process.env.BENCH_ADDRESS, namespace: 'default', taskQueue: 'bench', payloadKeys: db.loadPayloadKeys(process.env.BENCH_DATA_DIR, {}),
});
const quiet = { info() {}, error() {} };
const platform = api.createApp({
  db: knex, temporal, loginLimiter: new api.RateLimiter(knex, 1_000_000, 60_000),
}, { logger: quiet, accessLog: () => {}, serveUis: false });

const bare = new Koa();
bare.use(async (ctx) => {
  const match = /^\/bare\/([A-Za-z0-9_.:-]{1,200})$/.exec(ctx.path);
  if (ctx.method !== 'POST' || !match) {
    ctx.status = 404;
    return;
  }
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  const { value } = JSON.parse(raw || '{}');
  const answer = await temporal.client.workflow.getHandle(match[1]).executeUpdate('ping', { args: [String(value ?? '')] });
  ctx.status = 200;
  ctx.body = { answer };
});

const listen = (app) => new Promise((resolve) => {
  const server = app.listen(0, '127.0.0.1', () => resolve(server));
});
const servers = [await listen(platform), await listen(bare)];
process.send({ apiPort: servers[0].address().port, barePort: servers[1].address().port });
process.on('SIGTERM', async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await temporal.close();
  await knex.destroy();
  process.exit(0);
});
