import { createHash, randomBytes } from 'node:crypto';
import { sm2 } from 'sm-crypto';
import { generateSigningKey, privateKeyInfo, publicKeyInfo, type SigningKey } from '../parties/pki/issue';
import { signData, verifySignature } from '../parties/pki/signatures';
import {
  envelopeSigningText, openBid, openBidderShare, openPlatformShare, sealBid, sm2Decrypt, sm2Encrypt, EnvelopeError, type BidContent, type RecipientKey, type ShareKey,
} from './envelope';
import { newSectionKeyPair } from './sealing';

const CONTENT: BidContent = {
  priceFen: 987_654_321, durationDays: 540, commitments: ['质量合格', '安全文明施工'],
  documents: [{ name: '投标文件.pdf', sha256: 'ab'.repeat(32), sizeBytes: 12_345_678 }],
};
const SECTION = '990100-2026-JS-00001-01';
const BIDDER = '91990100MA0000101X';

function keysOf(key: SigningKey): { recipient: RecipientKey; share: ShareKey; spki: Uint8Array } {
  const spki = publicKeyInfo(key);
  const fingerprint = createHash('sha256').update(spki).digest('hex');
  if (key.algorithm === 'ec-p256') {
    return { recipient: { algorithm: 'ec-p256', spki, certificateFingerprint: fingerprint }, share: { algorithm: 'ec-p256', pkcs8: privateKeyInfo(key) }, spki };
  }
  return { recipient: { algorithm: 'sm2', point: Buffer.from(key.point, 'hex'), certificateFingerprint: fingerprint }, share: { algorithm: 'sm2', d: Buffer.from(key.d, 'hex') }, spki };
}

describe.each(['ec-p256', 'sm2'] as const)('the sealed bid envelope, bidder key %s', (algorithm) => {
  const platform = newSectionKeyPair();
  const platformSpki = Buffer.from(platform.publicKey, 'base64');
  const platformPkcs8 = Buffer.from(platform.privateKey, 'base64');
  const bidderKey = generateSigningKey(algorithm);
  const bidder = keysOf(bidderKey);

  const seal = () => sealBid({ content: CONTENT, sectionCode: SECTION, bidder: BIDDER, platformKey: platformSpki, bidderKey: bidder.recipient });

  test('the platform\'s share and the bidder\'s share together open it; the envelope shows no part of the bid', async () => {
    const envelope = await seal();
    const text = JSON.stringify(envelope);
    // (a short number such as the duration would turn up by chance in the random hex of a key or fingerprint: the field
    // names say as much and cannot)
    for (const secret of [String(CONTENT.priceFen), '投标文件', 'ab'.repeat(32), '质量合格', 'priceFen', 'durationDays', 'commitments']) expect(text).not.toContain(secret);
    const k1 = await openPlatformShare(envelope, platformPkcs8, platformSpki);
    const k2 = await openBidderShare(envelope, bidder.share, bidder.spki);
    expect(await openBid(envelope, k1, k2)).toEqual(CONTENT);
  });

  test('neither share alone, nor another key, nor an altered envelope opens it', async () => {
    const envelope = await seal();
    const k1 = await openPlatformShare(envelope, platformPkcs8, platformSpki);
    const k2 = await openBidderShare(envelope, bidder.share, bidder.spki);
    await expect(openBid(envelope, k1, new Uint8Array(32))).rejects.toThrow(EnvelopeError);
    await expect(openBid(envelope, new Uint8Array(32), k2)).rejects.toThrow(EnvelopeError);
    // moved to another section or bidder: the content no longer authenticates
    await expect(openBid({ ...envelope, sectionCode: `${SECTION.slice(0, -1)}2` }, k1, k2)).rejects.toThrow('does not open');
    await expect(openBid({ ...envelope, bidder: '91990100MA0000102X' }, k1, k2)).rejects.toThrow('does not open');
    const flipped = Buffer.from(envelope.cipher.ciphertext, 'base64');
    flipped[3] ^= 1;
    await expect(openBid({ ...envelope, cipher: { ...envelope.cipher, ciphertext: flipped.toString('base64') } }, k1, k2)).rejects.toThrow('does not open');
    // another platform key, another bidder key
    const other = newSectionKeyPair();
    await expect(openPlatformShare(envelope, Buffer.from(other.privateKey, 'base64'), Buffer.from(other.publicKey, 'base64'))).rejects.toThrow('another opening key');
    const stranger = keysOf(generateSigningKey(algorithm));
    await expect(openBidderShare(envelope, stranger.share, stranger.spki)).rejects.toThrow();
  });

  test('the bidder signs the envelope\'s canonical text with its certificate key; any change breaks the signature', async () => {
    const envelope = await seal();
    const signature = signData(bidderKey, Buffer.from(envelopeSigningText(envelope), 'utf8'));
    const publicKey = algorithm === 'ec-p256'
      ? { algorithm, spki: publicKeyInfo(bidderKey), point: Buffer.alloc(0) }
      : { algorithm, spki: publicKeyInfo(bidderKey), point: Buffer.from((bidderKey as { point: string }).point, 'hex') };
    expect(verifySignature(publicKey as never, Buffer.from(envelopeSigningText(envelope), 'utf8'), signature)).toBe(true);
    expect(verifySignature(publicKey as never, Buffer.from(envelopeSigningText({ ...envelope, sealedAt: new Date(0).toISOString() }), 'utf8'), signature)).toBe(false);
  });
});

test('SM2 encryption interoperates with sm-crypto both ways (GB/T 32918.4, C1C3C2)', () => {
  const key = generateSigningKey('sm2') as { d: string; point: string };
  const message = randomBytes(32);
  const ours = sm2Encrypt(key.point, message);
  expect(Buffer.from(sm2.doDecrypt(ours, key.d, 1, { output: 'array' }) as unknown as number[])).toEqual(message);
  const theirs = sm2.doEncrypt(Array.from(message), key.point, 1);
  expect(Buffer.from(sm2Decrypt(key.d, theirs))).toEqual(message);
  // two encryptions of one message differ (a fresh k each time), and a flipped bit is detected by C3
  expect(sm2Encrypt(key.point, message)).not.toBe(ours);
  const broken = `${ours.slice(0, -2)}${(parseInt(ours.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}`;
  expect(() => sm2Decrypt(key.d, broken)).toThrow('does not open');
});

test('a bid that is not a bid is refused before anything is sealed', async () => {
  const platform = newSectionKeyPair();
  const bidder = keysOf(generateSigningKey('ec-p256'));
  for (const content of [{ ...CONTENT, priceFen: 0 }, { ...CONTENT, priceFen: 1.5 }, { ...CONTENT, documents: [{ name: 'x', sha256: 'xyz', sizeBytes: 1 }] }]) {
    await expect(sealBid({ content, sectionCode: SECTION, bidder: BIDDER, platformKey: Buffer.from(platform.publicKey, 'base64'), bidderKey: bidder.recipient })).rejects.toThrow(EnvelopeError);
  }
});
