// The first start of a fresh platform leaves work for every demo user: two construction tenders in the training
// sandbox (演练区), made through the same api and process as a real deal (scripts/lib/demo-tender.mjs) — one taking
// bids (its opening a week away, no bid yet), one taken through the opening to its evaluation, the experts drawn for it
// answering their invitations as the SMS gateway reports them (the same domain call the gateway's callback makes).
// Done once per data directory (`sandbox-deals.json` there records them); it runs beside the platform and says
// what it did, never holding up the start.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';
import { step } from './report.mjs';
import { driveTender } from './demo-tender.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function markerOf(dataDir) {
  return path.join(dataDir, 'sandbox-deals.json');
}

export function sandboxDealsMade(dataDir) {
  return existsSync(markerOf(dataDir));
}

function record(dataDir, deals) {
  writeFileSync(markerOf(dataDir), `${JSON.stringify({ deals }, null, 2)}\n`);
}

/** The experts invited for the deal answer yes, as each invitation's gateway would report it. */
async function expertsConfirm(env, dealCode, deadlineMs) {
  const db = require('@ggzy/db');
  const domain = require('@ggzy/domain');
  const knex = db.openDatabase(db.loadRuntimeConfig(env).database);
  try {
    const answered = new Set();
    for (;;) {
      const invited = await knex('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
        .join('expert_draws as x', 'x.id', 'm.draw_id').join('deals as d', 'd.id', 'x.deal_id')
        .where({ 'd.deal_code': dealCode, 'm.status': 'invited', 'n.channel': 'sms' }).select('n.id', 'm.id as member_id');
      for (const n of invited.filter((row) => !answered.has(Number(row.member_id)))) {
        await domain.recordExpertAnswer(knex, { notificationId: Number(n.id), answer: 'confirm', receivedAt: new Date() });
        answered.add(Number(n.member_id));
      }
      const evaluating = await knex('process_tasks').where({ node_id: 'evaluate', status: 'open' }).where('workflow_id', `deal-${dealCode}`).first();
      if (evaluating) return;
      if (Date.now() > deadlineMs) throw new Error(`the deal ${dealCode} did not reach its evaluation in time`);
      await sleep(2000);
    }
  } finally {
    await knex.destroy();
  }
}

/** Makes the two sandbox deals (in the background of `npm start`); failures are reported, never fatal. */
export async function makeSandboxDeals({ baseUrl, dataDir, password, env }) {
  const made = [];
  const log = (line) => step(`sandbox: ${line}`);
  try {
    const bidding = await driveTender({ baseUrl, dataDir, password, until: 'bidding', title: '示范演练中学教学楼新建工程施工（投标中）', openingAfterMs: 7 * 86_400_000, log: () => {} });
    made.push({ dealCode: bidding.dealCode, stage: 'bidding' });
    record(dataDir, made);
    log(`${bidding.dealCode} is taking bids (the bidders' key files sign in at the portal)`);
    const evaluated = await driveTender({ baseUrl, dataDir, password, until: 'opened', title: '示范演练区道路改造工程施工（评标中）', log: () => {} });
    made.push({ dealCode: evaluated.dealCode, stage: 'evaluation' });
    record(dataDir, made);
    log(`${evaluated.dealCode}: bids opened; its experts are confirming`);
    await expertsConfirm(env, evaluated.dealCode, Date.now() + 15 * 60_000);
    log(`${evaluated.dealCode} is at its evaluation (评标报告, staff's inbox)`);
  } catch (err) {
    process.stderr.write(`[ggzy] sandbox deals: ${err.message}\n`);
  }
}

export function sandboxDeals(dataDir) {
  return sandboxDealsMade(dataDir) ? JSON.parse(readFileSync(markerOf(dataDir), 'utf8')).deals : [];
}
