// Property-style: random sequences of collects, refunds, refundAlls, retries and crashed-then-retried calls keep the
// ledger's invariants after every step, and every answer is what a simple model of the rules predicts.
// GGZY_PROPERTY_SEED=<n> replays one sequence; a failure names its seed and step.
import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, InjectedCrash, businessErrorOf, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';
import { toBigInt } from './ledger';

const SECTIONS = [{ code: `${DEAL}-01`, capFen: 20_000_000, bidders: [1, 2, 3, 4, 5, 6] }, { code: `${DEAL}-02`, capFen: 4_000_000, bidders: [1, 2, 3] }];
const SHARED = '6222999900002222';
const STEPS = 36;
const SEEDS = process.env.GGZY_PROPERTY_SEED ? [Number(process.env.GGZY_PROPERTY_SEED)] : [20260302, 7];

/** A small deterministic generator (mulberry32), so a seed replays its sequence. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

interface ModelDeposit { form: 'cash' | 'guarantee'; amountFen: number; refunded: boolean }

async function total(query: PromiseLike<unknown>): Promise<bigint> {
  const row = (await query) as { total?: unknown } | undefined;
  return toBigInt(row?.total);
}

async function checkInvariants(db: Db, model: Map<string, ModelDeposit>, where: string): Promise<void> {
  const sum = (q: Db) => q.raw('coalesce(sum(amount_fen), 0) as total');
  expect({ where, sum: await total(db('journal_lines').first(sum(db))) }).toEqual({ where, sum: 0n });
  const unbalanced = await db('journal_lines').groupBy('entry_id').havingRaw('sum(amount_fen) <> 0').select('entry_id');
  expect({ where, unbalanced }).toEqual({ where, unbalanced: [] });
  const twice = await db('deposit_refunds').groupBy('deposit_id').havingRaw('count(*) > 1').select('deposit_id');
  expect({ where, twice }).toEqual({ where, twice: [] });
  for (const section of SECTIONS) {
    const held = [...model.entries()].filter(([key, d]) => key.startsWith(section.code) && d.form === 'cash' && !d.refunded).reduce((s, [, d]) => s + BigInt(d.amountFen), 0n);
    const escrow = await total(db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', `deposit-escrow:${section.code}`).first(db.raw('coalesce(sum(l.amount_fen), 0) as total')));
    const sectionRow = await db('sections').where('section_code', section.code).first('id');
    const fromTables = await db('deposits as d').leftJoin('deposit_refunds as r', 'r.deposit_id', 'd.id').where({ 'd.section_id': sectionRow.id, 'd.form': 'cash' })
      .first(db.raw('coalesce(sum(d.amount_fen), 0) - coalesce(sum(r.principal_fen), 0) as total'));
    expect({ where, section: section.code, escrow, tables: toBigInt(fromTables.total) }).toEqual({ where, section: section.code, escrow: held, tables: held });
  }
  const interest = await total(db('deposit_refunds').first(db.raw('coalesce(sum(interest_fen), 0) as total')));
  const expense = await total(db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.purpose', 'interest_expense').first(db.raw('coalesce(sum(l.amount_fen), 0) as total')));
  const settlement = await total(db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.purpose', 'interest_settlement').first(db.raw('coalesce(sum(l.amount_fen), 0) as total')));
  expect({ where, expense, settlement }).toEqual({ where, expense: interest, settlement: -interest });
  const rows = Number((await db('deposits').count('* as n').first())!.n);
  const refunds = Number((await db('deposit_refunds').count('* as n').first())!.n);
  expect({ where, rows, refunds }).toEqual({ where, rows: model.size, refunds: [...model.values()].filter((d) => d.refunded).length });
}

describe.each(DATABASES)('deposit ledger invariants on %s', (_name, create) => {
  let database: TestDatabase;
  afterEach(async () => { await database?.close(); });

  test.each(SEEDS)('a random sequence of collects, refunds, retries and crashes (seed %i) keeps every invariant', async (seed) => {
    database = await createSeededDatabase(create);
    const db = database.db;
    const random = generator(seed);
    let clock = new Date('2026-03-02T02:00:00.000Z').getTime();
    const now = () => new Date(clock);
    await runTask(db, accept);
    for (const section of SECTIONS) {
      for (const n of section.bidders) {
        await runTask(db, {
          type: 'registration.registerBidder', key: `wf-prop:register:${section.code}#${n}`,
          input: { sectionCode: section.code, bidder: { ...bidder(n), basicAccount: n >= 5 ? SHARED : bidder(n).basicAccount } },
        });
      }
    }
    const model = new Map<string, ModelDeposit>();
    const done: Array<{ call: TaskCall; answer: unknown }> = [];
    let keys = 0;
    const seen = new Map<string, number>(); // what the sequence exercised: no vacuous pass
    const saw = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    for (let step = 1; step <= STEPS; step++) {
      const where = `seed ${seed}, step ${step}`;
      clock += random.int(0, 3) * 86_400_000;
      const section = random.pick(SECTIONS);
      const n = random.pick(section.bidders);
      const key = `${section.code}|${n}`;
      const roll = random.next();
      let call: TaskCall;
      let expected: string | null = null; // the business error code the model predicts, or null for success
      let apply = () => {};
      if (roll < 0.45) {
        const form = random.next() < 0.8 ? 'cash' : 'guarantee';
        const amountFen = random.next() < 0.15 ? section.capFen + random.int(1, 1000) : random.int(1, section.capFen);
        call = {
          type: 'deposits.collect', key: `wf-prop:op#${++keys}`,
          input: form === 'cash'
            ? { sectionCode: section.code, bidder: bidder(n).creditCode, amountFen, payingAccount: n >= 5 ? SHARED : bidder(n).basicAccount }
            : { sectionCode: section.code, bidder: bidder(n).creditCode, form, amountFen, guarantee: { number: `BH-${seed}-${keys}`, issuer: '示范省融资担保有限公司', validFrom: '2026-01-01', validUntil: '2027-12-31' } },
        };
        if (model.has(key)) expected = 'DEPOSIT_ALREADY_COLLECTED';
        else if (amountFen > section.capFen) expected = 'DEPOSIT_OVER_CAP';
        else apply = () => { model.set(key, { form, amountFen, refunded: false }); };
      } else if (roll < 0.8) {
        call = { type: 'deposits.refund', key: `wf-prop:op#${++keys}`, input: { sectionCode: section.code, bidder: bidder(n).creditCode, reason: random.pick(['withdrawal', 'termination']) } };
        const held = model.get(key);
        if (!held) expected = 'DEPOSIT_NOT_FOUND';
        else if (held.refunded) expected = 'DEPOSIT_ALREADY_REFUNDED';
        else apply = () => { held.refunded = true; };
      } else if (roll < 0.88) {
        call = { type: 'deposits.refundAll', key: `wf-prop:op#${++keys}`, input: { sectionCode: section.code } };
        apply = () => { for (const [k, d] of model) if (k.startsWith(section.code)) d.refunded = true; };
      } else {
        // a retry of an earlier successful call with its key: the same answer, nothing written
        const earlier = done.length ? random.pick(done) : null;
        if (!earlier) continue;
        expect({ where, answer: await runTask(db, earlier.call, { now }) }).toEqual({ where, answer: earlier.answer });
        saw('retry');
        await checkInvariants(db, model, where);
        continue;
      }
      const crash = random.next() < 0.3;
      if (expected) {
        const error = await businessErrorOf(runTask(db, call, { now }));
        expect({ where, code: error.code }).toEqual({ where, code: expected });
        saw(expected);
      } else {
        if (crash) {
          await expect(runTask(db, call, { now, afterCommit: (type) => { throw new InjectedCrash(type); } })).rejects.toBeInstanceOf(InjectedCrash);
        }
        const answer = await runTask(db, call, { now });
        apply();
        done.push({ call, answer });
        saw(call.type);
        if (crash) saw('crash');
      }
      await checkInvariants(db, model, where);
    }
    for (const what of ['deposits.collect', 'deposits.refund', 'retry', 'crash']) expect({ seed, what, seen: (seen.get(what) ?? 0) > 0 }).toEqual({ seed, what, seen: true });
    expect({ seed, refusals: (seen.get('DEPOSIT_ALREADY_COLLECTED') ?? 0) + (seen.get('DEPOSIT_OVER_CAP') ?? 0) + (seen.get('DEPOSIT_NOT_FOUND') ?? 0) + (seen.get('DEPOSIT_ALREADY_REFUNDED') ?? 0) > 0 }).toEqual({ seed, refusals: true });
  });
});
