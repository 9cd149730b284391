import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { runTask, type TaskCall } from '../../../test/support/activities';
import { screenBidder, seedMarketHistory, seedOpenedSection } from '../../../test/support/screen-fixtures';
import { nightlyRunDue, rescreenHistory } from './rescreen';
import { screeningDetail } from './view';

const RING = '990100-2026-JS-R0001';
const CLEAN = '990100-2026-JS-C0001';
const NIGHT = new Date('2026-03-03T18:30:00.000Z');

const screen = (dealCode: string, run = 1): TaskCall => ({ type: 'collusion.screenSection', nodeId: 'screenBids', key: `wf-${dealCode}:screenBids#${run}`, dealCode, input: { sectionCode: `${dealCode}-01` } });

/** Three bidders whose deposits came from one account and whose bids were uploaded from one device. */
async function seedRing(db: Db) {
  return seedOpenedSection(db, {
    dealCode: RING, openedAt: '2026-03-01T02:00:00.000Z',
    bids: [1, 2, 3].map((n, i) => ({ bidder: n, priceFen: [948_100_000, 961_700_000, 979_300_000][i]!, depositAccount: '6222990100009999', deviceId: 'device-shared-7f3a' })),
  });
}

async function seedClean(db: Db) {
  return seedOpenedSection(db, { dealCode: CLEAN, openedAt: '2026-03-01T03:00:00.000Z', bids: [{ bidder: 4, priceFen: 902_000_000 }, { bidder: 5, priceFen: 951_300_000 }, { bidder: 6, priceFen: 966_000_000 }] });
}

async function alertsOf(db: Db, dealCode: string) {
  return db('supervision_alerts').where({ deal_code: dealCode, rule_id: 'COLLUSION_SCREEN' }).orderBy('id');
}

async function trailOf(db: Db, dealCode: string, kind: string) {
  return (await db('supervision_events').where({ deal_code: dealCode, kind }).orderBy('seq')).map((r: { payload: string }) => JSON.parse(r.payload));
}

describe.each(DATABASES)('bid-rigging screens on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    await seedMarketHistory(database.db, { prefix: '990100-2025-JS-H', count: 12 });
  });
  afterEach(async () => { await database.close(); });

  test('related bidders (one deposit account, one upload device) are flagged with that evidence and its sources; an alert is raised', async () => {
    // given
    await seedRing(database.db);
    const ring = [1, 2, 3].map((n) => screenBidder(n).creditCode).sort();
    // when
    const answer = await runTask(database.db, screen(RING));
    // then
    const result = answer.result as { flagged: boolean; flagReasons: string[]; evidence: string[]; marketTenders: number };
    expect(result.flagged).toBe(true);
    expect(result.flagReasons).toContain('evidence');
    expect(result.marketTenders).toBe(13);
    const detail = await screeningDetail(database.db, RING, `${RING}-01`);
    const byIndicator = Object.fromEntries(detail.evidence.map((e) => [e.indicator, e]));
    expect(byIndicator.SAME_DEPOSIT_ACCOUNT).toMatchObject({ bidders: ring, sourceOfRecord: 'deposits.paying_account', deemed: true, detail: { deposit_account: '6222990100009999' } });
    expect(byIndicator.SAME_TOOL_FINGERPRINT).toMatchObject({ bidders: ring, sourceOfRecord: 'bid_envelopes.client_device_id', deemed: true, detail: { tool_fingerprint: 'device-shared-7f3a' } });
    expect(byIndicator.SAME_DEPOSIT_ACCOUNT.legalBasis).toContain('第四十条第（六）项');
    const alerts = await alertsOf(database.db, RING);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].severity).toBe('critical');
    expect(JSON.parse(alerts[0].evidence).newFindings.map((f: { indicator: string }) => f.indicator).sort()).toEqual(['SAME_DEPOSIT_ACCOUNT', 'SAME_TOOL_FINGERPRINT']);
    expect((await trailOf(database.db, RING, 'alert.raised')).map((e) => e.ruleId)).toEqual(['COLLUSION_SCREEN']);
    expect(await trailOf(database.db, RING, 'collusion.screened')).toHaveLength(1);
    // the page's context: the screens with thresholds, the distribution and the network
    expect(detail.screens.cv!.threshold).not.toBeNull();
    // no identical bids here, as in most of the market: no sign
    expect(detail.screens.identicalBids).toMatchObject({ value: 0, marketMedian: 0, beyond: false });
    expect(detail.distribution!.basis).toBe('estimate');
    expect(detail.distribution!.bins.reduce((s, b) => s + b.section, 0)).toBe(3);
    expect(detail.distribution!.bins.reduce((s, b) => s + b.market, 0)).toBeGreaterThan(40);
    expect(detail.network.nodes.filter((n) => n.inSection).map((n) => n.id).sort()).toEqual(ring);
    const ringEdge = detail.network.edges.find((e) => e.source === ring[0] && e.target === ring[1]);
    expect(ringEdge).toMatchObject({ coBids: 1, evidence: expect.arrayContaining(['SAME_DEPOSIT_ACCOUNT', 'SAME_TOOL_FINGERPRINT']) });
  });

  test('an unrelated section is screened and not flagged: no alert', async () => {
    await seedClean(database.db);
    const answer = await runTask(database.db, screen(CLEAN));
    expect(answer.result).toMatchObject({ flagged: false, flagReasons: [], evidence: [] });
    expect(await alertsOf(database.db, CLEAN)).toHaveLength(0);
    const row = await database.db('collusion_screens').where('section_code', `${CLEAN}-01`).first();
    expect(row.status).toBe('screened');
    expect(Boolean(row.is_flagged)).toBe(false);
  });

  test('running again — the step retried, the nightly job twice — finds nothing new and writes no new alert', async () => {
    await seedRing(database.db);
    await seedClean(database.db);
    await runTask(database.db, screen(RING));
    await runTask(database.db, screen(RING, 2));
    const first = await rescreenHistory(database.db, NIGHT);
    const second = await rescreenHistory(database.db, new Date(NIGHT.getTime() + 86_400_000));
    expect(first).toMatchObject({ markets: 1, sections: 14, flagged: 1, alerts: 0, failedMarkets: [] });
    expect(second).toMatchObject({ markets: 1, sections: 14, flagged: 1, alerts: 0, failedMarkets: [] });
    expect(await alertsOf(database.db, RING)).toHaveLength(1);
    expect(await database.db('supervision_alerts').where('rule_id', 'COLLUSION_SCREEN')).toHaveLength(1);
    // every opened section of the history now has its screening
    expect(await database.db('collusion_screens').where('status', 'screened')).toHaveLength(14);
  });

  test('a screening that fails does not fail the step: it is kept as failed, said on the trail, and the retry screens it', async () => {
    await seedRing(database.db);
    await database.db.schema.renameTable('subject_people', 'subject_people_away');
    try {
      const answer = await runTask(database.db, screen(RING));
      expect(answer.result).toMatchObject({ failed: true, reason: 'SCREEN_FAILED' });
    } finally {
      await database.db.schema.renameTable('subject_people_away', 'subject_people');
    }
    const failed = await database.db('collusion_screens').where('section_code', `${RING}-01`).first();
    expect(failed.status).toBe('failed');
    expect(await trailOf(database.db, RING, 'collusion.screen_failed')).toMatchObject([{ sectionCode: `${RING}-01`, reason: 'SCREEN_FAILED', retry: 'nightly' }]);
    expect(await alertsOf(database.db, RING)).toHaveLength(0);
    // the retry of failed screenings
    const retried = await rescreenHistory(database.db, NIGHT, { onlyFailed: true });
    expect(retried).toMatchObject({ markets: 1, alerts: 1 });
    const row = await database.db('collusion_screens').where('section_code', `${RING}-01`).first();
    expect([row.status, Boolean(row.is_flagged)]).toEqual(['screened', true]);
    expect(await alertsOf(database.db, RING)).toHaveLength(1);
    expect((await trailOf(database.db, RING, 'alert.raised'))[0].evidence.sectionCode).toBe(`${RING}-01`);
  });

  test('a section without a final opening is not screened, and the deal still goes on', async () => {
    await seedRing(database.db);
    await database.db('bid_openings').update({ status: 'decrypting' });
    const answer = await runTask(database.db, screen(RING));
    expect(answer.result).toMatchObject({ failed: true, reason: 'SECTION_NOT_OPENED' });
  });
});

test('the nightly run is due once a day, past its hour China time', () => {
  // 01:30 in Beijing (17:30 UTC the day before): not yet at 2 o'clock
  expect(nightlyRunDue(new Date('2026-03-03T17:30:00.000Z'), null, 2)).toEqual({ due: false, day: '2026-03-04' });
  expect(nightlyRunDue(new Date('2026-03-03T18:05:00.000Z'), null, 2)).toEqual({ due: true, day: '2026-03-04' });
  expect(nightlyRunDue(new Date('2026-03-04T09:00:00.000Z'), '2026-03-04', 2)).toEqual({ due: false, day: '2026-03-04' });
  expect(nightlyRunDue(new Date('2026-03-04T18:00:00.000Z'), '2026-03-04', 2)).toEqual({ due: true, day: '2026-03-05' });
});
