// The keys the workflow engine's payloads are sealed with. Temporal keeps every workflow input, result, Update, signal
// and failure in its own database and shows them in its Web UI; the platform's workers and clients seal them
// (AES-256-GCM, see payload-cipher.ts) so that neither a dump of that database nor the UI shows a deal's title, its
// parties' credit codes and bank accounts or a bid's price. The keys live outside both databases:
//   GGZY_PAYLOAD_KEYS = "id:base64key,id:base64key,…" (or the file GGZY_PAYLOAD_KEYS_FILE names): the first seals,
//   all of them open, so a key is rotated by putting a new one first and dropped only once no history needs it;
//   unset: a key generated once into the data directory (mode 0600), like the bid key secret.
// Every process that talks to the same Temporal namespace must hold the same keys.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, secretFromEnv } from './config';
import { secretFileOnce } from './secret-file';

export const PAYLOAD_KEYS_VARIABLE = 'GGZY_PAYLOAD_KEYS';
const KEY_FILE = 'payload-keys';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface PayloadKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The configured keys: `active` seals, every key in `byId` opens. `source` says where they came from (never the keys). */
export interface PayloadKeyRing {
  readonly active: PayloadKey;
  readonly byId: ReadonlyMap<string, PayloadKey>;
  readonly source: string;
}

/** Parses `id:base64key,…` (spaces and new lines between entries allowed); every problem names `where`. */
export function parsePayloadKeys(text: string, where: string): PayloadKeyRing {
  const entries = text.split(/[,\s]+/).filter(Boolean);
  if (entries.length === 0) throw new ConfigError(`${where} holds no key: give at least one as id:base64key (e.g. k1:$(openssl rand -base64 32))`);
  const keys: PayloadKey[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KEY_ID.test(id)) throw new ConfigError(`${where}: every key is id:base64key with an id of letters, digits, _ or - (at most 32)`);
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) throw new ConfigError(`${where}: the key "${id}" must be 32 random bytes in base64 (openssl rand -base64 32)`);
    if (keys.some((k) => k.id === id)) throw new ConfigError(`${where}: the key id "${id}" is given twice`);
    keys.push({ id, key });
  }
  return { active: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])), source: where };
}

/** A fresh key file's content: one key whose id says when it was made. */
function newKeyLine(now: Date): string {
  return `k${now.toISOString().slice(0, 10).replace(/-/g, '')}:${randomBytes(32).toString('base64')}\n`;
}

/**
 * The ring from GGZY_PAYLOAD_KEYS (or GGZY_PAYLOAD_KEYS_FILE), else from — or, the first time, newly into — the data
 * directory's `payload-keys` file. The api and the worker may start at once: whoever creates the file first wins and
 * the other reads it.
 */
export function loadPayloadKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env, now = new Date()): PayloadKeyRing {
  return loadKeyRing(dataDir, PAYLOAD_KEYS_VARIABLE, KEY_FILE, env, now);
}

/**
 * A key ring of the same shape for another purpose (e.g. the second factor's secrets): `variable` (or `variable_FILE`)
 * if set, else the data directory's `file`, made once with one fresh key (0600).
 */
export function loadKeyRing(dataDir: string, variable: string, fileName: string, env: NodeJS.ProcessEnv = process.env, now = new Date()): PayloadKeyRing {
  const configured = secretFromEnv(variable, env);
  if (configured) return parsePayloadKeys(configured, env[`${variable}_FILE`] ? `${variable}_FILE` : variable);
  const file = path.join(dataDir, fileName);
  return parsePayloadKeys(secretFileOnce(file, () => newKeyLine(now)), `the key file ${file} (${variable} unset)`);
}
