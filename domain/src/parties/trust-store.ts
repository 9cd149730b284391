// The trusted CAs, from a directory (GGZY_TRUST_STORE, default <data dir>/pki/trust): one sub-directory per CA, named
// by its id, holding `ca.pem` (its root certificate), optionally `intermediates.pem`, and its CRLs (`crl*.pem` or
// `crl*.der`). A CA publishes a new CRL every few days: a changed file is read again on the next sign-in after
// `recheckMs`, without a restart; a file that no longer reads keeps the CA as it was last read and is reported.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DerError } from './pki/der';
import { readPemBlocks } from './pki/pem';
import { signedBy, type TrustedCa } from './pki/verify';
import { parseCertificate, parseCrl, type Certificate, type Crl } from './pki/x509';

export class TrustStoreError extends Error {
  override name = 'TrustStoreError';
}

const CA_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const CRL_FILE = /^crl[A-Za-z0-9_.-]*\.(pem|der|crl)$/;

function certificatesIn(file: string): Certificate[] {
  const blocks = readPemBlocks(readFileSync(file, 'utf8')).filter((b) => b.label === 'CERTIFICATE');
  if (!blocks.length) throw new TrustStoreError(`${file}: no PEM certificate in it`);
  return blocks.map((b) => parseCertificate(b.der));
}

function crlsIn(file: string): Crl[] {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) return readPemBlocks(text).filter((b) => b.label === 'X509 CRL').map((b) => parseCrl(b.der));
  return [parseCrl(bytes)];
}

/** Reads one CA's directory; throws a TrustStoreError saying which file is wrong. */
export function readTrustedCa(directory: string, id = path.basename(directory)): TrustedCa {
  const file = (name: string) => path.join(directory, name);
  try {
    const [root, ...extra] = certificatesIn(file('ca.pem'));
    if (extra.length) throw new TrustStoreError(`${file('ca.pem')}: one root certificate expected; put intermediates in intermediates.pem`);
    if (!root!.basicConstraints?.ca || !root!.subject.raw.equals(root!.issuer.raw) || !signedBy(root!, root!)) {
      throw new TrustStoreError(`${file('ca.pem')}: not a self-signed CA certificate`);
    }
    const names = readdirSync(directory);
    const intermediates = names.includes('intermediates.pem') ? certificatesIn(file('intermediates.pem')) : [];
    const crls = names.filter((n) => CRL_FILE.test(n)).sort().flatMap((n) => crlsIn(file(n)));
    return { id, root: root!, intermediates, crls };
  } catch (err) {
    if (err instanceof DerError) throw new TrustStoreError(`${directory}: malformed certificate or CRL (${err.message})`);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new TrustStoreError(`${directory}: ${(err as Error).message}`);
    throw err;
  }
}

/** What a CA's files look like now (names, sizes, modification times): a change means reading them again. */
function stampOf(directory: string): string {
  return readdirSync(directory).filter((n) => n === 'ca.pem' || n === 'intermediates.pem' || CRL_FILE.test(n)).sort()
    .map((n) => {
      const s = statSync(path.join(directory, n));
      return `${n}:${s.size}:${s.mtimeMs}`;
    }).join('|');
}

export interface TrustStore {
  readonly directory: string;
  /** The trusted CAs now (re-read where their files changed). */
  cas(): readonly TrustedCa[];
}

export interface TrustStoreOptions {
  /** How often the files are looked at again, at most (milliseconds). */
  recheckMs?: number;
  /** Where a CA that no longer reads is reported (it keeps its last good state). */
  warn?: (message: string) => void;
}

/**
 * Loads the trust store; an unreadable CA at load is an error (bad configuration ends the start with a clear message).
 * A missing directory is an empty store: no certificate signs in.
 */
export function loadTrustStore(directory: string, options: TrustStoreOptions = {}): TrustStore {
  const recheckMs = options.recheckMs ?? 5_000;
  const warn = options.warn ?? (() => undefined);
  const loaded = new Map<string, { stamp: string; ca: TrustedCa }>();
  let checkedAt = 0;

  function scan(strict: boolean): void {
    let entries: string[];
    try {
      entries = readdirSync(directory, { withFileTypes: true }).filter((d) => d.isDirectory() && CA_ID.test(d.name)).map((d) => d.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new TrustStoreError(`${directory}: ${(err as Error).message}`);
      entries = [];
    }
    for (const id of [...loaded.keys()]) if (!entries.includes(id)) loaded.delete(id);
    for (const id of entries.sort()) {
      const caDir = path.join(directory, id);
      try {
        const stamp = stampOf(caDir);
        if (loaded.get(id)?.stamp === stamp) continue;
        loaded.set(id, { stamp, ca: readTrustedCa(caDir, id) });
      } catch (err) {
        if (strict) throw err;
        warn(`trust store: ${(err as Error).message}; keeping CA ${id} as last read`);
      }
    }
  }

  scan(true);
  checkedAt = Date.now();
  return {
    directory,
    cas() {
      if (Date.now() - checkedAt >= recheckMs) {
        checkedAt = Date.now();
        scan(false);
      }
      return [...loaded.values()].map((entry) => entry.ca);
    },
  };
}

/** A store of CAs given directly (tests, tools). */
export function fixedTrustStore(cas: readonly TrustedCa[]): TrustStore {
  return { directory: '(in memory)', cas: () => cas };
}
