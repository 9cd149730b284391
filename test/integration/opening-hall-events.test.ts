// The opening hall, live: a registered bidder's event stream opens with the hall's state and sends it again when it
// changes; the supervisors and the centre's staff of the deal's city watch the same hall without any bidder's own part
// (another city's staff: not found); a party that did not register is refused before any stream opens; and the stream
// ends when the bidder logs out.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { openPartyDeal } from '../support/party-deals';

const DEAL = '990100-2026-JS-00064';
const SECTION = `${DEAL}-01`;

interface HallEvent { event: string; data: Record<string, unknown> }

/** Reads server-sent events off a response, one at a time. */
function eventsOf(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (timeoutMs = 10_000): Promise<HallEvent | null> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
        if (fields.event) return { event: fields.event, data: JSON.parse(fields.data ?? 'null') };
        continue; // a keep-alive comment or the retry field alone
      }
      const left = until - Date.now();
      if (left <= 0) throw new Error('no event in time');
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no event in time')), left); })])
        .finally(() => clearTimeout(timer));
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return Object.assign(next, { cancel: () => reader.cancel() });
}

describe.each(DATABASES)('the opening hall\'s event stream on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let dataDir: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-hall-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust'), { recheckMs: 0 }) });
    await openPartyDeal(database.db, { dealCode: DEAL, deadline: new Date(Date.now() + 86_400_000) });
    for (const [who, file] of [['bidder', 'bidder-dhjg-sm2.pem'], ['outsider', 'bidder-sfzn-sm2.pem']]) {
      const signedIn = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', file!)));
      expect(signedIn.status).toBe(200);
      tokens[who!] = signedIn.body.token;
    }
    expect((await call(platform.baseUrl, 'POST', `/api/party/deals/${DEAL}/sections/${SECTION}/registration`, { token: tokens.bidder })).status).toBe(201);
    for (const who of ['supervisor', 'staff', 'staff2']) tokens[who] = await loginAs(platform.baseUrl, who, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const open = (path: string, token: string) => fetch(`${platform.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });

  test('pushes the state when it changes, to the bidder and to the watchers of the deal\'s city; ends at logout', async () => {
    const bidderStream = await open(`/api/party/deals/${DEAL}/sections/${SECTION}/opening/events`, tokens.bidder!);
    expect(bidderStream.status).toBe(200);
    expect(bidderStream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const bidder = eventsOf(bidderStream);
    const first = await bidder();
    expect(first).toMatchObject({ event: 'hall', data: { sectionCode: SECTION, status: 'before_opening', bidCount: null, readOut: [], myEnvelope: null, mySubmission: null } });
    expect(Date.parse(first!.data.serverTime as string)).toBeGreaterThan(0);

    const watcherStream = await open(`/api/opening-halls/${DEAL}/${SECTION}/events`, tokens.supervisor!);
    expect(watcherStream.status).toBe(200);
    const watcher = eventsOf(watcherStream);
    const watched = await watcher();
    expect(watched!.data).toMatchObject({ sectionCode: SECTION, status: 'before_opening' });
    expect(watched!.data).not.toHaveProperty('myEnvelope');
    const halls = await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}`, { token: tokens.staff });
    expect(halls.body.sections).toEqual([{ sectionCode: SECTION, name: '施工', status: 'before_opening' }, { sectionCode: `${DEAL}-02`, name: '监理', status: 'before_opening' }]);
    expect((await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}`, { token: tokens.staff2 })).status).toBe(404);
    const staff = await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}/${SECTION}`, { token: tokens.staff });
    expect(staff.status).toBe(200);
    expect(staff.body).not.toHaveProperty('myEnvelope');

    // the deadline is moved (a clarification late in the period extends it): both halls hear of it
    const moved = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await database.db('deals').where('deal_code', DEAL).update({ bid_deadline_at: moved });
    for (const next of [bidder, watcher]) {
      const changed = await next(5000);
      expect(changed!.event).toBe('hall');
      expect(Date.parse(changed!.data.bidDeadline as string)).toBe(Date.parse(moved));
    }

    // logging out ends the bidder's stream (and only it)
    expect((await call(platform.baseUrl, 'POST', '/api/auth/logout', { token: tokens.bidder })).status).toBeLessThan(300);
    expect(await bidder(5000)).toEqual({ event: 'end', data: { reason: 'session_ended' } });
    expect(await bidder(5000)).toBeNull();
    await watcher.cancel();
  });

  test('refused before any stream opens: a party that did not register, another city\'s staff, no session', async () => {
    const outsider = await call(platform.baseUrl, 'GET', `/api/party/deals/${DEAL}/sections/${SECTION}/opening/events`, { token: tokens.outsider });
    expect([outsider.status, outsider.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const otherCity = await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}/${SECTION}/events`, { token: tokens.staff2 });
    expect([otherCity.status, otherCity.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const party = await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}/${SECTION}/events`, { token: tokens.outsider });
    expect(party.status).toBe(403);
    expect((await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}/${SECTION}/events`)).status).toBe(401);
  });
});
