// The object store on S3-compatible storage (MinIO, a cloud's object service): the same content-addressed names as
// the folder store (<prefix>objects/ab/cd/<sha256>), path-style requests signed with AWS Signature Version 4. A file
// goes up in one PUT whose signed payload hash is its SHA-256 — so the storage itself refuses bytes that are not the
// file — or, past the part size, as a multipart upload (each part signed with its own hash, aborted on failure). A
// name is written once: when the object is already there nothing is sent.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import aws4 from 'aws4';
import { ObjectStoreError, SHA256, type ObjectStore } from './object-store';

export interface S3Settings {
  /** http(s)://host:port of the service (path-style addressing). */
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Local folder where resumable uploads are put together before they go in (shared by the api processes). */
  stagingDir: string;
  /** Files above this go up as multipart uploads in parts of this size (S3: at least 5 MiB). */
  partBytes?: number;
}

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const DEFAULT_PART_BYTES = 64 * 1024 * 1024;

async function digestOfRange(file: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { start, end }), hash);
  return hash.digest('hex');
}

/** The `<Code>` of an S3 error reply, or '' (a HEAD has no body) — never its whole text: it can echo request details. */
const errorCode = (body: Buffer): string => {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body.toString('utf8'))?.[1];
  return code ? ` ${code}` : '';
};

export class S3ObjectStore implements ObjectStore {
  readonly description: string;
  readonly stagingDir: string;
  private readonly url: URL;
  private readonly partBytes: number;

  constructor(private readonly settings: S3Settings) {
    this.url = new URL(settings.endpoint);
    if (!['http:', 'https:'].includes(this.url.protocol)) throw new ObjectStoreError(`S3 endpoint must be http(s): ${settings.endpoint}`);
    if (settings.prefix && !settings.prefix.endsWith('/')) throw new ObjectStoreError('S3 key prefix must end with /');
    this.partBytes = settings.partBytes ?? DEFAULT_PART_BYTES;
    if (this.partBytes < 5 * 1024 * 1024) throw new ObjectStoreError('S3 multipart parts must be at least 5 MiB');
    this.description = `S3 bucket ${settings.bucket} at ${this.url.origin}${settings.prefix ? ` (prefix ${settings.prefix})` : ''}`;
    this.stagingDir = settings.stagingDir;
    mkdirSync(path.join(this.stagingDir, 'tmp'), { recursive: true });
  }

  tempPath(): string {
    return path.join(this.stagingDir, 'tmp', randomUUID());
  }

  private keyOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new ObjectStoreError(`not a SHA-256 digest: ${sha256}`);
    return `${this.settings.prefix}objects/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  /** Signs and sends one request; the body is a buffer or a file range (whose SHA-256 the caller passes). */
  private send(method: string, key: string, options: {
    query?: string; headers?: Record<string, string>; body?: Buffer | { file: string; start: number; end: number }; payloadSha256?: string; stream?: true;
  } = {}): Promise<Reply | http.IncomingMessage> {
    const { body } = options;
    const payloadSha256 = options.payloadSha256 ?? (Buffer.isBuffer(body) ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256);
    const length = body === undefined ? 0 : Buffer.isBuffer(body) ? body.length : body.end - body.start + 1;
    const encodedKey = key.split('/').map(encodeURIComponent).join('/');
    const request: aws4.Request = {
      host: this.url.host, method, service: 's3', region: this.settings.region,
      path: `/${encodeURIComponent(this.settings.bucket)}/${encodedKey}${options.query ? `?${options.query}` : ''}`,
      headers: { ...options.headers, 'x-amz-content-sha256': payloadSha256, ...(body !== undefined || method === 'PUT' || method === 'POST' ? { 'content-length': String(length) } : {}) },
      doNotEncodePath: true,
    };
    aws4.sign(request, { accessKeyId: this.settings.accessKeyId, secretAccessKey: this.settings.secretAccessKey });
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request({
        protocol: this.url.protocol, hostname: this.url.hostname, port: this.url.port || undefined,
        method, path: request.path, headers: request.headers as http.OutgoingHttpHeaders, timeout: 60_000,
      }, (res) => {
        if (options.stream && (res.statusCode ?? 0) < 300) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new ObjectStoreError(`${this.description}: no answer within 60 s`)));
      req.on('error', (err) => reject(err instanceof ObjectStoreError ? err : new ObjectStoreError(`${this.description}: ${err.message}`)));
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else createReadStream(body.file, { start: body.start, end: body.end }).on('error', (e) => req.destroy(e)).pipe(req);
    });
  }

  private async call(method: string, key: string, options: Parameters<S3ObjectStore['send']>[2] = {}): Promise<Reply> {
    const reply = (await this.send(method, key, options)) as Reply;
    if (reply.status >= 300 && !(method === 'HEAD' && reply.status === 404)) {
      throw new ObjectStoreError(`${this.description}: ${method} answered ${reply.status}${errorCode(reply.body)}`);
    }
    return reply;
  }

  async size(sha256: string): Promise<number | null> {
    const reply = await this.call('HEAD', this.keyOf(sha256));
    if (reply.status === 404) return null;
    return Number(reply.headers['content-length']);
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    const out = new PassThrough();
    const key = this.keyOf(sha256);
    this.send('GET', key, { headers: range ? { range: `bytes=${range.start}-${range.end}` } : {}, stream: true }).then((reply) => {
      if ('pipe' in reply) {
        reply.on('error', (e) => out.destroy(e));
        reply.pipe(out);
      } else {
        out.destroy(new ObjectStoreError(`${this.description}: GET answered ${reply.status}${errorCode(reply.body)}`));
      }
    }, (err: Error) => out.destroy(err));
    return out;
  }

  async putFile(localPath: string, expectedSha256?: string): Promise<{ sha256: string; sizeBytes: number }> {
    const sizeBytes = statSync(localPath).size;
    const sha256 = sizeBytes === 0 ? EMPTY_SHA256 : await digestOfRange(localPath, 0, sizeBytes - 1);
    if (expectedSha256 && expectedSha256 !== sha256) throw new ObjectStoreError(`the file's SHA-256 is ${sha256}, not the ${expectedSha256} announced`);
    const key = this.keyOf(sha256);
    if ((await this.size(sha256)) === null) {
      if (sizeBytes <= this.partBytes) {
        await this.call('PUT', key, { body: sizeBytes === 0 ? Buffer.alloc(0) : { file: localPath, start: 0, end: sizeBytes - 1 }, payloadSha256: sha256, headers: { 'content-type': 'application/octet-stream' } });
      } else {
        await this.multipart(key, localPath, sizeBytes);
      }
    }
    rmSync(localPath, { force: true });
    return { sha256, sizeBytes };
  }

  private async multipart(key: string, file: string, sizeBytes: number): Promise<void> {
    const started = await this.call('POST', key, { query: 'uploads=', headers: { 'content-type': 'application/octet-stream' } });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(started.body.toString('utf8'))?.[1];
    if (!uploadId) throw new ObjectStoreError(`${this.description}: the multipart upload was not started`);
    const id = encodeURIComponent(uploadId);
    try {
      const parts: string[] = [];
      for (let n = 1, start = 0; start < sizeBytes; n += 1, start += this.partBytes) {
        const end = Math.min(start + this.partBytes, sizeBytes) - 1;
        const reply = await this.call('PUT', key, { query: `partNumber=${n}&uploadId=${id}`, body: { file, start, end }, payloadSha256: await digestOfRange(file, start, end) });
        const etag = reply.headers.etag;
        if (!etag) throw new ObjectStoreError(`${this.description}: part ${n} has no ETag`);
        parts.push(`<Part><PartNumber>${n}</PartNumber><ETag>${etag.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</ETag></Part>`);
      }
      const done = await this.call('POST', key, { query: `uploadId=${id}`, body: Buffer.from(`<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`), headers: { 'content-type': 'application/xml' } });
      // the service may answer 200 with an error in the body once it has started to reply
      if (/<Error>/.test(done.body.toString('utf8'))) throw new ObjectStoreError(`${this.description}: completing the upload failed:${errorCode(done.body)}`);
    } catch (err) {
      await this.call('DELETE', key, { query: `uploadId=${id}` }).catch(() => undefined);
      throw err;
    }
  }

  async putBytes(bytes: Buffer): Promise<{ sha256: string; sizeBytes: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if ((await this.size(sha256)) === null) {
      await this.call('PUT', this.keyOf(sha256), { body: bytes, payloadSha256: sha256, headers: { 'content-type': 'application/octet-stream' } });
    }
    return { sha256, sizeBytes: bytes.length };
  }
}
