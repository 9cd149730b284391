// The sealed expert list encrypted at rest, on both databases: before the unseal no stored row (read raw, the way a
// database reader or a dump sees it) names who was drawn or holds the seed; the unseal writes them back in clear; the
// wrong or a missing master key fails loudly with a stable code and writes nothing; a rotated master key re-wraps
// the data keys; a draw sealed in clear by an earlier version is encrypted at worker start.
import { randomBytes } from 'node:crypto';
import { migrateLatest, migrationSource, parsePayloadKeys, withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { PINNED_NOW, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { addSpecialties, enrolExpert, recordExpertAnswer, rewrapSealedDraws, verifyDraw } from '.';
import { listSealer, openValue, sealedAad, SealError, type ListSealer } from './list-seal';
import { digestOf, memberIdentities, rememberSealedList, sealedInvitationCounts } from './draw-records';

const ring = (...ids: string[]) => parsePayloadKeys(ids.map((id) => `${id}:${randomBytes(32).toString('base64')}`).join(','), 'the test keys');
const EXPERTS = Array.from({ length: 8 }, (_, i) => ({ code: `S${i + 1}`, name: `密封专家${i + 1}`, mobile: `1399000000${i + 1}` }));

const draw: TaskCall = { type: 'experts.draw', nodeId: 'draw', input: { committeeSize: 5, specialties: [{ specialtyCode: 'W01', count: 5, backups: 2 }] } };
const notify = (drawId: number): TaskCall => ({ type: 'experts.notify', nodeId: 'notify', input: { drawId, evaluationAt: '2026-03-04T14:30:00+08:00', venue: '东湖市公共资源交易中心第3评标室', channels: ['sms'] } });
const unseal = (drawId: number, attempt = 1): TaskCall => ({ type: 'experts.unseal', nodeId: 'unseal', key: `wf-test:unseal#${attempt}`, input: { drawId } });

/** A deal and eight experts, ready for a draw. */
async function dealWithExperts(db: Db): Promise<void> {
  await runTask(db, {
    type: 'registration.acceptDeal', nodeId: 'accept',
    input: { title: '东湖市西湖水厂扩建工程', procedureKind: 'construction-open-tender', tenderee: { creditCode: withCheckCharacter('91990100MA0000301'), name: '东湖市水务集团有限公司' }, sections: [{ name: '施工' }] },
  });
  await addSpecialties(db, [{ code: 'W', parentCode: null, name: '水利' }, { code: 'W01', parentCode: 'W', name: '水工' }]);
  for (const e of EXPERTS) await enrolExpert(db, { expertCode: e.code, name: e.name, kind: 'technical', regionCode: '990100', mobile: e.mobile, specialties: ['W01'] });
}

/** A deal, eight experts, a draw of five (two backups) notified by SMS and confirmed by all: ready to unseal. */
async function drawAndConfirm(db: Db, sealKeys: ListSealer): Promise<number> {
  await dealWithExperts(db);
  const drawId = (await runTask(db, draw, { sealKeys })).variables!.expertDrawId as number;
  await runTask(db, notify(drawId), { sealKeys });
  for (const n of await db('expert_notifications').where('draw_id', drawId).select('id')) {
    await recordExpertAnswer(db, { notificationId: Number(n.id), answer: 'confirm', receivedAt: new Date(PINNED_NOW.getTime() + 60_000) });
  }
  return drawId;
}

/** Every stored value outside the expert library itself, as one text: what a reader of the database could learn. */
async function storedOutsideLibrary(db: Db): Promise<string> {
  const dump = await dumpDatabase(db);
  delete dump.experts;
  return JSON.stringify(dump);
}

describe.each(DATABASES)('the sealed expert list at rest on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  const keys = ring('k1');
  const sealKeys = listSealer(keys);
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
  });
  afterEach(async () => {
    await database.close();
  });

  test('before the unseal no stored row names who was drawn; the unseal writes the list, the seed and the messages in clear', async () => {
    const drawId = await drawAndConfirm(db, sealKeys);
    const row = await db('expert_draws').where('id', drawId).first();
    expect(row).toMatchObject({ status: 'sealed', seed: null, sealed_seed: expect.stringMatching(/^sf1\./), sealed_data_key: expect.stringMatching(/^sk1\.k1\./) });
    const members = await db('expert_draw_members').where('draw_id', drawId).orderBy('id');
    expect(members).toHaveLength(7);
    for (const m of members) expect(m).toMatchObject({ expert_id: null, sealed_expert: expect.stringMatching(/^sf1\./) });
    const messages = await db('expert_notifications').where('draw_id', drawId);
    expect(messages).toHaveLength(5);
    for (const n of messages) expect(n).toMatchObject({ recipient: null, body: null, sealed_message: expect.stringMatching(/^sf1\./) });
    expect(await db('expert_engagements')).toEqual([]);
    const seed = openValue(sealKeys.unwrap(drawId, row.sealed_data_key), sealedAad.seed(drawId), row.sealed_seed);
    // no name, no mobile, not the seed — anywhere in the database but the library's own rows
    const stored = await storedOutsideLibrary(db);
    for (const e of EXPERTS) {
      expect(stored).not.toContain(e.name);
      expect(stored).not.toContain(e.mobile);
    }
    expect(stored).not.toContain(seed);
    // a sealed value copied onto another member does not open there
    const dataKey = sealKeys.unwrap(drawId, row.sealed_data_key);
    expect(() => openValue(dataKey, sealedAad.member(drawId, Number(members[1].group_no), Number(members[1].rank)), members[0].sealed_expert)).toThrow(SealError);

    await runTask(db, unseal(drawId), { sealKeys });
    const unsealed = await db('expert_draws').where('id', drawId).first();
    expect(unsealed).toMatchObject({ status: 'unsealed', seed, sealed_seed: null, sealed_data_key: null });
    const clearMembers = await db('expert_draw_members as m').join('experts as e', 'e.id', 'm.expert_id').where('m.draw_id', drawId).orderBy('m.id').select('m.sealed_expert', 'e.expert_code');
    expect(clearMembers).toHaveLength(7);
    expect(new Set(clearMembers.map((m: { expert_code: string }) => m.expert_code)).size).toBe(7);
    for (const m of clearMembers) expect(m.sealed_expert).toBeNull();
    const clearMessages = await db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id').join('experts as e', 'e.id', 'm.expert_id')
      .where('n.draw_id', drawId).select('n.recipient', 'n.body', 'n.sealed_message', 'e.name', 'e.mobile');
    for (const n of clearMessages) expect(n).toMatchObject({ recipient: n.mobile, body: expect.stringContaining(`${n.name}专家您好`), sealed_message: null });
    // the five invited principals count toward the frequency cap from now on, on their invitation time
    expect((await db('expert_engagements').where('draw_id', drawId)).map((g: { engaged_at: unknown }) => new Date(String(g.engaged_at instanceof Date ? g.engaged_at.toISOString() : g.engaged_at)).getTime()))
      .toEqual(Array(5).fill(PINNED_NOW.getTime()));
    const event = JSON.parse((await db('supervision_events').where('kind', 'experts.unsealed').first()).payload);
    expect(event).toMatchObject({ drawId, seed, decrypted: { members: 7, messages: 5 } });
    // still verifiable: the seed opens to its commitment and replays the recorded members
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: true, membersMatch: true });
  });

  test('the wrong or a missing master key fails with a stable code and writes nothing', async () => {
    const drawId = await drawAndConfirm(db, sealKeys);
    const before = await dumpDatabase(db);
    // another key under the same id, and a ring without the draw's key
    await expect(runTask(db, unseal(drawId), { sealKeys: listSealer(ring('k1')) })).rejects.toMatchObject({ name: 'SealError', code: 'SEAL_KEY_WRONG' });
    await expect(runTask(db, unseal(drawId, 2), { sealKeys: listSealer(ring('k2')) })).rejects.toMatchObject({
      name: 'SealError', code: 'SEAL_KEY_UNKNOWN', message: expect.stringContaining('GGZY_SEAL_KEYS'),
    });
    expect(await dumpDatabase(db)).toEqual(before);
    // an altered wrapped key is refused too
    const wrapped: string = (await db('expert_draws').where('id', drawId).first('sealed_data_key')).sealed_data_key;
    const parts = wrapped.split('.');
    parts[3] = Buffer.from(Buffer.from(parts[3]!, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64');
    expect(() => sealKeys.unwrap(drawId, parts.join('.'))).toThrow(expect.objectContaining({ code: 'SEAL_KEY_WRONG' }));
  });

  test('rotation: a new master key first re-wraps the data keys; the old key can then go', async () => {
    const drawId = await drawAndConfirm(db, sealKeys);
    const member = (await db('expert_draw_members').where('draw_id', drawId).orderBy('id').first()).sealed_expert;
    const k2 = ring('k2');
    const rotated = listSealer(parsePayloadKeys(`k2:${k2.active.key.toString('base64')},k1:${keys.active.key.toString('base64')}`, 'the rotated keys'));
    expect(await rewrapSealedDraws(db, rotated)).toEqual({ rewrapped: 1, encrypted: 0 });
    expect(await rewrapSealedDraws(db, rotated)).toEqual({ rewrapped: 0, encrypted: 0 });
    expect((await db('expert_draws').where('id', drawId).first()).sealed_data_key).toMatch(/^sk1\.k2\./);
    // only the data key changed: the sealed list is as it was
    expect((await db('expert_draw_members').where('draw_id', drawId).orderBy('id').first()).sealed_expert).toBe(member);
    await expect(runTask(db, unseal(drawId), { sealKeys })).rejects.toMatchObject({ code: 'SEAL_KEY_UNKNOWN' });
    await runTask(db, unseal(drawId, 2), { sealKeys: listSealer(k2) });
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: true });
  });

  test('migration 026 over a populated database: down refuses while a list is sealed, then down and up keep every row and index', async () => {
    const drawId = await drawAndConfirm(db, sealKeys);
    const migration = { migrationSource, tableName: 'knex_migrations', name: '026_sealed_list_and_witness' };
    await expect(db.migrate.down(migration)).rejects.toThrow('unseal them');
    await runTask(db, unseal(drawId), { sealKeys });
    const before = await dumpDatabase(db);
    // the tables rebuilt on SQLite are referred to by the outbox and the engagements, which hold rows
    expect(before.expert_engagements).toHaveLength(5);
    // the sealed lists' digest (036) is kept over a column 026 adds: it goes first
    await db.migrate.down({ ...migration, name: '036_sealed_list_index' });
    await db.migrate.down(migration);
    expect(await db.schema.hasColumn('expert_draw_members', 'sealed_expert')).toBe(false);
    expect(await db.schema.hasTable('supervision_checkpoint_witnesses')).toBe(false);
    await migrateLatest(db);
    expect(await dumpDatabase(db)).toEqual(before);
    // the one-holder-per-seat index is still there after the rebuild
    if (database.kind === 'sqlite') {
      // rebuilt with its condition; the copy kept every value's type (an integer copied as text would escape the index)
      const indexes = await db('sqlite_master').where({ type: 'index', tbl_name: 'expert_draw_members' }).pluck('sql');
      expect(indexes.join('\n')).toMatch(/UNIQUE INDEX `expert_draw_members_one_per_seat` on `expert_draw_members` \(`draw_id`, `seat_no`\) where status in/);
      expect(await db.raw('select distinct typeof(seat_no) as t, typeof(draw_id) as d from expert_draw_members where seat_no is not null')).toEqual([{ t: 'integer', d: 'integer' }]);
      expect(await db.raw('PRAGMA foreign_key_check')).toEqual([]);
    } else {
      const seated = await db('expert_draw_members').where({ draw_id: drawId, status: 'confirmed' }).orderBy('id').first('id', 'seat_no');
      const other = await db('expert_draw_members').where({ draw_id: drawId, status: 'standby' }).orderBy('id').first('id');
      await expect(db('expert_draw_members').where('id', other.id).update({ status: 'invited', seat_no: seated.seat_no })).rejects.toThrow(/unique/i);
    }
  });

  test('a draw sealed in clear by an earlier version is encrypted at worker start', async () => {
    const drawId = await drawAndConfirm(db, sealKeys);
    // what the database held before migration 026: the clear values, no data key
    const row = await db('expert_draws').where('id', drawId).first();
    const dataKey = sealKeys.unwrap(drawId, row.sealed_data_key);
    await db('expert_draws').where('id', drawId).update({ seed: openValue(dataKey, sealedAad.seed(drawId), row.sealed_seed), sealed_seed: null, sealed_data_key: null });
    for (const m of await db('expert_draw_members').where('draw_id', drawId)) {
      await db('expert_draw_members').where('id', m.id).update({ expert_id: Number(openValue(dataKey, sealedAad.member(drawId, Number(m.group_no), Number(m.rank)), m.sealed_expert)), sealed_expert: null });
    }
    for (const n of await db('expert_notifications').where('draw_id', drawId)) {
      const clear = JSON.parse(openValue(dataKey, sealedAad.message(drawId, n.idempotency_key), n.sealed_message));
      await db('expert_notifications').where('id', n.id).update({ recipient: clear.recipient, body: clear.body, sealed_message: null });
    }
    expect(await storedOutsideLibrary(db)).toMatch(/1399000000\d/);

    expect(await rewrapSealedDraws(db, sealKeys)).toEqual({ rewrapped: 0, encrypted: 1 });
    const stored = await storedOutsideLibrary(db);
    for (const e of EXPERTS) expect(stored).not.toContain(e.mobile);
    await runTask(db, unseal(drawId), { sealKeys });
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: true });
  });

  /** The digest of the sealed draws the triggers keep (migration 036), and the same computed here from every sealed row. */
  const keptDigest = async () => {
    const [d] = await db('expert_sealed_digest').select(db.raw('sum(n) as n, sum(a) as a, sum(b) as b'));
    return [Number(d.n), Number(d.a), Number(d.b)];
  };
  const scannedDigest = async () => {
    const rows = await db('expert_draws').where('status', 'sealed').whereNotNull('sealed_data_key').select('id', 'list_stamp');
    return rows.reduce(([n, a, b]: number[], r: { id: number; list_stamp: unknown }) => {
      const [da, dbb] = digestOf(Number(r.id), String(r.list_stamp));
      return [n! + 1, a! + da, b! + dbb];
    }, [0, 0, 0]);
  };

  test('the frequency cap counts sealed invitations: each list opened once, and again only when its members change', async () => {
    const drawId = await drawAndConfirm(db, sealKeys);
    // a process of its own (its own cache), counting how often it unwraps a data key
    const unwrap = jest.fn(sealKeys.unwrap);
    const counting: ListSealer = { ...sealKeys, unwrap };
    const since = new Date(PINNED_NOW.getTime() - 86_400_000);
    const count = (trx: Db = db) => trx.transaction(async (t) => Object.fromEntries(await sealedInvitationCounts(t, counting, since)));
    const sealedKey = (await db('expert_draws').where('id', drawId).first()).sealed_data_key as string;
    const identities = Object.fromEntries((await memberIdentities(db, { id: drawId, sealed_data_key: sealedKey }, sealKeys)).map((m) => [m.memberId, m.expertId]));
    const members = await db('expert_draw_members').where('draw_id', drawId).orderBy('id').select('id', 'role', 'invited_at');
    const invitedNow = () => members.filter((m: { invited_at: unknown }) => m.invited_at !== null).map((m: { id: number }) => identities[Number(m.id)]);
    const expected = (experts: number[]) => Object.fromEntries(experts.map((e) => [e, 1]));

    expect(await count()).toEqual(expected(invitedNow()));
    expect(unwrap).toHaveBeenCalledTimes(1);
    // the digest the triggers keep of the sealed draws' ids and stamps is the one this process keeps of what it opened
    expect(await keptDigest()).toEqual([1, ...digestOf(drawId, String((await db('expert_draws').where('id', drawId).first()).list_stamp))]);
    expect(await keptDigest()).toEqual(await scannedDigest());
    // nothing changed: read from what this process opened
    expect(await count()).toEqual(expected(invitedNow()));
    expect(unwrap).toHaveBeenCalledTimes(1);

    // a backup invited (a replacement) moves the draw's stamp: opened again, and counted
    const stamp = String((await db('expert_draws').where('id', drawId).first()).list_stamp);
    const backup = members.find((m: { role: string }) => m.role === 'backup')!;
    await db('expert_draw_members').where('id', backup.id).update({ invited_at: new Date(PINNED_NOW.getTime() + 3_600_000).toISOString() });
    expect(String((await db('expert_draws').where('id', drawId).first()).list_stamp)).not.toBe(stamp);
    backup.invited_at = 'now';
    expect(await keptDigest()).toEqual(await scannedDigest());
    expect(await count()).toEqual(expected(invitedNow()));
    expect(unwrap).toHaveBeenCalledTimes(2);

    // a change seen inside a transaction that is rolled back is not taken for the committed list afterwards
    const other = members.filter((m: { role: string }) => m.role === 'backup')[1]!;
    await expect(db.transaction(async (trx) => {
      await trx('expert_draw_members').where('id', other.id).update({ invited_at: new Date(PINNED_NOW.getTime() + 7_200_000).toISOString() });
      expect(Object.keys(Object.fromEntries(await sealedInvitationCounts(trx, counting, since)))).toHaveLength(7);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await count()).toEqual(expected(invitedNow()));

    // unsealed, the list's invitations are engagements now: no longer counted here
    await runTask(db, unseal(drawId), { sealKeys });
    expect(await keptDigest()).toEqual([0, 0, 0]);
    expect(await count()).toEqual({});
  });

  test('a draw holds the list it sealed once its transaction commits: a count here opens nothing; a rolled-back one does not count', async () => {
    await dealWithExperts(db);
    // one process (one index): its draw seals a list, its counts read it
    const unwrap = jest.fn(sealKeys.unwrap);
    const process: ListSealer = { ...sealKeys, unwrap };
    const since = new Date(PINNED_NOW.getTime() - 86_400_000);
    const count = () => db.transaction(async (t) => Object.fromEntries(await sealedInvitationCounts(t, process, since)));
    const drawId = (await runTask(db, draw, { sealKeys: process })).variables!.expertDrawId as number;
    const sealedKey = (await db('expert_draws').where('id', drawId).first()).sealed_data_key as string;
    const principals = (await memberIdentities(db, { id: drawId, sealed_data_key: sealedKey }, sealKeys)).filter((m) => m.rank <= 5).map((m) => m.expertId);
    expect(principals).toHaveLength(5);
    expect(unwrap).not.toHaveBeenCalled();
    expect(await count()).toEqual(Object.fromEntries(principals.map((e) => [e, 1])));
    expect(unwrap).not.toHaveBeenCalled(); // held as written: its stamp is the database's
    // another process (its own index) opens it, and counts the same
    expect(await db.transaction(async (t) => Object.fromEntries(await sealedInvitationCounts(t, { ...sealKeys }, since)))).toEqual(await count());

    // a list remembered in a transaction that rolls back does not count
    await expect(db.transaction(async (trx) => {
      rememberSealedList(trx, process, drawId + 1000, '1', [{ expertId: principals[0]!, invitedAt: PINNED_NOW.getTime() }]);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await count()).toEqual(Object.fromEntries(principals.map((e) => [e, 1])));
  });
});
