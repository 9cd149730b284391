// Whether a certificate may sign a party in (RFC 5280 §6 path validation, reduced to what sign-in needs): it chains
// to a trusted CA's root, every link's signature verifies, every certificate of the chain is valid now (the server's
// clock), the end certificate may sign (digitalSignature), and none is revoked by its issuer's current CRL, whose own
// signature verifies and whose nextUpdate has not passed (a stale CRL is refused, never trusted as "not revoked").
// Several CAs are trusted at once (多CA互认); each refusal has its own stable code. Pure: the trust store and the
// clock are arguments.
import { DerError } from './der';
import { verifySignature } from './signatures';
import { OID, SIGNATURE_ALGORITHMS, parseCertificate, type Certificate, type Crl } from './x509';

/** One trusted CA: its root, the intermediates it issues through, and the CRLs it publishes. */
export interface TrustedCa {
  id: string;
  root: Certificate;
  intermediates: readonly Certificate[];
  crls: readonly Crl[];
}

export const REFUSAL_CODES = [
  'CERT_MALFORMED', 'CERT_UNSUPPORTED', 'CERT_UNKNOWN_CA', 'CERT_SIGNATURE_INVALID', 'CERT_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_KEY_USAGE', 'CERT_REVOKED', 'CERT_CRL_STALE', 'CERT_CRL_UNAVAILABLE', 'CHALLENGE_SIGNATURE_INVALID',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export class CertificateRefused extends Error {
  override name = 'CertificateRefused';
  constructor(readonly code: RefusalCode, readonly reason: string, readonly certificate: Certificate | null = null, readonly caId: string | null = null) {
    super(`${code}: ${reason}`);
  }
}

export interface VerifiedCertificate {
  certificate: Certificate;
  caId: string;
  /** End certificate first, the root last. */
  chain: readonly Certificate[];
}

const MAX_CHAIN = 5;
/** Extensions whose meaning this check knows; any other critical one refuses the certificate (RFC 5280 §4.2). */
const UNDERSTOOD = new Set<string>([OID.keyUsage, OID.basicConstraints, OID.subjectKeyIdentifier, OID.authorityKeyIdentifier, '2.5.29.37' /* extKeyUsage */, '2.5.29.17' /* subjectAltName */, '2.5.29.32' /* certificatePolicies */]);

/** Reads a certificate for sign-in; malformed bytes are a CERT_MALFORMED refusal. */
export function readCertificate(der: Buffer): Certificate {
  try {
    return parseCertificate(der);
  } catch (err) {
    if (err instanceof DerError) throw new CertificateRefused('CERT_MALFORMED', err.message);
    throw err;
  }
}

/** Whether `issuer` signed `signed` (its key type fits the signature algorithm and the signature verifies). */
export function signedBy(signed: { tbs: Buffer; signature: Buffer; signatureAlgorithm: string }, issuer: Certificate): boolean {
  const key = issuer.publicKey;
  if (!key || SIGNATURE_ALGORITHMS[signed.signatureAlgorithm] !== key.algorithm) return false;
  return verifySignature(key, signed.tbs, signed.signature);
}

function isCa(cert: Certificate): boolean {
  return Boolean(cert.basicConstraints?.ca) && (cert.keyUsage === null || cert.keyUsage.has('keyCertSign'));
}

/** Builds the chain up to a trusted root; the CA whose root ends it. */
function buildChain(leaf: Certificate, cas: readonly TrustedCa[]): { ca: TrustedCa; chain: Certificate[] } {
  const chain = [leaf];
  let scope = cas;
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const candidates = scope.flatMap((ca) => [ca.root, ...ca.intermediates].map((cert) => ({ ca, cert })))
      .filter(({ cert }) => cert.subject.raw.equals(current.issuer.raw) && cert.fingerprint !== current.fingerprint);
    if (!candidates.length) {
      throw new CertificateRefused('CERT_UNKNOWN_CA', `no trusted CA issued this certificate (issuer ${current.issuer.text})`, leaf);
    }
    const issuer = candidates.find(({ cert }) => isCa(cert) && signedBy(current, cert));
    if (!issuer) {
      throw new CertificateRefused('CERT_SIGNATURE_INVALID', `the signature on ${current.subject.text} does not verify with the key of ${current.issuer.text}`, leaf, candidates[0]!.ca.id);
    }
    chain.push(issuer.cert);
    if (issuer.cert.fingerprint === issuer.ca.root.fingerprint) return { ca: issuer.ca, chain };
    scope = [issuer.ca];
    current = issuer.cert;
  }
  throw new CertificateRefused('CERT_UNKNOWN_CA', 'the chain is longer than any trusted CA issues', leaf);
}

/** The newest CRL of this issuer whose signature verifies; null when there is none. */
export function currentCrl(ca: TrustedCa, issuer: Certificate, now: Date): Crl | null {
  const usable = ca.crls
    .filter((crl) => crl.issuer.raw.equals(issuer.subject.raw) && crl.thisUpdate <= now && signedBy(crl, issuer))
    .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  return usable[0] ?? null;
}

/** Verifies a certificate for sign-in at `now`; throws a CertificateRefused with the first problem found. */
export function verifySignInCertificate(der: Buffer, cas: readonly TrustedCa[], now: Date): VerifiedCertificate {
  const certificate = readCertificate(der);
  if (!certificate.publicKey) throw new CertificateRefused('CERT_UNSUPPORTED', `key algorithm ${certificate.unsupportedKey} is not accepted (P-256 or SM2)`, certificate);
  if (!SIGNATURE_ALGORITHMS[certificate.signatureAlgorithm]) {
    throw new CertificateRefused('CERT_UNSUPPORTED', `signature algorithm ${certificate.signatureAlgorithm} is not accepted`, certificate);
  }
  const { ca, chain } = buildChain(certificate, cas);
  const refuse = (code: RefusalCode, reason: string): never => { throw new CertificateRefused(code, reason, certificate, ca.id); };
  for (const cert of chain) {
    if (now < cert.notBefore) refuse('CERT_NOT_YET_VALID', `${cert.subject.text} is valid from ${cert.notBefore.toISOString()}`);
    if (now > cert.notAfter) refuse('CERT_EXPIRED', `${cert.subject.text} expired at ${cert.notAfter.toISOString()}`);
  }
  if (!certificate.keyUsage?.has('digitalSignature')) refuse('CERT_KEY_USAGE', 'the certificate is not for digital signatures (key usage digitalSignature)');
  const unknown = certificate.extensions.find((e) => e.critical && !UNDERSTOOD.has(e.oid));
  if (unknown) refuse('CERT_UNSUPPORTED', `unsupported critical extension ${unknown.oid}`);
  // every certificate below the root against its issuer's CRL
  for (let i = 0; i < chain.length - 1; i++) {
    const cert = chain[i]!;
    const crl = currentCrl(ca, chain[i + 1]!, now);
    if (!crl) refuse('CERT_CRL_UNAVAILABLE', `no valid CRL of ${cert.issuer.text} in the trust store`);
    const entry = crl!.revoked.get(cert.serialNumber);
    if (entry && entry.revokedAt <= now) refuse('CERT_REVOKED', `serial ${cert.serialNumber} revoked at ${entry.revokedAt.toISOString()}`);
    if (!crl!.nextUpdate || crl!.nextUpdate <= now) {
      refuse('CERT_CRL_STALE', `the CRL of ${cert.issuer.text} was due again at ${crl!.nextUpdate?.toISOString() ?? '(no nextUpdate)'}`);
    }
  }
  return { certificate, caId: ca.id, chain };
}

/** Verifies the party's signature over the challenge text with the certificate's key. */
export function verifyChallengeSignature(certificate: Certificate, text: string, signature: Buffer): void {
  if (!certificate.publicKey || !verifySignature(certificate.publicKey, Buffer.from(text, 'utf8'), signature)) {
    throw new CertificateRefused('CHALLENGE_SIGNATURE_INVALID', 'the challenge signature does not verify with the certificate\'s key', certificate);
  }
}
