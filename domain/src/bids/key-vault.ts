// The private opening keys of sealed bids are kept wrapped (AES-256-GCM) under a key-encryption secret that lives
// outside the database: GGZY_BID_KEY_SECRET (32 bytes, base64) in production, else a secret generated once into the
// data directory (mode 0600). Whoever reads or dumps the database cannot open a bid before the opening; a wrapped
// key is bound to its section, so copying it to another section does not open that one either.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadRuntimeConfig, secretFileOnce, secretFromEnv } from '@ggzy/db';

const FORMAT = 'kw1';
const SECRET_FILE = 'bid-key-secret';

export class KeyVaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyVaultError';
  }
}

export interface OpeningKeyVault {
  /** Names the secret (a hash prefix, never the secret): a wrapped key records which secret wrapped it. */
  readonly keyId: string;
  wrap(sectionId: number, privateKey: string): string;
  unwrap(sectionId: number, wrapped: string): string;
}

const aad = (sectionId: number) => Buffer.from(`ggzy bid opening key|section:${sectionId}`, 'utf8');

export function isWrapped(stored: string): boolean {
  return stored.startsWith(`${FORMAT}.`);
}

export function openingKeyVault(secret: Buffer): OpeningKeyVault {
  if (secret.length !== 32) throw new KeyVaultError(`the bid key secret must be 32 bytes (it is ${secret.length})`);
  const key = Buffer.from(secret);
  const keyId = createHash('sha256').update('ggzy bid key id|').update(key).digest('hex').slice(0, 16);
  return {
    keyId,
    wrap(sectionId, privateKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(sectionId));
      const body = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final()]);
      return [FORMAT, keyId, iv.toString('base64'), body.toString('base64'), cipher.getAuthTag().toString('base64')].join('.');
    },
    unwrap(sectionId, wrapped) {
      const parts = wrapped.split('.');
      if (parts.length !== 5 || parts[0] !== FORMAT) throw new KeyVaultError(`the opening key of section ${sectionId} is not wrapped`);
      const [, id, iv, body, tag] = parts as [string, string, string, string, string];
      if (id !== keyId) {
        throw new KeyVaultError(`the opening key of section ${sectionId} was wrapped under the secret ${id}; this worker has ${keyId} (check GGZY_BID_KEY_SECRET)`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(aad(sectionId));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new KeyVaultError(`the opening key stored for section ${sectionId} does not unwrap (altered, or copied from another section)`);
      }
    },
  };
}

function decodeSecret(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const secret = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (secret.length !== 32) throw new KeyVaultError(`${where} must be 32 random bytes in base64 (e.g. openssl rand -base64 32)`);
  return secret;
}

/** The vault from GGZY_BID_KEY_SECRET (or the file GGZY_BID_KEY_SECRET_FILE names), else from (or newly into) the data directory's secret file. */
export function loadOpeningKeyVault(dataDir: string, env: NodeJS.ProcessEnv = process.env): OpeningKeyVault {
  const configured = secretFromEnv('GGZY_BID_KEY_SECRET', env);
  if (configured) return openingKeyVault(decodeSecret(configured, 'GGZY_BID_KEY_SECRET'));
  const file = path.join(dataDir, SECRET_FILE);
  // the api and the workers may start at once: one of them creates it, all read the same
  return openingKeyVault(decodeSecret(secretFileOnce(file, () => `${randomBytes(32).toString('base64')}\n`), `the secret file ${file}`));
}

let fallback: OpeningKeyVault | null = null;

/** The vault of this process's configuration, for callers that pass none (loaded once). */
export function defaultOpeningKeyVault(): OpeningKeyVault {
  fallback ??= loadOpeningKeyVault(loadRuntimeConfig().dataDir);
  return fallback;
}
