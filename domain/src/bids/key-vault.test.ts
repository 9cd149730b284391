import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeyVaultError, isWrapped, loadOpeningKeyVault, openingKeyVault } from './key-vault';

const PKCS8 = 'MC4CAQAwBQYDK2VuBCIEIHh1c2t5IGV4YW1wbGUgbm90IGEgcmVhbCBrZXkgISEh';

describe('the opening-key vault', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'vault-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('wraps with a fresh IV each time and unwraps only for the same section and secret', () => {
    const secret = randomBytes(32);
    const vault = openingKeyVault(secret);
    const a = vault.wrap(7, PKCS8);
    const b = vault.wrap(7, PKCS8);
    expect(a).not.toBe(b);
    expect(isWrapped(a)).toBe(true);
    expect(a).not.toContain(PKCS8);
    expect(vault.unwrap(7, a)).toBe(PKCS8);
    expect(openingKeyVault(Buffer.from(secret)).unwrap(7, b)).toBe(PKCS8);
    expect(() => vault.unwrap(8, a)).toThrow(KeyVaultError);
    expect(() => openingKeyVault(randomBytes(32)).unwrap(7, a)).toThrow(/wrapped under the secret/);
    expect(() => vault.unwrap(7, PKCS8)).toThrow(/is not wrapped/);
  });

  test('GGZY_BID_KEY_SECRET must be 32 bytes of base64; a bad one is refused with a clear message', () => {
    const good = randomBytes(32).toString('base64');
    expect(loadOpeningKeyVault(dir, { GGZY_BID_KEY_SECRET: good }).keyId).toBe(openingKeyVault(Buffer.from(good, 'base64')).keyId);
    for (const bad of ['short', randomBytes(16).toString('base64'), `${good}!`]) {
      expect(() => loadOpeningKeyVault(dir, { GGZY_BID_KEY_SECRET: bad })).toThrow('GGZY_BID_KEY_SECRET must be 32 random bytes in base64');
    }
  });

  test('without the variable a secret is generated once into the data directory (0600) and reused', () => {
    const first = loadOpeningKeyVault(path.join(dir, 'data'), {});
    const file = path.join(dir, 'data', 'bid-key-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = loadOpeningKeyVault(path.join(dir, 'data'), {});
    expect(again.keyId).toBe(first.keyId);
    expect(again.unwrap(1, first.wrap(1, PKCS8))).toBe(PKCS8);
    writeFileSync(file, 'not a secret');
    expect(() => loadOpeningKeyVault(path.join(dir, 'data'), {})).toThrow(/secret file .* must be 32 random bytes/);
  });
});
