// A bidder's signed acts in the opening hall, done in this browser with its certificate: 签到 (a challenge checked to
// name this site, then signed) and the confirmation of the opening record (its canonical JSON fetched, its SHA-256
// computed here and compared with the one the hall announces, then that SHA-256 signed) — so a bidder signs only
// what it has checked itself.
import { api, challengeOrigin, type SigningDevice } from '@ggzy/web';
import type { OpeningRecordDocument } from '@ggzy/domain/opening-hall';

export async function signInToHall(base: string, device: SigningDevice, refuse: (message: string) => Error) {
  const challenge = await api<{ challengeId: string; text: string }>(`${base}/sign-in/challenge`, { method: 'POST' });
  if (challengeOrigin(challenge.text) !== window.location.origin) throw refuse('origin');
  const signature = await device.adapter.sign(device.entry.id, challenge.text);
  return api(`${base}/sign-in`, { method: 'POST', body: { challengeId: challenge.challengeId, certificate: device.entry.certificatePem, signature } });
}

/** The record's canonical JSON, checked against the SHA-256 the hall announces; null when it does not match. */
export async function fetchRecord(recordUrl: string, recordSha256: string): Promise<OpeningRecordDocument | null> {
  const response = await fetch(`${recordUrl}?format=json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const { sha256Hex } = await import('@ggzy/domain/sealed-bid');
  if (await sha256Hex(bytes) !== recordSha256) return null;
  return JSON.parse(new TextDecoder().decode(bytes)) as OpeningRecordDocument;
}

export async function confirmRecord(base: string, input: { dealCode: string; sectionCode: string; bidder: string; recordSha256: string; device: SigningDevice }) {
  const { recordConfirmationText } = await import('@ggzy/domain/opening-hall');
  const text = recordConfirmationText({ dealCode: input.dealCode, sectionCode: input.sectionCode, bidder: input.bidder, recordSha256: input.recordSha256 });
  const signature = await input.device.adapter.sign(input.device.entry.id, text);
  return api(`${base}/record/confirmation`, { method: 'POST', body: { recordSha256: input.recordSha256, certificate: input.device.entry.certificatePem, signature } });
}
