// Files through the api: a resumable upload in pieces (wrong offsets refused, an interrupted append continued from
// what arrived), verified against the announced SHA-256, stored once by its digest, downloaded whole or by range —
// by the centre's roles and by the uploader only.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PARTIES, loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { certificateSignIn, readKeyFile } from '../support/parties';

const FILE = randomBytes(300_000);
const DIGEST = createHash('sha256').update(FILE).digest('hex');

describe('files through the api', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let dataDir: string;
  const tokens: Record<string, string> = {};

  const patch = (token: string, id: string, offset: number, bytes: Buffer, type = 'application/offset+octet-stream') => fetch(`${platform.baseUrl}/api/uploads/${id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': type, 'upload-offset': String(offset) }, body: bytes,
  }).then(async (r) => ({ status: r.status, body: await r.json(), headers: r.headers }));
  const download = (token: string, sha: string, range?: string) => fetch(`${platform.baseUrl}/api/files/${sha}`, {
    headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}) },
  }).then(async (r) => ({ status: r.status, bytes: Buffer.from(await r.arrayBuffer()), headers: r.headers }));

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-files-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust'), { recheckMs: 0 }), maxUploadBytes: 1_000_000 });
    for (const user of ['staff', 'supervisor', 'designer']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
    for (const [name, file] of [['bidderA', DEMO_PARTIES[0]!.file], ['bidderB', DEMO_PARTIES[1]!.file]] as const) {
      const signedIn = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', file)));
      expect(signedIn.status).toBe(200);
      tokens[name] = signedIn.body.token;
    }
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('an upload in pieces, a wrong offset refused, then the file by its digest — whole and by range — for those who may read it', async () => {
    const started = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.bidderA, body: { fileName: '投标文件.zip', mediaType: 'application/zip', sizeBytes: FILE.length, sha256: DIGEST.toUpperCase() } });
    expect(started.status).toBe(201);
    const id = started.body.uploadId as string;
    expect(started.body).toMatchObject({ offset: 0, status: 'open', sha256: null });

    const first = await patch(tokens.bidderA, id, 0, FILE.subarray(0, 100_000));
    expect([first.status, first.body.offset, first.headers.get('upload-offset')]).toEqual([200, 100_000, '100000']);
    const wrong = await patch(tokens.bidderA, id, 0, FILE.subarray(0, 10));
    expect([wrong.status, wrong.body.error.code]).toEqual([409, 'UPLOAD_OFFSET_MISMATCH']);
    expect((await call(platform.baseUrl, 'GET', `/api/uploads/${id}`, { token: tokens.bidderA })).body.offset).toBe(100_000);
    // another user cannot see or continue someone's upload
    expect((await call(platform.baseUrl, 'GET', `/api/uploads/${id}`, { token: tokens.bidderB })).status).toBe(404);
    expect((await patch(tokens.bidderB, id, 100_000, FILE.subarray(100_000))).status).toBe(404);
    expect((await patch(tokens.bidderA, id, 100_000, FILE.subarray(100_000), 'text/plain')).status).toBe(415);

    const last = await patch(tokens.bidderA, id, 100_000, FILE.subarray(100_000));
    expect(last.body).toMatchObject({ status: 'complete', offset: FILE.length, sha256: DIGEST });
    expect((await patch(tokens.bidderA, id, FILE.length, Buffer.from('x'))).body.error.code).toBe('UPLOAD_COMPLETE');

    const whole = await download(tokens.bidderA, DIGEST);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(FILE)).toBe(true);
    const part = await download(tokens.staff, DIGEST, 'bytes=1000-1999');
    expect([part.status, part.headers.get('content-range'), part.bytes.equals(FILE.subarray(1000, 2000))]).toEqual([206, `bytes 1000-1999/${FILE.length}`, true]);
    expect((await download(tokens.supervisor, DIGEST, 'bytes=-10')).bytes.equals(FILE.subarray(-10))).toBe(true);
    expect((await download(tokens.staff, DIGEST, `bytes=${FILE.length}-`)).status).toBe(416);
    expect((await download(tokens.bidderB, DIGEST)).status).toBe(404); // not hers
    expect((await download(tokens.designer, DIGEST)).status).toBe(403);
    expect(await database.db('stored_files').where('sha256', DIGEST).first()).toMatchObject({ sha256: DIGEST });
  });

  test('an append cut off mid-way keeps what arrived; the upload continues from there and completes', async () => {
    const started = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.bidderB, body: { fileName: 'a.bin', mediaType: 'application/octet-stream', sizeBytes: FILE.length } });
    const id = started.body.uploadId as string;
    // a client that announces everything, sends 150 000 bytes and goes away
    await new Promise<void>((resolve) => {
      const url = new URL(`${platform.baseUrl}/api/uploads/${id}`);
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'PATCH', headers: {
        authorization: `Bearer ${tokens.bidderB}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(FILE.length),
      } });
      req.on('error', () => resolve());
      req.write(FILE.subarray(0, 150_000), () => setTimeout(() => { req.destroy(); resolve(); }, 300));
    });
    let offset = -1;
    for (let i = 0; i < 50 && offset < 0; i++) {
      const status = await call(platform.baseUrl, 'GET', `/api/uploads/${id}`, { token: tokens.bidderB });
      if (status.body.status === 'open' && status.body.offset > 0) offset = status.body.offset;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(150_000);
    const rest = await patch(tokens.bidderB, id, offset, FILE.subarray(offset));
    expect(rest.body).toMatchObject({ status: 'complete', sha256: DIGEST });
    expect((await download(tokens.bidderB, DIGEST)).bytes.equals(FILE)).toBe(true);
  });

  test('a file that is not what was announced, too many bytes, or too large is refused', async () => {
    const mismatch = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.staff, body: { fileName: 'x.pdf', mediaType: 'application/pdf', sizeBytes: 4, sha256: 'ab'.repeat(32) } });
    const refused = await patch(tokens.staff, mismatch.body.uploadId, 0, Buffer.from('abcd'));
    expect([refused.status, refused.body.error.code]).toEqual([422, 'UPLOAD_DIGEST_MISMATCH']);
    expect((await call(platform.baseUrl, 'GET', `/api/uploads/${mismatch.body.uploadId}`, { token: tokens.staff })).body.status).toBe('aborted');
    expect((await patch(tokens.staff, mismatch.body.uploadId, 0, Buffer.from('abcd'))).status).toBe(410);

    const long = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.staff, body: { fileName: 'y.txt', mediaType: 'text/plain', sizeBytes: 3 } });
    const tooMany = await patch(tokens.staff, long.body.uploadId, 0, Buffer.from('abcdef'));
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'UPLOAD_TOO_LONG']);
    expect((await call(platform.baseUrl, 'GET', `/api/uploads/${long.body.uploadId}`, { token: tokens.staff })).body.offset).toBe(0);

    const huge = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.staff, body: { fileName: 'z.bin', mediaType: 'application/octet-stream', sizeBytes: 2_000_000 } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const badName = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.staff, body: { fileName: '../etc/passwd', mediaType: 'text/plain', sizeBytes: 3 } });
    expect(badName.status).toBe(400);
    expect((await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.designer, body: { fileName: 'a', mediaType: 'text/plain', sizeBytes: 1 } })).status).toBe(403);
  });
});
