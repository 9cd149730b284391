// The sealed expert list encrypted at rest (名单密封存储): until experts.unseal, who was drawn (the member rows'
// expert), the draw's seed (which replays the draw) and the invitation messages (the expert's name and mobile) are
// kept encrypted, so neither a database reader nor a dump can tell who sits on a committee before the evaluation.
//
// Envelope encryption: every draw has its own random data key; the stored copy of it is wrapped by a master key
// that lives outside the database (GGZY_SEAL_KEYS, else a key generated once into the data directory). Rotating the
// master key re-wraps the data keys only (rewrapSealedDraws); the sealed fields stay as they are.
//
// Cipher: SM4 (GB/T 32907, the block cipher 密评 expects) in CTR mode with HMAC-SM3 (GB/T 32905) over the
// ciphertext — encrypt-then-MAC, because this Node/OpenSSL offers no SM4-GCM. Every ciphertext is bound to what it
// belongs to (the draw, the member's group and rank, the message's key), so a sealed value copied to another row
// does not open there.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { loadKeyRing, loadRuntimeConfig, type PayloadKeyRing } from '@ggzy/db';

export const SEAL_KEYS_VARIABLE = 'GGZY_SEAL_KEYS';
export const SEAL_KEYS_FILE = 'seal-keys';
const WRAPPED = 'sk1';
const SEALED = 'sf1';

/** A failure to open sealed data: a configuration problem (the wrong or a missing master key) or altered data. */
export class SealError extends Error {
  constructor(readonly code: 'SEAL_KEY_UNKNOWN' | 'SEAL_KEY_WRONG' | 'SEALED_DATA_INVALID', message: string) {
    super(message);
    this.name = 'SealError';
  }
}

interface SubKeys { enc: Buffer; mac: Buffer }

/** Sub-keys derived once per key object: a draw seals a dozen values and opens as many under the same data key. */
const derived = new WeakMap<Buffer, SubKeys>();

function subKeys(key: Buffer): SubKeys {
  let keys = derived.get(key);
  if (!keys) {
    keys = {
      enc: createHmac('sm3', key).update('ggzy sealed list|sm4-ctr').digest().subarray(0, 16),
      mac: createHmac('sm3', key).update('ggzy sealed list|hmac-sm3').digest(),
    };
    derived.set(key, keys);
  }
  return keys;
}

function tagOf(keys: SubKeys, format: string, aad: string, iv: Buffer, body: Buffer): Buffer {
  const mac = createHmac('sm3', keys.mac);
  for (const part of [Buffer.from(format), Buffer.from(aad, 'utf8'), iv, body]) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    mac.update(length).update(part);
  }
  return mac.digest();
}

function encrypt(key: Buffer, format: string, aad: string, plain: Buffer): [string, string, string] {
  const keys = subKeys(key);
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-ctr', keys.enc, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [iv.toString('base64'), body.toString('base64'), tagOf(keys, format, aad, iv, body).toString('base64')];
}

/** Answers the plaintext, or null when the tag does not match (another key, or altered data). */
function decrypt(key: Buffer, format: string, aad: string, iv64: string, body64: string, tag64: string): Buffer | null {
  const keys = subKeys(key);
  const iv = Buffer.from(iv64, 'base64');
  const body = Buffer.from(body64, 'base64');
  const tag = Buffer.from(tag64, 'base64');
  const expected = tagOf(keys, format, aad, iv, body);
  if (iv.length !== 16 || tag.length !== expected.length || !timingSafeEqual(tag, expected)) return null;
  const decipher = createDecipheriv('sm4-ctr', keys.enc, iv);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

const drawAad = (drawId: number) => `ggzy expert draw data key|draw:${drawId}`;

export function isSealedValue(stored: string | null | undefined): stored is string {
  return typeof stored === 'string' && stored.startsWith(`${SEALED}.`);
}

/** Seals one value of a draw under its data key; `aad` names what the value is (bound into the tag). */
export function sealValue(dataKey: Buffer, aad: string, plain: string): string {
  return [SEALED, ...encrypt(dataKey, SEALED, aad, Buffer.from(plain, 'utf8'))].join('.');
}

export function openValue(dataKey: Buffer, aad: string, sealed: string): string {
  const parts = sealed.split('.');
  const plain = parts.length === 4 && parts[0] === SEALED ? decrypt(dataKey, SEALED, aad, parts[1]!, parts[2]!, parts[3]!) : null;
  if (!plain) throw new SealError('SEALED_DATA_INVALID', `the sealed value "${aad}" does not open under its draw's key: altered, or copied from another row`);
  return plain.toString('utf8');
}

/** What is bound into each sealed value of a draw. */
export const sealedAad = {
  seed: (drawId: number) => `draw:${drawId}|seed`,
  member: (drawId: number, groupNo: number, rank: number) => `draw:${drawId}|member:${groupNo}/${rank}|expert`,
  message: (drawId: number, idempotencyKey: string) => `draw:${drawId}|message:${idempotencyKey}`,
};

export interface ListSealer {
  /** The id of the master key new data keys are wrapped with. */
  readonly activeKeyId: string;
  /** A fresh data key for a draw and its wrapped form to store beside the draw. */
  newDataKey(drawId: number): { dataKey: Buffer; wrapped: string };
  /** The data key of a draw from its stored wrapped form; fails with a SealError naming the master key. */
  unwrap(drawId: number, wrapped: string): Buffer;
  /** The same data key wrapped again with the active master key (rotation). */
  rewrap(drawId: number, wrapped: string): string;
}

export function listSealer(ring: PayloadKeyRing): ListSealer {
  const wrap = (drawId: number, dataKey: Buffer) => [WRAPPED, ring.active.id, ...encrypt(ring.active.key, WRAPPED, drawAad(drawId), dataKey)].join('.');
  const unwrap = (drawId: number, wrapped: string): Buffer => {
    const parts = wrapped.split('.');
    if (parts.length !== 5 || parts[0] !== WRAPPED) throw new SealError('SEALED_DATA_INVALID', `the data key of expert draw ${drawId} is not in the wrapped form`);
    const [, keyId, iv, body, tag] = parts as [string, string, string, string, string];
    const master = ring.byId.get(keyId);
    if (!master) {
      throw new SealError('SEAL_KEY_UNKNOWN', `the list of expert draw ${drawId} is sealed under the master key "${keyId}", which ${ring.source} does not hold (check ${SEAL_KEYS_VARIABLE})`);
    }
    const dataKey = decrypt(master.key, WRAPPED, drawAad(drawId), iv, body, tag);
    if (!dataKey || dataKey.length !== 32) {
      throw new SealError('SEAL_KEY_WRONG', `the data key of expert draw ${drawId} does not unwrap with the master key "${keyId}" of ${ring.source}: another key under that id, or the stored key was altered (check ${SEAL_KEYS_VARIABLE})`);
    }
    return dataKey;
  };
  return {
    activeKeyId: ring.active.id,
    newDataKey(drawId) {
      const dataKey = randomBytes(32);
      return { dataKey, wrapped: wrap(drawId, dataKey) };
    },
    unwrap,
    rewrap: (drawId, wrapped) => wrap(drawId, unwrap(drawId, wrapped)),
  };
}

/** The sealer from GGZY_SEAL_KEYS (`id:base64key,…`, the first wraps, all unwrap; or GGZY_SEAL_KEYS_FILE), else the data directory's key file. */
export function loadListSealer(dataDir: string, env: NodeJS.ProcessEnv = process.env): ListSealer {
  return listSealer(loadKeyRing(dataDir, SEAL_KEYS_VARIABLE, SEAL_KEYS_FILE, env));
}

let fallback: ListSealer | null = null;

/** The sealer of this process's configuration, for callers that pass none (loaded once). */
export function defaultListSealer(): ListSealer {
  fallback ??= loadListSealer(loadRuntimeConfig().dataDir);
  return fallback;
}
