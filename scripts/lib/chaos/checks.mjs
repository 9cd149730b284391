// What the campaign verifies once every deal has ended, by reading the platform's database (inspection only) and
// running the project's own trail verifier: the deals completed, the books balanced, each deposit paid back exactly
// once, the escrow accounts empty, no business row written twice, and the supervision trail intact.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../paths.mjs';
import { withPostgres } from '../postgres.mjs';

/** Journal entries whose stored lines are not their declared count or do not sum to zero. */
const UNBALANCED = `
  select e.id, e.entry_key, e.line_count, count(l.id) as lines, coalesce(sum(l.amount_fen), 0) as total
  from journal_entries e left join journal_lines l on l.entry_id = e.id
  group by e.id, e.entry_key, e.line_count
  having count(l.id) <> e.line_count or coalesce(sum(l.amount_fen), 0) <> 0`;

/** Deposits of the deals not refunded exactly once (a cash refund with its posting). */
const REFUNDS = `
  select d.id, d.form, count(r.id) as refunds, count(r.journal_entry_id) as postings
  from deposits d join deals k on k.id = d.deal_id left join deposit_refunds r on r.deposit_id = d.id
  where k.deal_code = any($1)
  group by d.id, d.form
  having count(r.id) <> 1 or (d.form = 'cash' and count(r.journal_entry_id) <> 1)`;

/** Escrow and payable accounts (of the deals' sections) that do not stand at zero. */
const OPEN_BALANCES = `
  select a.account_code, coalesce(sum(l.amount_fen), 0) as balance
  from ledger_accounts a join sections s on s.id = a.section_id join deals k on k.id = s.deal_id
  left join journal_lines l on l.account_id = a.id
  where k.deal_code = any($1) and a.purpose in ('deposit_escrow', 'deposit_payable')
  group by a.account_code
  having coalesce(sum(l.amount_fen), 0) <> 0`;

/**
 * Rows a step must write once, grouped by what makes them one: a retried step that wrote again under another key
 * shows up here even where no unique index stands guard. Each query answers the groups with more than one row.
 */
const DUPLICATES = {
  deals: `select workflow_id as k, count(*) as n from deals where deal_code = any($1) group by workflow_id having count(*) > 1`,
  sections: `select s.deal_id || ':' || s.name as k, count(*) as n from sections s join deals k on k.id = s.deal_id where k.deal_code = any($1) group by s.deal_id, s.name having count(*) > 1`,
  subjects: `select credit_code as k, count(*) as n from subjects group by credit_code having count(*) > 1`,
  bids: `select b.section_id || ':' || b.bidder_subject_id as k, count(*) as n from bids b join sections s on s.id = b.section_id join deals k on k.id = s.deal_id where k.deal_code = any($1) group by b.section_id, b.bidder_subject_id having count(*) > 1`,
  deposits: `select d.section_id || ':' || d.bidder_subject_id as k, count(*) as n from deposits d join deals k on k.id = d.deal_id where k.deal_code = any($1) group by d.section_id, d.bidder_subject_id having count(*) > 1`,
  journal_entries: `select entry_key as k, count(*) as n from journal_entries group by entry_key having count(*) > 1`,
  // money moved without the business record it belongs to: a posting no deposit, refund or fee points at
  orphan_postings: `select e.entry_key as k, 1 as n from journal_entries e join deals k on k.id = e.deal_id where k.deal_code = any($1) and not exists (
      select 1 from deposits d where d.journal_entry_id = e.id union all select 1 from deposit_refunds r where r.journal_entry_id = e.id
      union all select 1 from fee_charges f where f.journal_entry_id = e.id)`,
  awards: `select a.section_id::text as k, count(*) as n from awards a join sections s on s.id = a.section_id join deals k on k.id = s.deal_id where k.deal_code = any($1) group by a.section_id having count(*) > 1`,
  award_letters: `select l.award_id || ':' || l.bidder_subject_id as k, count(*) as n from award_result_letters l group by l.award_id, l.bidder_subject_id having count(*) > 1`,
  fee_charges: `select f.section_id::text as k, count(*) as n from fee_charges f join sections s on s.id = f.section_id join deals k on k.id = s.deal_id where k.deal_code = any($1) group by f.section_id having count(*) > 1`,
  awarded_prices: `select section_code as k, count(*) as n from awarded_prices where deal_code = any($1) group by section_code having count(*) > 1`,
  process_tasks: `select workflow_id || ':' || node_id as k, count(*) as n from process_tasks where workflow_id in (select workflow_id from deals where deal_code = any($1)) group by workflow_id, node_id having count(*) > 1`,
  // the same event, with the same content, twice in a deal's trail: a step that notified supervision twice
  trail_events: `select deal_code || ':' || kind as k, count(*) as n from supervision_events where deal_code = any($1) group by deal_code, kind, payload having count(*) > 1`,
};

/** Runs `ggzy trail verify` against the platform's database; answers its verdict. */
function verifyTrail(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'api', 'bin', 'ggzy.js'), 'trail', 'verify'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => {
      let verdict = null;
      try { verdict = JSON.parse(out.trim().split('\n').pop()); } catch { /* not JSON */ }
      resolve({ ok: code === 0 && verdict?.ok === true, code, verdict, stderr: err.trim() });
    });
  });
}

export async function checkPlatform(databaseUrl, env, dealCodes) {
  return withPostgres(databaseUrl, async (client) => {
    const rows = async (sql, params = []) => (await client.query(sql, params)).rows;
    const completed = await rows(`select deal_code from deals where deal_code = any($1) and status = 'completed'`, [dealCodes]);
    const strays = await rows(`select d.deal_code, d.status from deals d join process_instances p on p.workflow_id = d.workflow_id
      where p.process_key = 'money_drill' and not (d.deal_code = any($1))`, [dealCodes]);
    const unbalanced = await rows(UNBALANCED);
    const refunds = await rows(REFUNDS, [dealCodes]);
    const openBalances = await rows(OPEN_BALANCES, [dealCodes]);
    const deposits = await rows(`select count(*)::int as n, count(distinct d.deal_id)::int as deals from deposits d join deals k on k.id = d.deal_id where k.deal_code = any($1)`, [dealCodes]);
    const duplicates = {};
    for (const [name, sql] of Object.entries(DUPLICATES)) {
      const found = await rows(sql, sql.includes('$1') ? [dealCodes] : []);
      if (found.length) duplicates[name] = found.slice(0, 10);
    }
    const trail = await verifyTrail(env);
    return {
      completedInDatabase: completed.length, strays, unbalanced, refunds, openBalances, duplicates, trail,
      deposits: deposits[0].n, dealsWithDeposits: deposits[0].deals,
    };
  });
}
