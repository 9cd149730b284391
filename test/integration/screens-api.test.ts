// The bid-rigging screens' api (围标串标筛查): supervisors and auditors read the screened sections of their regions and
// one section's screens with its market's context; other roles are refused, other cities see nothing, bad input is a
// stable error in the caller's language.
import { User, hashPassword } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { runTask } from '../support/activities';
import { screenBidder, seedMarketHistory, seedOpenedSection } from '../support/screen-fixtures';

const RING = '990100-2026-JS-R0001';
const CLEAN = '990100-2026-JS-C0001';
const WEST_RING = '990200-2026-JS-R0001';

describe.each(DATABASES)('screens api on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  let history: string[] = [];
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    const db = database.db;
    history = await seedMarketHistory(db, { prefix: '990100-2025-JS-H', count: 12 });
    const ring = (n: number) => ({ bidder: n, priceFen: 940_000_000 + n * 13_700_000, depositAccount: '6222990100009999', deviceId: 'device-shared-7f3a' });
    await seedOpenedSection(db, { dealCode: RING, openedAt: '2026-03-01T02:00:00.000Z', bids: [1, 2, 3].map(ring) });
    await seedOpenedSection(db, { dealCode: CLEAN, openedAt: '2026-03-01T03:00:00.000Z', bids: [{ bidder: 4, priceFen: 902_000_000 }, { bidder: 5, priceFen: 951_300_000 }, { bidder: 6, priceFen: 966_000_000 }] });
    await seedOpenedSection(db, { dealCode: WEST_RING, regionCode: '990200', openedAt: '2026-03-01T04:00:00.000Z', bids: [7, 8, 9].map(ring) });
    for (const [dealCode, regionCode] of [[RING, '990100'], [CLEAN, '990100'], [WEST_RING, '990200']] as const) {
      await runTask(db, { type: 'collusion.screenSection', nodeId: 'screenBids', workflowId: `deal-${dealCode}`, key: `deal-${dealCode}:screenBids#1`, dealCode, regionCode, input: { sectionCode: `${dealCode}-01` } });
    }
    await User.query(db).insert({ username: 'west_supervisor', display_name: '西山市监管人员', role: 'supervisor', region_code: '990200', password_hash: await hashPassword(DEMO_PASSWORD), is_demo: false });
    platform = await startPlatform(db);
    for (const user of ['supervisor', 'auditor', 'staff', 'west_supervisor', 'designer']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });
  const get = (user: string | null, path: string, headers: Record<string, string> = {}) => call(platform.baseUrl, 'GET', path, { token: user ? tokens[user] : undefined, headers });

  test('the list: the sections of my regions, flagged or all, nothing of another city', async () => {
    const mine = await get('supervisor', '/api/screens');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { dealCode: string }) => i.dealCode).sort()).toEqual([CLEAN, RING]);
    const flagged = await get('supervisor', '/api/screens?flagged=true');
    expect(flagged.body.items).toHaveLength(1);
    expect(flagged.body.items[0]).toMatchObject({ dealCode: RING, sectionCode: `${RING}-01`, flagged: true, flagReasons: ['evidence'], indicators: expect.arrayContaining(['SAME_DEPOSIT_ACCOUNT', 'SAME_TOOL_FINGERPRINT']) });
    expect((await get('supervisor', '/api/screens?flagged=false')).body.items.map((i: { dealCode: string }) => i.dealCode)).toEqual([CLEAN]);
    // another city's region asked for by name: nothing of it
    expect((await get('supervisor', '/api/screens?regionCode=990200')).body.items).toEqual([]);
    const west = await get('west_supervisor', '/api/screens');
    expect(west.body.items.map((i: { dealCode: string }) => i.dealCode)).toEqual([WEST_RING]);
    // the province's auditor sees both cities
    expect((await get('auditor', '/api/screens?flagged=true')).body.items.map((i: { dealCode: string }) => i.dealCode).sort()).toEqual([RING, WEST_RING].sort());
  });

  test('one section: screens against thresholds, the distribution against the market, the network, the evidence with sources', async () => {
    const res = await get('supervisor', `/api/screens/${RING}/${RING}-01`);
    expect(res.status).toBe(200);
    const ring = [1, 2, 3].map((n) => screenBidder(n).creditCode).sort();
    expect(res.body).toMatchObject({ dealCode: RING, flagged: true, marketTenders: 14, bidCount: 3 });
    expect(res.body.screens.cv).toMatchObject({ value: expect.any(Number), threshold: expect.any(Number), direction: expect.stringMatching(/^(low|high)$/) });
    expect(res.body.evidence.find((e: { indicator: string }) => e.indicator === 'SAME_DEPOSIT_ACCOUNT')).toMatchObject({ bidders: ring, sourceOfRecord: 'deposits.paying_account' });
    expect(res.body.distribution.bins).toHaveLength(20);
    expect(res.body.distribution.sectionBids.map((b: { relative: number }) => b.relative)).toEqual([0.9537, 0.9674, 0.9811]);
    expect(res.body.network.nodes.filter((n: { inSection: boolean }) => n.inSection)).toHaveLength(3);
    expect(res.body.network.edges.some((e: { evidence: string[] }) => e.evidence.includes('SAME_TOOL_FINGERPRINT'))).toBe(true);
    expect((await get('auditor', `/api/screens/${RING}/${RING}-01`)).status).toBe(200);
  });

  test('refusals: no session 401, a role without the permission 403, another city 404, unknown 404, not screened 409, bad input 400', async () => {
    expect((await get(null, '/api/screens')).status).toBe(401);
    expect((await get('staff', '/api/screens')).status).toBe(403);
    expect((await get('designer', `/api/screens/${RING}/${RING}-01`)).status).toBe(403);
    expect((await get('west_supervisor', `/api/screens/${RING}/${RING}-01`)).status).toBe(404);
    expect((await get('supervisor', `/api/screens/${WEST_RING}/${WEST_RING}-01`)).status).toBe(404);
    // a section of another deal is not this deal's
    expect((await get('supervisor', `/api/screens/${CLEAN}/${RING}-01`)).status).toBe(404);
    const notScreened = await get('supervisor', `/api/screens/${history[0]!.slice(0, -3)}/${history[0]}`);
    expect(notScreened.status).toBe(409);
    expect(notScreened.body.error).toMatchObject({ code: 'NOT_SCREENED', message: expect.stringContaining('尚未筛查') });
    const inEnglish = await get('supervisor', `/api/screens/${history[0]!.slice(0, -3)}/${history[0]}`, { 'accept-language': 'en' });
    expect(inEnglish.body.error.message).toContain('has not been screened');
    const bad = await get('supervisor', '/api/screens?flagged=maybe');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await get('supervisor', '/api/screens/x/y')).status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/select|knex|at .*\.ts/i);
  });
});
