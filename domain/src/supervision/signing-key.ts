import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { secretFileOnce, secretFromEnv } from '@ggzy/db';

export interface TrailKey { privateKey: KeyObject | null; publicKey: KeyObject; keyId: string }

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * The Ed25519 key that signs trail checkpoints: GGZY_TRAIL_SIGNING_KEY (a PEM private key, or GGZY_TRAIL_SIGNING_KEY_FILE
 * naming a file of it) when set, else a key
 * generated once into the data directory (mode 0600). It is never stored in the database it protects.
 */
export function loadTrailKey(dataDir: string, env: NodeJS.ProcessEnv = process.env, create = true): TrailKey | null {
  let pem = secretFromEnv('GGZY_TRAIL_SIGNING_KEY', env);
  const file = path.join(dataDir, 'trail-signing-key.pem');
  if (!pem && existsSync(file)) pem = readFileSync(file, 'utf8');
  if (!pem) {
    if (!create) return null;
    // the api and the worker may start at once: one key is created, both sign with it
    pem = secretFileOnce(file, () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

function message(size: number, root: string): Buffer {
  return Buffer.from(`ggzy-trail-checkpoint/v1\n${size}\n${root}`, 'utf8');
}

export function signCheckpoint(key: TrailKey, size: number, root: string): string {
  if (!key.privateKey) throw new Error('no private key to sign with');
  return sign(null, message(size, root), key.privateKey).toString('base64');
}

export function checkpointSignatureValid(key: TrailKey, size: number, root: string, signature: string): boolean {
  try {
    return verify(null, message(size, root), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
