// The demo's signing device: a key file (the certificate and its PKCS#8 private key in one PEM file) chosen by the
// user and used in the browser only — the private key never leaves the page. P-256 signs with WebCrypto (ECDSA,
// SHA-256); SM2 with sm-crypto (SM3, user id 1234567812345678), loaded only when an SM2 key is used. A sealed bid's
// share opens here too: ECDH on P-256 through WebCrypto, SM2 decryption through the sealed-bid module (loaded when
// the share is opened, so the sign-in page does not carry it).
import type { RecipientKey, SealedBidEnvelope } from '@ggzy/domain/sealed-bid';
import type { CertificateAdapter, CertificateEntry, KeyAlgorithm } from './adapter';
import { derSignature, fromBase64, items, nameOf, oid, parse, timeOf, toBase64, toHex } from './der';

const CURVES: Record<string, KeyAlgorithm> = { '1.2.840.10045.3.1.7': 'ec-p256', '1.2.156.10197.1.301': 'sm2' };
const SM2_USER_ID = '1234567812345678';

function pemBlocks(text: string): Array<{ label: string; der: Uint8Array }> {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)]
    .map((m) => ({ label: m[1]!, der: fromBase64(m[2]!.replace(/\s+/g, '')) }));
}

function describe(certificate: Uint8Array): Omit<CertificateEntry, 'id' | 'certificatePem' | 'algorithm'> {
  const tbs = items(items(parse(certificate))[0]!);
  const at = tbs[0]!.tag === 0xa0 ? 1 : 0;
  const [notBefore, notAfter] = items(tbs[at + 3]!);
  return { issuer: nameOf(tbs[at + 2]!), subject: nameOf(tbs[at + 4]!), validFrom: timeOf(notBefore!), validUntil: timeOf(notAfter!) };
}

interface PrivateKey { algorithm: KeyAlgorithm; pkcs8: Uint8Array; scalar: Uint8Array }

/** The certificate's SubjectPublicKeyInfo (DER) and the point it carries (04‖x‖y). */
function publicKeyOf(certificate: Uint8Array): { spki: Uint8Array; point: Uint8Array } {
  const tbs = items(items(parse(certificate))[0]!);
  const at = tbs[0]!.tag === 0xa0 ? 1 : 0;
  const spki = tbs[at + 5]!;
  const bits = items(spki)[1]!;
  if (bits.tag !== 0x03 || bits.value[0] !== 0) throw new Error('unsupported public key');
  return { spki: spki.raw, point: bits.value.subarray(1) };
}

function readPrivateKey(pkcs8: Uint8Array): PrivateKey {
  const [, algorithm, inner] = items(parse(pkcs8));
  const curve = CURVES[oid(items(algorithm!)[1])];
  if (!curve) throw new Error('unsupported key');
  const ec = items(parse(inner!.value));
  return { algorithm: curve, pkcs8, scalar: ec[1]!.value };
}

export class KeyFileAdapter implements CertificateAdapter {
  readonly label: string;
  private constructor(private readonly entry: CertificateEntry, private readonly key: PrivateKey, private readonly certificate: Uint8Array, fileName: string) {
    this.label = fileName;
  }

  /** Reads a key file; throws when it lacks a certificate or a private key of P-256 or SM2. */
  static async fromFile(file: File): Promise<KeyFileAdapter> {
    const blocks = pemBlocks(await file.text());
    const certificate = blocks.find((b) => b.label === 'CERTIFICATE');
    const keyBlock = blocks.find((b) => b.label === 'PRIVATE KEY');
    if (!certificate || !keyBlock) throw new Error('no certificate and private key in the file');
    const key = readPrivateKey(keyBlock.der);
    const pem = `-----BEGIN CERTIFICATE-----\n${toBase64(certificate.der).replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
    const entry: CertificateEntry = { id: 'file', certificatePem: pem, algorithm: key.algorithm, ...describe(certificate.der) };
    return new KeyFileAdapter(entry, key, certificate.der, file.name);
  }

  async list(): Promise<CertificateEntry[]> {
    return [this.entry];
  }

  async sign(entryId: string, text: string): Promise<string> {
    if (entryId !== this.entry.id) throw new Error('no such certificate');
    const data = new TextEncoder().encode(text);
    if (this.key.algorithm === 'ec-p256') {
      const key = await crypto.subtle.importKey('pkcs8', this.key.pkcs8 as BufferSource, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
      const rs = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data as BufferSource));
      return toBase64(derSignature(rs));
    }
    const module = await import('sm-crypto');
    const { sm2 } = ('sm2' in module ? module : (module as unknown as { default: typeof module }).default);
    const rs = sm2.doSignature(Array.from(data), toHex(this.key.scalar).padStart(64, '0'), { hash: true, der: false, userId: SM2_USER_ID });
    return toBase64(derSignature(rs));
  }

  async recipientKey(entryId: string): Promise<RecipientKey> {
    if (entryId !== this.entry.id) throw new Error('no such certificate');
    const certificateFingerprint = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', this.certificate as BufferSource)));
    const { spki, point } = publicKeyOf(this.certificate);
    return this.key.algorithm === 'ec-p256'
      ? { algorithm: 'ec-p256', spki: Uint8Array.from(spki), certificateFingerprint }
      : { algorithm: 'sm2', point: Uint8Array.from(point), certificateFingerprint };
  }

  async openShare(entryId: string, envelope: SealedBidEnvelope): Promise<Uint8Array> {
    if (entryId !== this.entry.id) throw new Error('no such certificate');
    const { openBidderShare } = await import('@ggzy/domain/sealed-bid');
    if (this.key.algorithm === 'ec-p256') {
      return openBidderShare(envelope, { algorithm: 'ec-p256', pkcs8: this.key.pkcs8 }, publicKeyOf(this.certificate).spki);
    }
    return openBidderShare(envelope, { algorithm: 'sm2', d: this.key.scalar });
  }
}
