// How the portal reaches a party's signing certificate. The sign-in page only knows this interface: the demo reads a
// key file in the browser (key-file-adapter.ts); a USB key (UKey) driver is another implementation behind the same
// calls. A sealed bid (双重加密) needs two more things of the device: the certificate's public key to seal the
// bidder's share to, and opening that share at the opening with the private key, which never leaves the device.
import type { RecipientKey, SealedBidEnvelope } from '@ggzy/domain/sealed-bid';

export type KeyAlgorithm = 'ec-p256' | 'sm2';

export interface CertificateEntry {
  /** Stable within the adapter: which certificate to sign with. */
  id: string;
  /** The certificate to send to the server (PEM). */
  certificatePem: string;
  algorithm: KeyAlgorithm;
  subject: Record<string, string>;
  issuer: Record<string, string>;
  validFrom: string;
  validUntil: string;
}

export interface CertificateAdapter {
  /** Shown to the user: where the certificates come from. */
  readonly label: string;
  /** The signing certificates available now. */
  list(): Promise<CertificateEntry[]>;
  /** Signs the UTF-8 text with the certificate's private key; answers the DER (r, s) signature in base64. */
  sign(entryId: string, text: string): Promise<string>;
  /** The certificate's public key as a sealed bid is sealed to (with the certificate's SHA-256 fingerprint). */
  recipientKey(entryId: string): Promise<RecipientKey>;
  /** Opens the bidder's share of its sealed bid with the certificate's private key: the 32-byte share. */
  openShare(entryId: string, envelope: SealedBidEnvelope): Promise<Uint8Array>;
}

/** A sign-in challenge is signed only for the page that asked for it (a phishing page's challenge names another origin). */
export function challengeOrigin(text: string): string | null {
  return /^origin: (.+)$/m.exec(text)?.[1] ?? null;
}
