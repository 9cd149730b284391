import { randomBytes } from 'node:crypto';
import { PayloadCipher, PayloadSealError, SEALED_ENCODING, type EnginePayload } from './payload-cipher';
import { parsePayloadKeys } from './payload-keys';

const key = () => randomBytes(32).toString('base64');
const json = (value: unknown): EnginePayload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const BUSINESS = { title: '东湖市第一中学教学楼新建工程施工', creditCode: '91990100MA1000001X', basicAccount: '62220000000001', priceFen: 970000000 };

describe('the payload cipher (AES-256-GCM over the whole payload)', () => {
  const [k1, k2] = [key(), key()];
  const ring1 = parsePayloadKeys(`k1:${k1}`, 'GGZY_PAYLOAD_KEYS');

  test('a sealed payload shows neither its data nor its encoding, names its key, and opens to the original', async () => {
    const cipher = new PayloadCipher(ring1);
    const original = json(BUSINESS);
    const [sealed] = await cipher.encode([original]);
    expect(text(sealed!.metadata!.encoding)).toBe(SEALED_ENCODING);
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('k1');
    const raw = Buffer.concat([...Object.values(sealed!.metadata!), sealed!.data!].map((b) => Buffer.from(b)));
    for (const needle of [BUSINESS.title, BUSINESS.creditCode, BUSINESS.basicAccount, String(BUSINESS.priceFen), 'json/plain']) {
      expect(raw.includes(Buffer.from(needle))).toBe(false);
    }
    const [opened] = await cipher.decode([sealed!]);
    expect(text(opened!.metadata!.encoding)).toBe('json/plain');
    expect(JSON.parse(text(opened!.data))).toEqual(BUSINESS);
  });

  test('every sealing uses a fresh nonce: the same value seals differently', async () => {
    const cipher = new PayloadCipher(ring1);
    const [a, b] = await cipher.encode([json(BUSINESS), json(BUSINESS)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  test('empty and metadata-only payloads (undefined, binary/null) survive the round trip', async () => {
    const cipher = new PayloadCipher(ring1);
    const nullish: EnginePayload = { metadata: { encoding: Buffer.from('binary/null') } };
    const many: EnginePayload = { metadata: { encoding: Buffer.from('json/plain'), messageType: Buffer.from('x'.repeat(70_000)) }, data: Buffer.alloc(0) };
    const [a, b] = await cipher.decode(await cipher.encode([nullish, many]));
    expect(text(a!.metadata!.encoding)).toBe('binary/null');
    expect(a!.data!.length).toBe(0);
    expect(text(b!.metadata!.messageType)).toBe('x'.repeat(70_000));
  });

  test('data that lost its typed-array shape (a plain object of numbered bytes) seals as its bytes; a non-byte value is refused', async () => {
    const cipher = new PayloadCipher(ring1);
    const shapeless = { metadata: { encoding: Buffer.from('json/plain') }, data: { ...Buffer.from('"stop"') } as unknown as Uint8Array };
    const [opened] = await cipher.decode(await cipher.encode([shapeless, { metadata: { encoding: Buffer.from('binary/null') }, data: {} as unknown as Uint8Array }]));
    expect(text(opened!.data)).toBe('"stop"');
    await expect(cipher.encode([{ metadata: {}, data: 'text' as unknown as Uint8Array }])).rejects.toThrow(/data is not bytes \(string\)/);
  });

  test('rotation: a new active key seals, the old key still opens what it sealed', async () => {
    const [sealedByOld] = await new PayloadCipher(ring1).encode([json(BUSINESS)]);
    const rotated = new PayloadCipher(parsePayloadKeys(`k2:${k2},k1:${k1}`, 'GGZY_PAYLOAD_KEYS'));
    const [sealedByNew] = await rotated.encode([json(BUSINESS)]);
    expect(text(sealedByNew!.metadata!['encryption-key-id'])).toBe('k2');
    const [a, b] = await rotated.decode([sealedByOld!, sealedByNew!]);
    expect(JSON.parse(text(a!.data))).toEqual(BUSINESS);
    expect(JSON.parse(text(b!.data))).toEqual(BUSINESS);
  });

  test('a key removed while a payload still needs it: a clear error naming the key id and the variable', async () => {
    const [sealedByOld] = await new PayloadCipher(ring1).encode([json(BUSINESS)]);
    const withoutOld = new PayloadCipher(parsePayloadKeys(`k2:${k2}`, 'GGZY_PAYLOAD_KEYS'));
    await expect(withoutOld.decode([sealedByOld!])).rejects.toThrow(PayloadSealError);
    await expect(withoutOld.decode([sealedByOld!])).rejects.toThrow(/sealed with the key "k1", which GGZY_PAYLOAD_KEYS does not hold .*k2.*add "k1" back/);
  });

  test('a tampered payload does not open: altered ciphertext, tag, or key id', async () => {
    const cipher = new PayloadCipher(parsePayloadKeys(`k2:${k2},k1:${k1}`, 'GGZY_PAYLOAD_KEYS'));
    const [sealed] = await cipher.encode([json(BUSINESS)]);
    const flip = (at: number) => {
      const data = Buffer.from(sealed!.data!);
      data[at] = data[at]! ^ 0x01;
      return { metadata: sealed!.metadata, data };
    };
    await expect(cipher.decode([flip(20)])).rejects.toThrow(/sealed with the key "k2" does not open: it was altered/);
    await expect(cipher.decode([flip(sealed!.data!.length - 1)])).rejects.toThrow(/does not open/);
    const relabelled = { metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('k1') }, data: sealed!.data };
    await expect(cipher.decode([relabelled])).rejects.toThrow(/sealed with the key "k1" does not open/);
    await expect(cipher.decode([{ metadata: sealed!.metadata, data: Buffer.alloc(10) }])).rejects.toThrow(/cut short/);
  });

  test('a payload it did not seal (a history from before) passes unchanged', async () => {
    const plain = json({ old: true });
    const [out] = await new PayloadCipher(ring1).decode([plain]);
    expect(out).toBe(plain);
  });
});
