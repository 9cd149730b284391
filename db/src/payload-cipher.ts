// The workflow engine's payload codec: every payload a client or a worker hands to Temporal (workflow inputs and
// results, activity arguments and results, Updates, signals, queries and their answers, failure messages and stack
// traces once the failure converter moves them into a payload) is sealed with AES-256-GCM before it leaves the
// process, and opened when it comes back. The whole payload is sealed — its metadata too, so not even the encoding
// shows — and the key id travels in clear in the metadata, so a ring of keys can be rotated.
//
// Written against the shape of Temporal's Payload (metadata: string → bytes, data: bytes) rather than its types, as
// the rest of this package is; it is Temporal's PayloadCodec all the same. It runs outside the workflow sandbox (the
// SDK applies codecs in the worker's main thread), so the workflow bundle never sees node:crypto.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PAYLOAD_KEYS_VARIABLE, type PayloadKeyRing } from './payload-keys';

/** Temporal's Payload message as the codec sees it. */
export interface EnginePayload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

export const SEALED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'ggzy-aes-256-gcm-v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadSealError extends Error {
  override name = 'PayloadSealError';
}

const utf8 = (bytes: Uint8Array | undefined) => (bytes ? bytesOf(bytes, 'metadata').toString('utf8') : undefined);

/** Binds the ciphertext to its key id and format: a payload relabelled with another key id does not open. */
const aad = (keyId: string) => Buffer.from(`${CIPHER}|${keyId}`, 'utf8');

/**
 * The bytes of a metadata value or of the data. Temporal hands typed arrays (possibly of another realm: the workflow
 * sandbox's); a value that lost its typed-array shape on the way (copied as a plain object of numbered bytes) is
 * taken byte by byte; anything else is refused rather than sealed wrongly.
 */
function bytesOf(value: unknown, what: string): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (typeof value === 'object' && Object.values(value).every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Buffer.from(Object.values(value) as number[]);
  throw new PayloadSealError(`a workflow payload's ${what} is not bytes (${typeof value}); it was not sealed`);
}

/** metadata and data as one byte string: u16 count, then per entry u16 name length, name, u32 value length, value; then data. */
function frame(payload: EnginePayload): Buffer {
  const entries = Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, bytesOf(value, `metadata ${name}`)] as const);
  const parts: Buffer[] = [];
  const count = Buffer.alloc(2);
  count.writeUInt16BE(entries.length);
  parts.push(count);
  for (const [name, value] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(6);
    head.writeUInt16BE(nameBytes.length, 0);
    head.writeUInt32BE(value.length, 2);
    parts.push(head.subarray(0, 2), nameBytes, head.subarray(2), value);
  }
  parts.push(bytesOf(payload.data, 'data'));
  return Buffer.concat(parts);
}

function unframe(bytes: Buffer): EnginePayload {
  let at = 0;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new PayloadSealError('a sealed workflow payload is cut short');
    const part = bytes.subarray(at, at + n);
    at += n;
    return part;
  };
  const metadata: Record<string, Uint8Array> = {};
  const count = take(2).readUInt16BE();
  for (let i = 0; i < count; i++) {
    const name = take(take(2).readUInt16BE()).toString('utf8');
    metadata[name] = take(take(4).readUInt32BE());
  }
  return { metadata, data: bytes.subarray(at) };
}

/** Temporal's PayloadCodec over a key ring: seals with the active key, opens with whichever key a payload names. */
export class PayloadCipher {
  constructor(private readonly keys: PayloadKeyRing) {}

  async encode(payloads: EnginePayload[]): Promise<EnginePayload[]> {
    return payloads.map((p) => this.seal(p));
  }

  async decode(payloads: EnginePayload[]): Promise<EnginePayload[]> {
    return payloads.map((p) => this.open(p));
  }

  seal(payload: EnginePayload): EnginePayload {
    const { id, key } = this.keys.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(id));
    const body = Buffer.concat([iv, cipher.update(frame(payload)), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: Buffer.from(SEALED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(id),
        [CIPHER_METADATA]: Buffer.from(CIPHER),
      },
      data: body,
    };
  }

  /**
   * A payload this codec did not seal (recorded before the platform sealed payloads, or a committed history) passes
   * as it is: those histories still replay and their deals carry on, and everything written from now on is sealed.
   */
  open(payload: EnginePayload): EnginePayload {
    const metadata = payload.metadata ?? {};
    if (utf8(metadata.encoding) !== SEALED_ENCODING || utf8(metadata[CIPHER_METADATA]) !== CIPHER) return payload;
    const id = utf8(metadata[KEY_ID_METADATA]) ?? '';
    const found = this.keys.byId.get(id);
    if (!found) {
      throw new PayloadSealError(`a workflow payload is sealed with the key "${id}", which ${PAYLOAD_KEYS_VARIABLE} does not hold `
        + `(the keys from ${this.keys.source} are ${[...this.keys.byId.keys()].join(', ')}): add "${id}" back after the active key — `
        + 'a key must stay as long as a history sealed with it is kept');
    }
    const body = Buffer.from(payload.data ?? new Uint8Array());
    if (body.length < IV_BYTES + TAG_BYTES) throw new PayloadSealError(`a workflow payload sealed with the key "${id}" is cut short`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', found.key, body.subarray(0, IV_BYTES));
      decipher.setAAD(aad(id));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return unframe(Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]));
    } catch (err) {
      if (err instanceof PayloadSealError) throw err;
      throw new PayloadSealError(`a workflow payload sealed with the key "${id}" does not open: it was altered, or sealed with another key of that id`);
    }
  }
}
