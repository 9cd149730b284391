import { createHash } from 'node:crypto';
import { isPostgres, type Db } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept } from '../../../test/support/deal-fixtures';
import { verifyArchive } from './verify';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const seal = (n = 1): TaskCall => ({ type: 'archive.seal', nodeId: 'seal', key: `wf-test:seal#${n}`, input: {} });
const close: TaskCall = { type: 'registration.closeDeal', nodeId: 'close', input: { outcome: 'completed' } };
const publish: TaskCall = { type: 'notices.publish', nodeId: 'publish', input: { noticeType: 'tender', title: '招标公告', body: '招标公告正文' } };

/** Generated documents as awards.issueNotice leaves them (bytes with their size and hash). */
async function addDocument(db: Db, fileName: string, text: string, sectionCode: string | null = `${DEAL}-01`): Promise<number> {
  const content = Buffer.from(text, 'utf8');
  const [row] = await db('documents').insert({
    deal_code: DEAL, section_code: sectionCode, kind: 'award_notice', file_name: fileName, media_type: 'application/pdf',
    size_bytes: content.length, sha256: sha256(content), content, created_key: null, created_at: PINNED_NOW.toISOString(),
  }).returning('id');
  return Number(row.id ?? row);
}

/** What an administrator with database access could do: take a table's triggers away first. */
async function bypassTriggers(db: Db, table: string, change: () => Promise<unknown>, sqliteTriggers: string[]): Promise<void> {
  if (isPostgres(db)) {
    await db.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await change();
    await db.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  } else {
    for (const t of sqliteTriggers) await db.raw(`DROP TRIGGER ${t}`);
    await change();
  }
}

describe.each(DATABASES)('archive.seal on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  async function finishedDeal(): Promise<{ documents: number[] }> {
    await runTask(database.db, accept);
    await runTask(database.db, publish);
    const documents = [await addDocument(database.db, '中标通知书.pdf', '中标通知书：投标人2'), await addDocument(database.db, '../结果通知书.pdf', '中标结果通知书：投标人1', null)];
    await runTask(database.db, close);
    return { documents };
  }

  test('seals documents, notices and the deal\'s trail into a manifest with its SHA-256, and notifies supervision', async () => {
    const { documents } = await finishedDeal();
    const answer = await runTask(database.db, seal());
    const archive = await database.db('archives').where('deal_code', DEAL).first();
    const trail = await database.db('supervision_events').where('chain_key', DEAL).where('kind', '<>', 'archive.sealed').orderBy('seq');
    expect(trail.map((e: { kind: string }) => e.kind)).toEqual(['deal.registered', 'notice.published', 'deal.closed']);
    expect(archive).toMatchObject({ deal_status: 'completed', document_count: 3, trail_count: 3, sealed_key: 'wf-test:seal#1', trail_head_hash: trail[2].chain_hash });
    expect(Number(archive.trail_last_seq)).toBe(Number(trail[2].seq));
    const entries = await database.db('archive_entries').where('archive_id', archive.id).orderBy('position');
    expect(entries.map((e: { path: string }) => e.path)).toEqual([
      `documents/${DEAL}-01/${documents[0]}-中标通知书.pdf`,
      `documents/${DEAL}/${documents[1]}-__结果通知书.pdf`,
      'notices/1-tender.json',
      ...trail.map((e: { seq: number | string; kind: string }) => `trail/${String(e.seq).padStart(10, '0')}-${e.kind}.json`),
    ]);
    const first = Buffer.from('中标通知书：投标人2', 'utf8');
    expect(entries[0]).toMatchObject({ kind: 'document', sha256: sha256(first), source_ref: `document:${documents[0]}` });
    expect(Number(entries[0].size)).toBe(first.length);
    expect(entries[5]).toMatchObject({ kind: 'trail-event', source_ref: `event:${Number(trail[2].seq)}` });
    // The manifest hash covers the canonical manifest: deal, trail head and every entry's path, hash and size, in order.
    const canonical = canonicalJson({
      v: 1, dealCode: DEAL, dealStatus: 'completed', trail: { lastSeq: Number(trail[2].seq), headHash: trail[2].chain_hash },
      entries: entries.map((e: { path: string; sha256: string; size: number | string }) => ({ path: e.path, sha256: e.sha256, size: Number(e.size) })),
    });
    expect(archive.manifest_sha256).toBe(sha256(canonical));
    expect(answer.result).toEqual({ archiveId: Number(archive.id), dealCode: DEAL, manifestSha256: sha256(canonical), documentCount: 3, trailCount: 3, trailLastSeq: Number(trail[2].seq) });
    const events = await database.db('supervision_events').where({ deal_code: DEAL, kind: 'archive.sealed' });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ taskType: 'archive.seal', manifestSha256: sha256(canonical), dealStatus: 'completed' });
    expect(await verifyArchive(database.db, DEAL)).toEqual({ ok: true, archiveId: Number(archive.id), manifestSha256: sha256(canonical), entries: 6 });
  });

  test('sealing again answers the same archive; a retry with the same key writes nothing more', async () => {
    await finishedDeal();
    const first = await runTask(database.db, seal());
    const before = await dumpDatabase(database.db);
    expect(await runTask(database.db, seal())).toEqual(first);
    expect(await dumpDatabase(database.db)).toEqual(before);
    // A later seal (another key) after more trail events: the same archive, nothing of it changed.
    const again = await runTask(database.db, seal(2));
    expect(again.result).toEqual(first.result);
    expect(await database.db('archives')).toHaveLength(1);
    expect(await database.db('archive_entries')).toHaveLength(6);
    expect((await database.db('supervision_events').where('kind', 'archive.seal-repeated'))).toHaveLength(1);
    expect((await verifyArchive(database.db, DEAL)).ok).toBe(true);
  });

  test('commit, then fail: the retried runs leave exactly what clean runs leave', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [accept, publish, close, seal(), seal(2)]);
    expect(outcome.crashes).toBe(5);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('a deal that has not finished is refused, as is bad input; nothing is written', async () => {
    await runTask(database.db, accept);
    const before = await dumpDatabase(database.db);
    const cases: Array<[TaskCall, string]> = [
      [seal(), 'ARCHIVE_DEAL_NOT_FINISHED'],
      [{ ...seal(), input: { dealCode: DEAL } }, 'INVALID_INPUT'],
      [{ ...seal(), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      [{ ...seal(), dealCode: null }, 'DEAL_CODE_MISSING'],
    ];
    for (const [i, [call, code]] of cases.entries()) {
      const error = await businessErrorOf(runTask(database.db, { ...call, key: `wf-test:bad#${i}` }));
      expect({ code: error.code, nonRetryable: error.nonRetryable }).toEqual({ code, nonRetryable: true });
      expect(error.message.zh && error.message.en).toBeTruthy();
    }
    const refused = await businessErrorOf(runTask(database.db, seal(9)));
    expect(refused.details).toMatchObject({ status: 'registered', finished: ['completed', 'terminated', 'failed'] });
    expect(await dumpDatabase(database.db)).toEqual(before);
    // A terminated deal (by a supervisor's directive) is finished too.
    await database.db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    expect((await runTask(database.db, seal(10))).result).toMatchObject({ documentCount: 0, trailCount: 1 });
  });

  test('the database refuses to change or delete a sealed archive', async () => {
    await finishedDeal();
    await runTask(database.db, seal());
    const before = await dumpDatabase(database.db);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['archives update', () => database.db('archives').update({ manifest_sha256: '0'.repeat(64) })],
      ['archives delete', () => database.db('archives').delete()],
      ['archive_entries update', () => database.db('archive_entries').where('position', 0).update({ sha256: '0'.repeat(64) })],
      ['archive_entries delete', () => database.db('archive_entries').where('position', 3).delete()],
    ];
    for (const [what, attempt] of attempts) {
      // The driver's error may come from another realm (a native module loaded by an earlier suite): read its message.
      const refusal = await attempt().then(() => `${what} was allowed`, (err: { message?: string }) => String(err?.message));
      expect({ what, refusal }).toEqual({ what, refusal: expect.stringMatching(/sealed/) });
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('verify names the first entry that no longer matches: a changed document, a removed one, an edited trail event', async () => {
    const { documents } = await finishedDeal();
    await runTask(database.db, seal());
    const entries = await database.db('archive_entries').orderBy('position');
    // A document rewritten, its recorded size and hash updated to match.
    const forged = Buffer.from('中标结果通知书：投标人3', 'utf8');
    await database.db('documents').where('id', documents[1]).update({ content: forged, sha256: sha256(forged), size_bytes: forged.length });
    const changed = await verifyArchive(database.db, DEAL);
    expect(changed).toMatchObject({ ok: false, difference: { position: 1, path: entries[1].path, reason: 'changed', sealed: { sha256: entries[1].sha256 }, current: { sha256: sha256(forged) } } });
    if (!changed.ok) expect(changed.difference.message.zh).toContain(entries[1].path);
    await database.db('documents').where('id', documents[1]).update({ content: Buffer.from('中标结果通知书：投标人1', 'utf8'), sha256: sha256('中标结果通知书：投标人1'), size_bytes: forged.length });
    expect((await verifyArchive(database.db, DEAL)).ok).toBe(true);

    // A trail event edited behind the append-only trigger.
    const eventSeq = Number(entries[4].source_ref.split(':')[1]);
    await bypassTriggers(database.db, 'supervision_events', () => database.db('supervision_events').where('seq', eventSeq).update({ actor: 'someone-else' }), ['supervision_events_no_update', 'supervision_events_no_delete']);
    expect(await verifyArchive(database.db, DEAL)).toMatchObject({ ok: false, difference: { position: 4, path: entries[4].path, reason: 'changed' } });
  });

  test('verify notices removed documents and sealed entries altered behind the triggers', async () => {
    const { documents } = await finishedDeal();
    await runTask(database.db, seal());
    const entries = await database.db('archive_entries').orderBy('position');
    await database.db('documents').where('id', documents[0]).delete();
    expect(await verifyArchive(database.db, DEAL)).toMatchObject({ ok: false, difference: { position: 0, path: entries[0].path, reason: 'missing', current: null } });
    await addDocument(database.db, '中标通知书.pdf', '中标通知书：投标人2');
    expect(await verifyArchive(database.db, DEAL)).toMatchObject({ ok: false, difference: { position: 0, path: entries[0].path, reason: 'missing' } });

    const other = await createSeededDatabase(create);
    try {
      const db = other.db;
      await runTask(db, accept);
      await runTask(db, close);
      await runTask(db, seal());
      // Someone rewrites a sealed entry and its source alike: the entries no longer hash to the sealed manifest.
      const [entry] = await db('archive_entries').orderBy('position');
      await bypassTriggers(db, 'archive_entries', () => db('archive_entries').where('id', entry.id).update({ path: `${entry.path}.bak` }), ['archive_entries_no_update', 'archive_entries_no_delete']);
      expect(await verifyArchive(db, DEAL)).toMatchObject({ ok: false, difference: { position: 0, reason: 'missing', path: `${entry.path}.bak` } });
      await bypassTriggers(db, 'archive_entries', () => db('archive_entries').where('id', entry.id).update({ path: entry.path }), []);
      expect((await verifyArchive(db, DEAL)).ok).toBe(true);
      await bypassTriggers(db, 'archives', () => db('archives').update({ manifest_sha256: 'f'.repeat(64) }), ['archives_no_update', 'archives_no_delete']);
      expect(await verifyArchive(db, DEAL)).toMatchObject({ ok: false, difference: { reason: 'manifest-hash', position: null } });
    } finally {
      await other.close();
    }
    expect(await verifyArchive(database.db, '990100-2026-JS-09999')).toMatchObject({ ok: false, archiveId: null });
  });
});
