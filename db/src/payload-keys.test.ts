import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from './config';
import { loadPayloadKeys, parsePayloadKeys } from './payload-keys';

const key = () => randomBytes(32).toString('base64');

describe('the payload key ring', () => {
  test('GGZY_PAYLOAD_KEYS: the first key seals, every key opens', () => {
    const [a, b] = [key(), key()];
    const ring = loadPayloadKeys('/nonexistent', { GGZY_PAYLOAD_KEYS: `k2:${a}, k1:${b}` });
    expect(ring.active.id).toBe('k2');
    expect(ring.active.key.toString('base64')).toBe(a);
    expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
    expect(ring.source).toBe('GGZY_PAYLOAD_KEYS');
  });

  test('GGZY_PAYLOAD_KEYS_FILE: the keys from a file, one a line; setting both is refused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-keys-'));
    const file = path.join(dir, 'payload-keys');
    writeFileSync(file, `new:${key()}\nold:${key()}\n`);
    const ring = loadPayloadKeys(dir, { GGZY_PAYLOAD_KEYS_FILE: file });
    expect(ring.active.id).toBe('new');
    expect(ring.byId.has('old')).toBe(true);
    expect(ring.source).toBe('GGZY_PAYLOAD_KEYS_FILE');
    expect(() => loadPayloadKeys(dir, { GGZY_PAYLOAD_KEYS_FILE: file, GGZY_PAYLOAD_KEYS: `k:${key()}` })).toThrow('set GGZY_PAYLOAD_KEYS or GGZY_PAYLOAD_KEYS_FILE, not both');
  });

  test.each([
    ['a key without an id', () => key(), /every key is id:base64key/],
    ['a short key', () => `k1:${randomBytes(16).toString('base64')}`, /the key "k1" must be 32 random bytes in base64/],
    ['a key that is not base64', () => 'k1:not*base64', /the key "k1" must be 32 random bytes/],
    ['an id given twice', () => `k1:${key()},k1:${key()}`, /the key id "k1" is given twice/],
    ['an id with a colon-free junk', () => `k 1:${key()}`, /every key is id:base64key/],
  ])('%s is refused with a message naming the variable and never the key', (_what, value, message) => {
    const text = value();
    let error: Error | undefined;
    try {
      loadPayloadKeys('/nonexistent', { GGZY_PAYLOAD_KEYS: text });
    } catch (err) {
      error = err as Error;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(message);
    expect(error!.message).toMatch(/^GGZY_PAYLOAD_KEYS/);
    for (const part of text.split(/[,:]/)) if (part.length > 8) expect(error!.message).not.toContain(part);
  });

  test('unset: one key generated once into the data directory (0600), then read back', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ggzy-keys-')), 'data');
    const first = loadPayloadKeys(dir, {}, new Date('2026-03-04T10:00:00Z'));
    const file = path.join(dir, 'payload-keys');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.active.id).toBe('k20260304');
    expect(first.source).toContain(file);
    const again = loadPayloadKeys(dir, {});
    expect(again.active.key.equals(first.active.key)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^k20260304:[A-Za-z0-9+/]{43}=\n$/);
  });

  test('an empty ring is refused', () => {
    expect(() => parsePayloadKeys(' , ', 'GGZY_PAYLOAD_KEYS')).toThrow(/GGZY_PAYLOAD_KEYS holds no key/);
  });
});
