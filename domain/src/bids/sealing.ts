// Sealed bid prices. Each section has an X25519 key pair: a submission seals its price to the public half (an
// ephemeral key agreement, HKDF-SHA256, AES-256-GCM), so writing a bid never needs the private half, which only the
// opening reads (and which is stored wrapped under a secret outside the database: see key-vault.ts). The authenticated data binds a sealed price to its section, bid, version and document hash: a
// sealed price moved to another bid, or edited, no longer opens.
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { BidOpeningKey, BidSealingKey } from '@ggzy/db';
import { isWrapped, type OpeningKeyVault } from './key-vault';

export const SEALING_ALGORITHM = 'X25519-HKDF-SHA256-AES-256-GCM';
const VERSION = 'v1';
const INFO = 'ggzy sealed bid price v1';

export interface SealedFor {
  sectionId: number;
  bidId: number;
  version: number;
  documentSha256: string;
}

const aad = (s: SealedFor) => Buffer.from(`${s.sectionId}|${s.bidId}|${s.version}|${s.documentSha256}`, 'utf8');

function contentKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), INFO, 32));
}

export function newSectionKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

/** "v1.<ephemeral public key>.<iv>.<ciphertext>.<tag>", each part base64. */
export function sealPrice(publicKey: string, priceFen: number, sealedFor: SealedFor): string {
  const recipientDer = Buffer.from(publicKey, 'base64');
  const recipient = createPublicKey({ key: recipientDer, format: 'der', type: 'spki' });
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralDer = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
  const key = contentKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralDer, recipientDer);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(sealedFor));
  const ciphertext = Buffer.concat([cipher.update(String(priceFen), 'utf8'), cipher.final()]);
  return [VERSION, ephemeralDer, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join('.');
}

/** The sealed price, or null when the seal does not open (edited, moved, or sealed to another key). */
export function openSealedPrice(privateKey: string, publicKey: string, sealed: string, sealedFor: SealedFor): number | null {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  try {
    const [ephemeralDer, iv, ciphertext, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64')) as [Buffer, Buffer, Buffer, Buffer];
    const own = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const ephemeral = createPublicKey({ key: ephemeralDer, format: 'der', type: 'spki' });
    const key = contentKey(diffieHellman({ privateKey: own, publicKey: ephemeral }), ephemeralDer, Buffer.from(publicKey, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(sealedFor));
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    const price = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(price) ? price : null;
  } catch {
    return null;
  }
}

/** The public half of the section's sealing key, created with its private half on the section's first submission. */
export async function sectionSealingKey(trx: Knex, sectionId: number, at: Date, vault: OpeningKeyVault): Promise<string> {
  const existing = await BidSealingKey.query(trx).findById(sectionId).select('public_key');
  if (existing) return existing.public_key;
  const pair = newSectionKeyPair();
  await BidSealingKey.query(trx).insert({ section_id: sectionId, algorithm: SEALING_ALGORITHM, public_key: pair.publicKey, created_at: at.toISOString() });
  // plain knex, like the rewrap below: the only two writes of a private opening key are audited by their text (bids.test.ts)
  await trx('bid_opening_keys').insert({ section_id: sectionId, private_key: vault.wrap(sectionId, pair.privateKey) });
  return pair.publicKey;
}

/**
 * Wraps opening keys stored before keys were wrapped (databases from earlier versions), in one transaction; the
 * worker runs it at start. Returns how many it wrapped.
 */
export async function wrapStoredOpeningKeys(db: Knex, vault: OpeningKeyVault): Promise<number> {
  return db.transaction(async (trx) => {
    const rows = await BidOpeningKey.query(trx).select('section_id', 'private_key');
    let wrapped = 0;
    for (const row of rows) {
      if (isWrapped(row.private_key)) continue;
      const sectionId = Number(row.section_id);
      await trx('bid_opening_keys').where('section_id', sectionId).update({ private_key: vault.wrap(sectionId, row.private_key) });
      wrapped++;
    }
    return wrapped;
  });
}
