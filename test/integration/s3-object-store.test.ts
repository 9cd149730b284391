// The object store on S3-compatible storage, against a local server that speaks the S3 protocol: small files in one
// signed PUT, big ones as multipart uploads, ranges, a file put twice sent once, bad credentials refused with the
// service's code (never the secret), and the api's resumable upload and download running on it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { ObjectStoreError, S3ObjectStore, objectStoreFromEnv } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('the object store on S3-compatible storage', () => {
  let server: S3rver;
  let endpoint: string;
  let root: string;
  const created: string[] = [];
  const store = (overrides: Partial<ConstructorParameters<typeof S3ObjectStore>[0]> = {}) => new S3ObjectStore({
    endpoint, region: 'us-east-1', bucket: 'ggzy-files', prefix: 'province/', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER',
    stagingDir: path.join(root, 'staging'), partBytes: 5 * 1024 * 1024, ...overrides,
  });

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ggzy-s3-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(root, 'server'), configureBuckets: [{ name: 'ggzy-files', configs: [] }] });
    const address = (await server.run()) as unknown as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
    server.on('event', (e: { Records: Array<{ eventName: string; s3: { object: { key: string } } }> }) => {
      for (const r of e.Records) if (r.eventName.startsWith('ObjectCreated')) created.push(r.s3.object.key);
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('a small file in one PUT, read whole and by range; the same bytes again are not sent again', async () => {
    const s3 = store();
    const bytes = randomBytes(200_000);
    const put = await s3.putBytes(bytes);
    expect(put).toEqual({ sha256: sha(bytes), sizeBytes: bytes.length });
    expect(await s3.size(put.sha256)).toBe(bytes.length);
    expect((await bytesOf(s3.read(put.sha256))).equals(bytes)).toBe(true);
    expect((await bytesOf(s3.read(put.sha256, { start: 1000, end: 1999 }))).equals(bytes.subarray(1000, 2000))).toBe(true);
    const key = `province/objects/${put.sha256.slice(0, 2)}/${put.sha256.slice(2, 4)}/${put.sha256}`;
    expect(created.filter((k) => k === key)).toHaveLength(1);
    const file = s3.tempPath();
    writeFileSync(file, bytes);
    await s3.putFile(file);
    expect(created.filter((k) => k === key)).toHaveLength(1); // already there: nothing sent
    expect(await s3.size(sha(randomBytes(8)))).toBeNull();
    await expect(bytesOf(s3.read(sha(randomBytes(8))))).rejects.toThrow(/404 NoSuchKey/);
  });

  test('a file bigger than a part goes up as a multipart upload and comes back byte for byte', async () => {
    const s3 = store();
    const bytes = randomBytes(12 * 1024 * 1024 + 17);
    const file = s3.tempPath();
    writeFileSync(file, bytes);
    const put = await s3.putFile(file, sha(bytes));
    expect(put).toEqual({ sha256: sha(bytes), sizeBytes: bytes.length });
    expect(await s3.size(put.sha256)).toBe(bytes.length);
    expect(sha(await bytesOf(s3.read(put.sha256)))).toBe(put.sha256);
    const tail = await bytesOf(s3.read(put.sha256, { start: bytes.length - 100, end: bytes.length - 1 }));
    expect(tail.equals(bytes.subarray(bytes.length - 100))).toBe(true);
  });

  test('a file that is not the one announced is refused before anything is sent; unknown credentials are refused by the service', async () => {
    const s3 = store();
    const file = s3.tempPath();
    writeFileSync(file, Buffer.from('not what was announced'));
    const before = created.length;
    await expect(s3.putFile(file, sha(Buffer.from('something else')))).rejects.toThrow(ObjectStoreError);
    expect(created.length).toBe(before);
    const stranger = store({ accessKeyId: 'NOBODY', secretAccessKey: 'a-secret-that-must-not-be-echoed' });
    const refusal = await stranger.putBytes(Buffer.from('x')).catch((e: Error) => e);
    expect(refusal).toBeInstanceOf(ObjectStoreError);
    expect((refusal as Error).message).toMatch(/answered 403/);
    expect((refusal as Error).message).not.toContain('a-secret-that-must-not-be-echoed');
  });

  test('configuration: s3://bucket/prefix with its endpoint and credentials, and clear refusals when one is missing', () => {
    const env = { GGZY_OBJECT_STORE: 's3://ggzy-files/city/', GGZY_S3_ENDPOINT: endpoint, GGZY_S3_ACCESS_KEY_ID: 'S3RVER', GGZY_S3_SECRET_ACCESS_KEY: 'S3RVER', GGZY_UPLOAD_STAGING: path.join(root, 'shared-staging') };
    const configured = objectStoreFromEnv(root, env);
    expect(configured).toBeInstanceOf(S3ObjectStore);
    expect(configured.description).toBe(`S3 bucket ggzy-files at ${endpoint} (prefix city/)`);
    expect(configured.stagingDir).toBe(path.join(root, 'shared-staging'));
    expect(() => objectStoreFromEnv(root, { ...env, GGZY_S3_ENDPOINT: '' })).toThrow(/GGZY_S3_ENDPOINT/);
    expect(() => objectStoreFromEnv(root, { ...env, GGZY_S3_SECRET_ACCESS_KEY: undefined })).toThrow(/GGZY_S3_SECRET_ACCESS_KEY/);
    expect(() => objectStoreFromEnv(root, { ...env, GGZY_OBJECT_STORE: 's3://A_Bucket' })).toThrow(/expected s3:\/\/bucket/);
    expect(() => objectStoreFromEnv(root, { ...env, GGZY_S3_ENDPOINT: 'ftp://files' })).toThrow(/http\(s\)/);
  });

  describe('the api on it', () => {
    let database: TestDatabase;
    let platform: RunningPlatform;
    beforeAll(async () => {
      database = await createSeededDatabase(createSqliteDatabase);
      platform = await startPlatform(database.db, { withWorker: false, objects: store({ prefix: '' }), maxUploadBytes: 20 * 1024 * 1024 });
    });
    afterAll(async () => {
      await platform?.stop();
      await database?.close();
    });

    test('a resumable upload in two pieces lands in the bucket under its digest and downloads by range', async () => {
      const token = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
      const bytes = randomBytes(6 * 1024 * 1024 + 3);
      const started = await call(platform.baseUrl, 'POST', '/api/uploads', { token, body: { fileName: '招标文件.pdf', mediaType: 'application/pdf', sizeBytes: bytes.length, sha256: sha(bytes) } });
      expect(started.status).toBe(201);
      const id = started.body.uploadId as string;
      for (const [offset, piece] of [[0, bytes.subarray(0, 4_000_000)], [4_000_000, bytes.subarray(4_000_000)]] as const) {
        const r = await fetch(`${platform.baseUrl}/api/uploads/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) }, body: piece });
        expect(r.status).toBe(200);
      }
      expect((await call(platform.baseUrl, 'GET', `/api/uploads/${id}`, { token })).body).toMatchObject({ status: 'complete', sha256: sha(bytes) });
      expect(created).toContain(`objects/${sha(bytes).slice(0, 2)}/${sha(bytes).slice(2, 4)}/${sha(bytes)}`);
      const ranged = await fetch(`${platform.baseUrl}/api/files/${sha(bytes)}`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=5000000-5000099' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(5_000_000, 5_000_100))).toBe(true);
      const whole = await fetch(`${platform.baseUrl}/api/files/${sha(bytes)}`, { headers: { authorization: `Bearer ${token}` } });
      expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(sha(bytes));
    });
  });
});
