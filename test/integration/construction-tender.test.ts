// 工程建设项目公开招标 end to end: the reference procedure, deployed from process/reference, runs on a Temporal server
// from registration to the sealed archive, on SQLite and on PostgreSQL. Its statutory periods (20 days of bidding,
// 3 days of publicity) are skipped on the time-skipping server; the activities read the server's clock.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '@ggzy/activities';
import { RecordingChannel, addSpecialties, dispatchExpertNotifications, recordExpertAnswer, deployReferenceProcedures, enrolExpert, resolveDefinition, verifyArchive, verifyTrail, defaultObjectStore, documentBytes, FolderObjectStore } from '@ggzy/domain';
import { allocateDealCode, calendarFor, type Db } from '@ggzy/db';
import { recordPackage } from '@ggzy/api';
import { WORKFLOW_TYPES, completeTaskUpdate, processStateQuery, type ProcessInput, type ProcessSnapshot } from '@ggzy/workflows';
import { isPartyCandidateRole } from '@ggzy/process';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { partyActorFor } from '../support/party-actors';
import { bundlePath, dataConverter } from '../support/platform';
import { AGENT, TENDEREE, bidder } from '../support/deal-fixtures';
import { recordHistory } from '../support/histories';
import { DAY, STAFF as staff, ServerClock, cstDate, cstWorkday, sha, startTimeSkippingServer, until } from '../support/reference-harness';
import { bid, decrypt, makeBidders } from '../support/party-bidding';

async function buildExpertLibrary(db: Db): Promise<void> {
  await addSpecialties(db, [
    { code: 'A', parentCode: null, name: '工程建设' }, { code: 'A01', parentCode: 'A', name: '房屋建筑工程' },
    { code: 'B', parentCode: null, name: '经济' }, { code: 'B01', parentCode: 'B', name: '工程造价' },
  ]);
  for (let i = 1; i <= 9; i++) {
    await enrolExpert(db, { expertCode: `T${i}`, name: `技术专家${i}`, kind: 'technical', regionCode: '990100', mobile: `1390000000${i}`, specialties: ['A01'] });
  }
  for (let i = 1; i <= 3; i++) {
    await enrolExpert(db, { expertCode: `C${i}`, name: `经济专家${i}`, kind: 'economic', regionCode: '990100', mobile: `1380000000${i}`, specialties: ['B01'] });
  }
}

describe.each(DATABASES)('construction open tender, registration to sealed archive, on %s', (_name, create) => {
  // a server of its own: each run starts its clock at today and skips forward independently
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let worker: Worker;
  let running: Promise<void>;
  let clock: ServerClock;
  const queue = `tender-${_name}`;

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    database = await createSeededDatabase(create);
    const deployed = await deployReferenceProcedures(database.db, '990000');
    expect(deployed.map((d) => d.file)).toContain('construction_open_tender.bpmn');
    await buildExpertLibrary(database.db);
    clock = new ServerClock(env);
    await clock.start();
    worker = await Worker.create({
      connection: env.nativeConnection, taskQueue: queue, workflowBundle: { codePath: bundlePath() }, dataConverter: dataConverter(),
      // every activity first reads the server's clock, so one a timer started never sees a time before it fired
      activities: Object.fromEntries(Object.entries(createActivities(database.db, { now: clock.now })).map(([name, activity]) => [
        name, async (...args: unknown[]) => {
          await clock.sync();
          return (activity as (...a: unknown[]) => Promise<unknown>)(...args);
        },
      ])),
    });
    running = worker.run();
  });
  afterAll(async () => {
    clock?.stop();
    worker?.shutdown();
    await running;
    await env?.teardown();
    await database?.close();
  });

  const state = (h: WorkflowHandle) => h.query(processStateQuery) as Promise<ProcessSnapshot>;
  async function complete(h: WorkflowHandle, nodeId: string, data: Record<string, unknown>) {
    const task = await until(`task ${nodeId}`, async () => {
      const s = await state(h);
      if (s.incidents.length) throw new Error(`incident: ${JSON.stringify(s.incidents)}`);
      return s.openTasks.find((t) => t.nodeId === nodeId);
    });
    // a party's own step is done by the deal's agency or tenderee, the rest by the centre's staff
    const actor = isPartyCandidateRole(task.candidateRole) ? await partyActorFor(database.db, (await state(h)).dealCode!, task.candidateRole) : staff;
    return h.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.taskId, actor, data }] });
  }
  /** Lets the server skip `days` of timers while the process runs on (its user tasks wait). */
  const skip = (days: number) => env.sleep(days * DAY);

  test('every step runs, every library holds its rows, the trail and the archive verify', async () => {
    const db = database.db;
    const dealCode = await allocateDealCode(db, '990100', 'construction-open-tender', clock.now());
    const { model, definition } = await resolveDefinition(db, 'construction_open_tender', '990100');
    const input: ProcessInput = {
      model, definition, regionCode: '990100', dealCode, startedBy: 'staff',
      calendar: await calendarFor(db, '990100', clock.now().getTime()),
      variables: {
        title: '东湖市第一中学教学楼新建工程施工', estimateFen: 1_000_000_000, tenderee: TENDEREE, agent: AGENT,
        sections: [{ name: '施工总承包', estimateFen: 1_000_000_000 }],
      },
    };
    const handle = await env.client.workflow.start(WORKFLOW_TYPES.process, { workflowId: `deal-${dealCode}`, taskQueue: queue, args: [input] });
    const section = `${dealCode}-01`;
    const t0 = clock.now().getTime();
    const openingAt = cstWorkday(t0, 22, 9, 30);
    const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9, 0);

    await complete(handle, 'review', {
      openingAt, openingEndsAt: openingAt.replace('T09:30', 'T11:30'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:00', 'T17:00'),
      evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: cstWorkday(t0, 7, 17, 0),
      noticeBody: '## 招标条件\n本项目已具备招标条件，现对该项目的施工进行公开招标。', committeeSize: 5,
      specialties: [{ specialtyCode: 'A01', count: 4, backups: 2, kind: 'technical' }, { specialtyCode: 'B01', count: 1, backups: 1, kind: 'economic' }],
    });
    await complete(handle, 'issueDocuments', { documentsSha256: sha('招标文件'), documentsIssuedOn: cstDate(clock.now().getTime()) });
    // the bidding period: three bidders (P-256 and SM2 certificates) register, pay their deposits from their basic
    // accounts and submit bids sealed and signed as their browsers do — nobody types a bid into the process
    const bidders = await makeBidders(db, [1, 2, 3].map((i) => bidder(i)), clock.now());
    for (const [i, b] of bidders.entries()) {
      await bid(db, b, { dealCode, sectionCode: section, priceFen: 980_000_000 - (i + 1) * 10_000_000, depositFen: 10_000_000, now: clock.now() });
    }
    expect(Number((await db('bids').where('status', 'submitted').count('* as n').first())!.n)).toBe(3);

    // at least 20 days, and not before the announced opening: the platform's seal comes off, the bidders decrypt in
    // the hall within the window, then the opening record is written and the experts are drawn and invited
    await env.sleep(Date.parse(openingAt) + 60_000 - (await env.currentTimeMs()));
    await until('the platform\'s seal removed', async () => (await db('bid_openings').first())?.status === 'decrypting');
    await decrypt(db, bidders, { dealCode, sectionCode: section, now: clock.now() });
    await env.sleep(31 * 60_000);
    const draw = await until('the expert draw', async () => {
      const s = await state(handle);
      if (s.incidents.length) throw new Error(`incident: ${JSON.stringify(s.incidents)}`);
      return db('expert_draws').first();
    });
    const sms = new RecordingChannel();
    await until('five invitations', async () => Number((await db('expert_notifications').count('* as n').first())!.n) >= 5);
    await dispatchExpertNotifications(db, { sms, voice: new RecordingChannel() }, { now: clock.now });
    expect(sms.delivered.length).toBeGreaterThanOrEqual(5);
    // every invited expert answers by SMS: the first declines (a backup is invited in turn), the others confirm
    const answer = async (declineFirst: boolean) => {
      const invited = await db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
        .where({ 'm.draw_id': draw.id, 'm.status': 'invited', 'n.channel': 'sms' }).orderBy('m.seat_no').select('n.id', 'm.seat_no');
      for (const [i, n] of invited.entries()) {
        await recordExpertAnswer(db, { notificationId: Number(n.id), answer: declineFirst && i === 0 ? 'decline' : 'confirm', receivedAt: clock.now() });
      }
      return invited.length;
    };
    expect(await answer(true)).toBe(5);
    await env.sleep(40 * 60_000); // the reply window closes: the decliner's seat goes to the first backup
    await until('a backup invited', async () => {
      await dispatchExpertNotifications(db, { sms, voice: new RecordingChannel() }, { now: clock.now });
      return Number((await db('expert_draw_members').where({ draw_id: draw.id, status: 'invited' }).count('* as n').first())!.n) === 1;
    });
    expect(await answer(false)).toBe(1);
    // evaluation starts the next working day: the committee is complete, the list is unsealed
    await env.sleep(Date.parse(evaluationAt) + 60_000 - (await env.currentTimeMs()));
    // the centre records the committee's report; the agency confirms it and words the candidates' publicity
    await complete(handle, 'evaluate', {
      awards: [{ sectionCode: section, winner: bidder(3).creditCode, priceFen: 950_000_000 }],
      reportSha256: sha('评标报告'),
    });
    await complete(handle, 'confirmReport', {
      reportConfirmed: true, candidatesBody: '第一中标候选人：投标人3建设有限公司；第二：投标人2建设有限公司；第三：投标人1建设有限公司。',
    });
    // candidate publicity: at least 3 days
    await skip(4);
    await complete(handle, 'confirmAward', { confirmed: true, resultBody: '中标人：投标人3建设有限公司，中标价 950,000,000 分。' });
    await complete(handle, 'signContract', { contractNo: 'HT-2026-001', contractSignedOn: cstDate(clock.now().getTime()), contractAmountFen: 950_000_000 });
    await handle.result();
    if (_name === 'SQLite') await recordHistory(handle, 'reference-construction_open_tender');

    const finished = await state(handle);
    expect(finished.lifecycle).toBe('completed');
    expect(finished.visited).toEqual(expect.arrayContaining(['openBidding', 'openBids', 'decryptionWindow', 'finalizeOpening', 'checkBids', 'drawExperts', 'issueAwards', 'refundDeposits', 'seal', 'end']));
    expect(finished.visited).not.toContain('tooFewBids');

    // transaction library
    expect(await db('deals').where('deal_code', dealCode).first()).toMatchObject({ status: 'completed' });
    const deal = await db('deals').where('deal_code', dealCode).first('id');
    expect((await db('notices').where('deal_id', deal.id).pluck('notice_type')).sort()).toEqual(['candidates', 'result', 'tender']);
    expect(await db('bid_openings').count('* as n').first()).toMatchObject({ n: expect.anything() });
    expect((await db('bids').whereNotNull('price_fen').pluck('price_fen')).map(Number).sort()).toEqual([950_000_000, 960_000_000, 970_000_000]);
    const award = await db('awards').first();
    // the notice's bytes are in the object store under their digest, not in the row
    const notice = await db('documents').where('id', award.notice_document_id).first();
    expect(notice.content).toBeNull();
    const noticeBytes = await documentBytes(db, defaultObjectStore(), notice.id);
    expect(createHash('sha256').update(noticeBytes).digest('hex')).toBe(notice.sha256);
    expect(noticeBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // venue: both rooms booked, then released
    const bookings = await db('venue_bookings');
    expect(bookings).toHaveLength(2);
    expect(bookings.every((b: { released_at: unknown }) => b.released_at !== null)).toBe(true);
    // subject and credit libraries: the parties exist; nobody was sanctioned
    expect(Number((await db('subjects').count('* as n').first())!.n)).toBeGreaterThanOrEqual(5);
    // expert library: a sealed draw, unsealed at evaluation, committee of 5
    expect(Number((await db('expert_draw_members').where({ draw_id: draw.id, status: 'confirmed' }).count('* as n').first())!.n)).toBe(5);
    expect(await db('expert_draws').where('id', draw.id).first('status')).toEqual({ status: 'unsealed' });
    // deposits: 3 collected, 3 refunded once each, the ledger balances
    expect(Number((await db('deposits').count('* as n').first())!.n)).toBe(3);
    expect(Number((await db('deposit_refunds').count('* as n').first())!.n)).toBe(3);
    const [{ total }] = await db('journal_lines').sum('amount_fen as total');
    expect(Number(total)).toBe(0);
    // price library
    expect(await db('awarded_prices').where('section_code', section).first()).toMatchObject({ deal_code: dealCode });
    expect(Number((await db('awarded_prices').where('section_code', section).first()).amount_fen)).toBe(950_000_000);
    // fees, aggregation outbox, archive
    expect(Number((await db('fee_charges').count('* as n').first())!.n)).toBe(1);
    expect(Number((await db('exchange_outbox').where('deal_code', dealCode).count('* as n').first())!.n)).toBeGreaterThan(0);
    const archive = await db('archives').where('deal_code', dealCode).first();
    expect(archive).toBeTruthy();
    expect(await verifyArchive(db, dealCode)).toMatchObject({ ok: true });
    // a document changed in the object store is named by the archive's check (a store of its own, so no other test sees it)
    const copy = new FolderObjectStore(mkdtempSync(path.join(os.tmpdir(), 'ggzy-archive-store-')));
    for (const doc of await db('documents').where('deal_code', dealCode).select('id', 'sha256')) await copy.putBytes(await documentBytes(db, defaultObjectStore(), doc.id));
    expect(await verifyArchive(db, dealCode, copy)).toMatchObject({ ok: true });
    const target = path.join(copy.root, 'objects', notice.sha256.slice(0, 2), notice.sha256.slice(2, 4), notice.sha256);
    writeFileSync(target, Buffer.concat([noticeBytes, Buffer.from('%% appended')]));
    expect(await verifyArchive(db, dealCode, copy)).toMatchObject({ ok: false, difference: { path: expect.stringContaining(`${notice.id}-`) } });
    rmSync(copy.root, { recursive: true, force: true });

    // open data (OCDS 1.1): one release per published notice; the compiled record names the winner and the awarded
    // price — and nothing of the other bids, which no notice published
    const ocds = await recordPackage(db, dealCode, 'https://ggzy.example.org', clock.now());
    const record = ocds!.records[0]!;
    expect(record.releases.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate'], ['award']]);
    expect(record.compiledRelease).toMatchObject({
      ocid: `ocds-ggzy00-${dealCode}`, id: `ocds-ggzy00-${dealCode}-compiled`, tag: ['compiled'],
      buyer: { id: `CN-USCC-${TENDEREE.creditCode}` },
      tender: { id: dealCode, status: 'complete', lots: [expect.objectContaining({ id: section })] },
      awards: [{ id: `${section}-award`, status: 'active', value: { amount: 9_500_000, currency: 'CNY' }, suppliers: [{ id: `CN-USCC-${bidder(3).creditCode}` }], relatedLots: [section] }],
    });
    expect((record.compiledRelease.tender as { documents: unknown[] }).documents).toHaveLength(3);
    const published = JSON.stringify(ocds);
    for (const yuan of ['9600000', '9700000']) expect(published).not.toContain(yuan);

    // supervision library: every step notified supervision, in order, and the trail verifies
    const kinds: string[] = await db('supervision_events').where('deal_code', dealCode).orderBy('seq').pluck('kind');
    for (const kind of ['deal.registered', 'notice.published', 'bid.registered', 'deposit.collected', 'bid.submitted', 'bids.opened', 'collusion.screened', 'alert.evaluated', 'award.issued', 'deal.closed']) {
      expect(kinds).toContain(kind);
    }
    expect(kinds.indexOf('deal.registered')).toBeLessThan(kinds.indexOf('bids.opened'));
    expect(kinds.indexOf('bids.opened')).toBeLessThan(kinds.lastIndexOf('deal.closed'));
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
    // the parties' own steps are on the trail in their names: the agency's documents and report, the tenderee's 定标 and contract
    const steps = (await db('supervision_events').where({ deal_code: dealCode, kind: 'task.completed' }).orderBy('seq').select('actor', 'payload'))
      .map((e: { actor: string; payload: string }) => { const p = JSON.parse(e.payload); return [p.nodeId, p.party?.subjectName ?? e.actor]; });
    expect(steps).toEqual([
      ['review', 'staff'], ['issueDocuments', AGENT.name], ['evaluate', 'staff'], ['confirmReport', AGENT.name], ['confirmAward', TENDEREE.name], ['signContract', TENDEREE.name],
    ]);
    const alerts = await db('supervision_alerts').where({ deal_code: dealCode, result: 'found' }).pluck('rule_id');
    expect(alerts).toEqual([]);
  });
});
