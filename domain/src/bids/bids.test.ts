import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { openingKeyVault } from './key-vault';
import { wrapStoredOpeningKeys } from './sealing';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';

const SECTION = `${DEAL}-01`;
const DEADLINE = '2026-03-23T09:30:00+08:00';
const AT_OPENING = new Date('2026-03-23T01:30:00.000Z'); // the deadline itself
const BEFORE_SUBMITTING = new Date('2026-03-01T01:00:00.000Z');

const bidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA2${String(n).padStart(6, '0')}`), name: `第${n}建筑工程有限公司` });
const digest = (n: number, version = 1) => `${String(n).padStart(2, '0')}${String(version).padStart(2, '0')}`.repeat(16);
const PRICES = [0, 912_345_678, 934_567_890, 956_789_012, 978_901_234, 990_123_456];

const accept: TaskCall = {
  type: 'registration.acceptDeal', nodeId: 'accept',
  input: {
    title: '东湖市滨江大道改造工程', procedureKind: 'construction-open-tender', estimateFen: 1_100_000_000,
    tenderee: { creditCode: withCheckCharacter('91990100MA0000031'), name: '东湖市城市道路建设中心' },
    sections: [{ name: '施工', estimateFen: 1_000_000_000 }, { name: '监理', estimateFen: 100_000_000 }],
  },
};
const register = (n: number): TaskCall => ({ type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register#${n}`, input: { sectionCode: SECTION, bidder: bidder(n) } });
const submit = (key: string, n: number, input: Record<string, unknown> = {}): TaskCall => ({
  type: 'bids.submit', nodeId: 'submit', key: `wf-test:submit#${key}`,
  input: { sectionCode: SECTION, bidder: bidder(n).creditCode, priceFen: PRICES[n], documentSha256: digest(n), deadline: DEADLINE, ...input },
});
const withdraw = (key: string, n: number, input: Record<string, unknown> = {}): TaskCall => ({
  type: 'bids.withdraw', nodeId: 'withdraw', key: `wf-test:withdraw#${key}`, input: { sectionCode: SECTION, bidder: bidder(n).creditCode, deadline: DEADLINE, ...input },
});
const open = (key: string, input: Record<string, unknown> = {}): TaskCall => ({ type: 'bids.open', nodeId: 'open', key: `wf-test:open#${key}`, input: { sectionCode: SECTION, deadline: DEADLINE, ...input } });
const atOpening = { now: () => AT_OPENING };

/** The random parts of a dump (key pairs, ephemeral keys, IVs) replaced by a marker once shown to be present. */
function withoutRandomness(dump: unknown): unknown {
  const tables = structuredClone(dump) as Record<string, Array<Record<string, unknown>>>;
  const mask = (table: string, column: string) => {
    for (const row of tables[table] ?? []) {
      expect(typeof row[column]).toBe('string');
      expect((row[column] as string).length).toBeGreaterThan(40);
      row[column] = '<random>';
    }
    tables[table]?.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  };
  mask('bid_sealing_keys', 'public_key');
  mask('bid_opening_keys', 'private_key');
  mask('bid_submissions', 'sealed_price');
  return tables;
}

async function eventsOf(db: Db, kind: string) {
  const rows = await db('supervision_events').where({ deal_code: DEAL, kind }).orderBy('seq');
  return rows.map((r: { payload: string }) => JSON.parse(r.payload));
}

async function bidRow(db: Db, n: number) {
  return db('bids as b').join('subjects as p', 'p.id', 'b.bidder_subject_id').where('p.credit_code', bidder(n).creditCode).first('b.*');
}

describe.each(DATABASES)('bids on %s', (_name, create) => {
  let database: TestDatabase;

  /** A deal with bidders 1–5 registered for section 01. */
  async function prepared(): Promise<TestDatabase> {
    const fresh = await createSeededDatabase(create);
    await runTask(fresh.db, accept, { now: () => BEFORE_SUBMITTING });
    for (const n of [1, 2, 3, 4, 5]) await runTask(fresh.db, register(n), { now: () => BEFORE_SUBMITTING });
    return fresh;
  }

  /** Bidders 1–4 submitted (4 twice) and 5 withdrew, all before the deadline. */
  async function submitted(): Promise<TestDatabase> {
    const fresh = await prepared();
    const early = { now: () => BEFORE_SUBMITTING };
    for (const n of [1, 2, 3, 4]) await runTask(fresh.db, submit(String(n), n), early);
    await runTask(fresh.db, submit('4b', 4, { priceFen: 977_000_000, documentSha256: digest(4, 2) }), early);
    await runTask(fresh.db, withdraw('5', 5), early);
    return fresh;
  }

  beforeEach(async () => { database = await prepared(); });
  afterEach(async () => { await database.close(); });

  test('a submission records the document digest and a sealed price that appears nowhere before the opening', async () => {
    const answer = await runTask(database.db, submit('1', 1, { documentSha256: digest(1).toUpperCase() }));
    const bid = await bidRow(database.db, 1);
    expect(answer).toEqual({ result: {
      sectionCode: SECTION, bidder: bidder(1).creditCode, bidId: Number(bid.id), version: 1, documentSha256: digest(1), submittedAt: PINNED_NOW.toISOString(),
    } });
    expect(bid).toMatchObject({ status: 'submitted', price_fen: null });
    const rows = await database.db('bid_submissions').where('bid_id', bid.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, document_sha256: digest(1), submitted_key: 'wf-test:submit#1', superseded_at: null });
    expect(rows[0].sealed_price).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(JSON.stringify(await dumpDatabase(database.db))).not.toContain(String(PRICES[1]));
    const events = await eventsOf(database.db, 'bid.submitted');
    expect(events).toEqual([expect.objectContaining({ taskType: 'bids.submit', bidId: Number(bid.id), version: 1, documentSha256: digest(1), replacesVersion: null })]);
    expect(events[0]).not.toHaveProperty('priceFen');
  });

  test('a second submission before the deadline is a new version; the old one is kept, superseded', async () => {
    await runTask(database.db, submit('1', 1));
    const second = await runTask(database.db, submit('1b', 1, { priceFen: 900_000_000, documentSha256: digest(1, 2) }));
    expect(second.result).toMatchObject({ version: 2, documentSha256: digest(1, 2) });
    const bid = await bidRow(database.db, 1);
    const rows = await database.db('bid_submissions').where('bid_id', bid.id).orderBy('version');
    expect(rows.map((r: { version: number; superseded_at: unknown }) => [Number(r.version), r.superseded_at === null])).toEqual([[1, false], [2, true]]);
    expect((await eventsOf(database.db, 'bid.submitted')).map((e) => e.replacesVersion)).toEqual([null, 1]);
  });

  test('a withdrawal before the deadline marks the bid withdrawn and tells the deposits when the refund clock started', async () => {
    await runTask(database.db, submit('2', 2));
    const answer = await runTask(database.db, withdraw('2', 2, { reason: '企业经营调整' }));
    const bid = await bidRow(database.db, 2);
    const withdrawn = {
      dealCode: DEAL, sectionCode: SECTION, bidder: bidder(2).creditCode, bidId: Number(bid.id), hadSubmitted: true,
      withdrawnAt: PINNED_NOW.toISOString(), withdrawnOn: '2026-03-02',
    };
    expect(answer).toEqual({ result: withdrawn });
    expect(bid.status).toBe('withdrawn');
    expect(new Date(bid.withdrawn_at).toISOString()).toBe(PINNED_NOW.toISOString());
    expect(await eventsOf(database.db, 'bid.withdrawn')).toEqual([{ taskType: 'bids.withdraw', nodeId: 'withdraw', ...withdrawn, reason: '企业经营调整' }]);
    expect((await businessErrorOf(runTask(database.db, submit('2b', 2)))).code).toBe('BID_WITHDRAWN');
    expect((await businessErrorOf(runTask(database.db, withdraw('2b', 2)))).code).toBe('BID_WITHDRAWN');
  });

  test('the opening reveals the current prices of the valid bids, writes the record and closes the section', async () => {
    await database.close();
    database = await submitted();
    const answer = await runTask(database.db, open('1'), atOpening);
    const ids = await Promise.all([1, 2, 3, 4].map(async (n) => Number((await bidRow(database.db, n)).id)));
    const openedBids = [1, 2, 3, 4].map((n, i) => ({
      bidId: ids[i], creditCode: bidder(n).creditCode, name: bidder(n).name, priceFen: n === 4 ? 977_000_000 : PRICES[n], documentSha256: n === 4 ? digest(4, 2) : digest(n),
    }));
    expect(answer.variables).toEqual({ openedBids });
    expect(answer.result).toMatchObject({ sectionCode: SECTION, openedAt: AT_OPENING.toISOString(), deadline: AT_OPENING.toISOString(), bids: openedBids, invalid: [] });

    const opening = await database.db('bid_openings').first();
    expect(opening).toMatchObject({ opened_key: 'wf-test:open#1', valid_bid_count: 4, line_count: 4 });
    const lines = await database.db('bid_opening_lines').where('opening_id', opening.id).orderBy('line_no');
    expect(lines.map((l: { bid_id: number; price_fen: unknown; is_valid: unknown }) => [Number(l.bid_id), Number(l.price_fen), Boolean(l.is_valid)]))
      .toEqual(openedBids.map((b) => [b.bidId, b.priceFen, true]));
    for (const [i, n] of [1, 2, 3, 4].entries()) expect(Number((await bidRow(database.db, n)).price_fen)).toBe(openedBids[i]!.priceFen);
    expect((await bidRow(database.db, 5))).toMatchObject({ status: 'withdrawn', price_fen: null });
    expect((await database.db('sections').where('section_code', SECTION).first()).status).toBe('opened');
    expect(await eventsOf(database.db, 'bids.opened')).toEqual([expect.objectContaining({ taskType: 'bids.open', bids: openedBids, invalid: [] })]);

    const late = { now: () => new Date(AT_OPENING.getTime() + 60_000) };
    expect((await businessErrorOf(runTask(database.db, open('2'), late))).code).toBe('BIDS_ALREADY_OPENED');
    expect((await businessErrorOf(runTask(database.db, submit('9', 1, { deadline: '2026-04-30T09:30:00+08:00' }), late))).code).toBe('BIDS_ALREADY_OPENED');
  });

  test('fewer than three valid bids: FEWER_THAN_THREE_BIDS (实施条例 §44) and nothing written', async () => {
    const noBids = await businessErrorOf(runTask(database.db, open('0'), atOpening));
    expect(noBids).toMatchObject({ code: 'FEWER_THAN_THREE_BIDS', nonRetryable: true, details: { validBids: 0, submittedBids: 0, required: 3 } });
    for (const n of [1, 2, 3]) await runTask(database.db, submit(String(n), n));
    await runTask(database.db, withdraw('3', 3));
    const before = await dumpDatabase(database.db);
    const refused = await businessErrorOf(runTask(database.db, open('1'), atOpening));
    expect(refused).toMatchObject({ code: 'FEWER_THAN_THREE_BIDS', nonRetryable: true, details: { sectionCode: SECTION, validBids: 2, submittedBids: 2, required: 3 } });
    expect(refused.message.zh).toContain('第四十四条');
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('a sealed price moved to another bid no longer opens: that bid is invalid (seal_broken) and rejected', async () => {
    for (const n of [1, 2, 3, 4]) await runTask(database.db, submit(String(n), n));
    const [one, four] = await Promise.all([bidRow(database.db, 1), bidRow(database.db, 4)]);
    const sealedOfOne = (await database.db('bid_submissions').where('bid_id', one.id).first()).sealed_price;
    await database.db('bid_submissions').where('bid_id', four.id).update({ sealed_price: sealedOfOne });
    const answer = await runTask(database.db, open('1'), atOpening);
    expect(answer.result).toMatchObject({ invalid: [{ bidId: Number(four.id), creditCode: bidder(4).creditCode, reason: 'seal_broken' }] });
    expect((answer.variables!.openedBids as unknown[]).length).toBe(3);
    const line = await database.db('bid_opening_lines').where('bid_id', four.id).first();
    expect(line).toMatchObject({ price_fen: null, invalid_reason: 'seal_broken' });
    expect(Boolean(line.is_valid)).toBe(false);
    expect(await bidRow(database.db, 4)).toMatchObject({ status: 'rejected', price_fen: null });
  });

  test('the private opening key is stored wrapped under a secret outside the database; another secret opens nothing', async () => {
    const vault = openingKeyVault(randomBytes(32));
    const other = openingKeyVault(randomBytes(32));
    const early = { now: () => BEFORE_SUBMITTING, openingKeys: vault };
    for (const n of [1, 2, 3]) await runTask(database.db, submit(String(n), n), early);
    const section = await database.db('sections').where('section_code', SECTION).first('id');
    const stored = (await database.db('bid_opening_keys').where('section_id', section.id).first()).private_key as string;
    expect(stored.startsWith(`kw1.${vault.keyId}.`)).toBe(true);
    expect(() => createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' })).toThrow();
    // unwrapped, it is the private half of the section's published sealing key
    const publicKey = (await database.db('bid_sealing_keys').where('section_id', section.id).first()).public_key as string;
    const privateKey = createPrivateKey({ key: Buffer.from(vault.unwrap(Number(section.id), stored), 'base64'), format: 'der', type: 'pkcs8' });
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(publicKey);

    // a worker configured with another secret: the attempt fails (retryable, not a business error) and writes nothing
    const before = await dumpDatabase(database.db);
    await expect(runTask(database.db, open('1'), { ...atOpening, openingKeys: other })).rejects.toThrow(/wrapped under the secret .*\(check GGZY_BID_KEY_SECRET\)/);
    expect(await dumpDatabase(database.db)).toEqual(before);
    // the same activity retried once the configuration is right opens the bids
    const answer = await runTask(database.db, open('1'), { ...atOpening, openingKeys: vault });
    expect((answer.variables!.openedBids as Array<{ priceFen: number }>).map((b) => b.priceFen)).toEqual([PRICES[1], PRICES[2], PRICES[3]]);
  });

  test('a wrapped opening key altered in the database does not unwrap: nothing is opened or written', async () => {
    const vault = openingKeyVault(randomBytes(32));
    for (const n of [1, 2, 3]) await runTask(database.db, submit(String(n), n), { openingKeys: vault });
    const section = await database.db('sections').where('section_code', SECTION).first('id');
    // the wrapped key of section 01 written under section 02's id would need the secret to rebind: unwrapping refuses
    const stored = (await database.db('bid_opening_keys').where('section_id', section.id).first()).private_key as string;
    expect(() => vault.unwrap(Number(section.id) + 1, stored)).toThrow(/does not unwrap/);
    const parts = stored.split('.');
    parts[3] = Buffer.from(Buffer.from(parts[3]!, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64');
    await database.db('bid_opening_keys').where('section_id', section.id).update({ private_key: parts.join('.') });
    const before = await dumpDatabase(database.db);
    await expect(runTask(database.db, open('1'), { ...atOpening, openingKeys: vault })).rejects.toThrow(/does not unwrap \(altered, or copied from another section\)/);
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('opening keys stored in the clear by an earlier version are wrapped once at worker start, and still open', async () => {
    const vault = openingKeyVault(randomBytes(32));
    for (const n of [1, 2, 3]) await runTask(database.db, submit(String(n), n), { openingKeys: vault });
    const section = await database.db('sections').where('section_code', SECTION).first('id');
    const row = () => database.db('bid_opening_keys').where('section_id', section.id).first();
    const clear = vault.unwrap(Number(section.id), (await row()).private_key);
    await database.db('bid_opening_keys').where('section_id', section.id).update({ private_key: clear });
    await expect(runTask(database.db, open('1'), { ...atOpening, openingKeys: vault })).rejects.toThrow(/is not wrapped/);
    expect(await wrapStoredOpeningKeys(database.db, vault)).toBe(1);
    expect(await wrapStoredOpeningKeys(database.db, vault)).toBe(0);
    expect((await row()).private_key).not.toContain(clear);
    const answer = await runTask(database.db, open('1'), { ...atOpening, openingKeys: vault });
    expect((answer.variables!.openedBids as unknown[]).length).toBe(3);
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    const first = await runTask(database.db, submit('1', 1));
    const before = await dumpDatabase(database.db);
    expect(await runTask(database.db, submit('1', 1))).toEqual(first);
    expect(await dumpDatabase(database.db)).toEqual(before);
    for (const n of [2, 3]) await runTask(database.db, submit(String(n), n));
    const opened = await runTask(database.db, open('1'), atOpening);
    const after = await dumpDatabase(database.db);
    expect(await runTask(database.db, open('1'), atOpening)).toEqual(opened);
    expect(await dumpDatabase(database.db)).toEqual(after);
  });

  test('commit, then fail: submissions and withdrawals leave what one clean run leaves (random seal material aside)', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [
      accept, register(1), register(2), register(3), submit('1', 1), submit('2', 2), submit('1b', 1, { priceFen: 1, documentSha256: digest(1, 2) }), withdraw('2', 2), withdraw('3', 3),
    ]);
    expect(outcome.crashes).toBe(9);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(withoutRandomness(outcome.retried)).toEqual(withoutRandomness(outcome.clean));
  });

  test('commit, then fail: the opening leaves what one clean opening leaves', async () => {
    // The harness's clock is PINNED_NOW: the bids were submitted a day before, and the deadline is that moment.
    const outcome = await commitThenFail(submitted, [open('1', { deadline: '2026-03-02T09:00:00+08:00' })]);
    expect(outcome.crashes).toBe(1);
    expect(outcome.cleanAnswers[0]!.variables!.openedBids).toHaveLength(4);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(withoutRandomness(outcome.retried)).toEqual(withoutRandomness(outcome.clean));
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await runTask(database.db, submit('1', 1));
    await runTask(database.db, withdraw('5', 5));
    await database.db('credit_sanctions').insert({
      subject_id: (await bidRow(database.db, 3)).bidder_subject_id, measure: 'bar_from_bidding', reason: '串通投标', decided_by_region: '990200',
      legal_basis: '招标投标法实施条例 第六十七条', valid_from: '2026-03-01T12:00:00.000Z', valid_until: null,
    });
    const before = await dumpDatabase(database.db);
    const cases: Array<[TaskCall, string]> = [
      [submit('a', 2, { priceFen: -1 }), 'INVALID_INPUT'],
      [submit('b', 2, { priceFen: 0 }), 'INVALID_INPUT'],
      [submit('c', 2, { priceFen: 12.5 }), 'INVALID_INPUT'],
      [submit('d', 2, { documentSha256: 'abc' }), 'INVALID_INPUT'],
      [submit('e', 2, { bidder: '91990100MA00000019' }), 'INVALID_INPUT'],
      [submit('f', 2, { deadline: '下周一' }), 'INVALID_INPUT'],
      [submit('g', 2, { sectionCode: `${DEAL}-07` }), 'SECTION_NOT_FOUND'],
      [submit('h', 9, { priceFen: 900_000_000 }), 'BID_NOT_REGISTERED'],
      [submit('i', 2, { sectionCode: `${DEAL}-02` }), 'BID_NOT_REGISTERED'],
      [submit('j', 2, { deadline: '2026-03-02T09:00:00+08:00' }), 'BID_DEADLINE_PASSED'],
      [submit('k', 5), 'BID_WITHDRAWN'],
      [submit('l', 3), 'CREDIT_SANCTIONED'],
      [{ ...submit('m', 2), dealCode: null }, 'DEAL_CODE_MISSING'],
      [{ ...submit('n', 2), dealCode: '990100-2026-JS-09999' }, 'SECTION_NOT_FOUND'],
      [withdraw('a', 9), 'BID_NOT_REGISTERED'],
      [withdraw('b', 5), 'BID_WITHDRAWN'],
      [withdraw('c', 1, { deadline: '2026-03-01T09:00:00+08:00' }), 'BID_DEADLINE_PASSED'],
      [withdraw('d', 1, { reason: '' }), 'INVALID_INPUT'],
      [open('a'), 'BIDS_OPENING_EARLY'],
      [open('b', { deadline: 'tomorrow' }), 'INVALID_INPUT'],
      [open('c', { sectionCode: `${DEAL}-07` }), 'SECTION_NOT_FOUND'],
    ];
    for (const [call, code] of cases) {
      const error = await businessErrorOf(runTask(database.db, call));
      expect({ key: call.key, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ key: call.key, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('a terminated deal takes no bids and opens none', async () => {
    await database.db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    expect((await businessErrorOf(runTask(database.db, submit('1', 1)))).code).toBe('DEAL_CLOSED');
    expect((await businessErrorOf(runTask(database.db, open('1'), atOpening))).code).toBe('DEAL_CLOSED');
  });
});

test('the private opening keys are written where a section is first bid for and read only by the opening', () => {
  const dir = __dirname;
  const naming = readdirSync(path.join(dir, '..'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter((f) => readFileSync(path.join(dir, '..', f), 'utf8').includes('bid_opening_keys'));
  expect(naming.sort()).toEqual(['bids/open-bids.ts', 'bids/sealing.ts']);
  const sealing = readFileSync(path.join(dir, 'sealing.ts'), 'utf8');
  // written wrapped when a section is first bid for; rewritten only to wrap a key an earlier version left in the clear
  expect(sealing.match(/trx\('bid_opening_keys'\)[^;]*?\.(insert|update)\(/g)?.map((m) => /\.(insert|update)\($/.exec(m)![1])).toEqual(['insert', 'update']);
  expect(sealing).toContain("private_key: vault.wrap(sectionId, pair.privateKey)");
  expect(sealing).toContain("update({ private_key: vault.wrap(sectionId, row.private_key) })");
  const opening = readFileSync(path.join(dir, 'open-bids.ts'), 'utf8');
  expect(opening).toContain('vault.unwrap(sectionId, row.private_key)');
});
