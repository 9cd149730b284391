// 加密并递交: the bid is sealed in this browser (the sealed-bid module, loaded only here) to the section's opening key
// and to the bidder's own certificate, signed with that certificate and sent; nothing of the bid leaves the browser
// in clear. The answer is the receipt (回执).
import { api, type SigningDevice } from '@ggzy/web';
import type { BidContent } from '@ggzy/domain/sealed-bid';
import { deviceId } from './device-id';

export interface SubmissionReceipt {
  sectionCode: string; bidId: number; version: number; envelopeSha256: string; submittedAt: string;
  receipt: { kind: string; sha256: string; issuedAt: string; trailSeq: number };
}

interface SealingKey { publicKey: string; keyId: string; bidDeadline: string | null }

export async function sealAndSubmit(input: { dealCode: string; sectionCode: string; bidder: string; content: BidContent; device: SigningDevice }): Promise<SubmissionReceipt> {
  const base = `/api/party/deals/${encodeURIComponent(input.dealCode)}/sections/${encodeURIComponent(input.sectionCode)}`;
  const [{ sealBid, envelopeSigningText, base64 }, key] = await Promise.all([
    import('@ggzy/domain/sealed-bid'),
    api<SealingKey>(`${base}/sealing-key`),
  ]);
  const envelope = await sealBid({
    content: input.content, sectionCode: input.sectionCode, bidder: input.bidder,
    platformKey: base64.decode(key.publicKey), bidderKey: await input.device.adapter.recipientKey(input.device.entry.id),
  });
  const signature = await input.device.adapter.sign(input.device.entry.id, envelopeSigningText(envelope));
  return api<SubmissionReceipt>(`${base}/bids`, { method: 'POST', body: { envelope, signature, deviceId: deviceId() } });
}

/** 解密: the bidder's share opened with its certificate and handed over; the bid opens and is read out. */
export async function decryptAndHandOver(input: { dealCode: string; sectionCode: string; envelope: Parameters<SigningDevice['adapter']['openShare']>[1]; device: SigningDevice }) {
  const { base64 } = await import('@ggzy/domain/sealed-bid');
  const share = await input.device.adapter.openShare(input.device.entry.id, input.envelope);
  const base = `/api/party/deals/${encodeURIComponent(input.dealCode)}/sections/${encodeURIComponent(input.sectionCode)}`;
  return api(`${base}/opening/decryption`, { method: 'POST', body: { share: base64.encode(share) } });
}

/** '12,345,678.9' (元) → 1234567890 (分); null when it is not a positive amount with at most two decimals. */
export function fenOf(yuanText: string | null | undefined): number | null {
  const text = (yuanText ?? '').replace(/[,\s]/g, '');
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen > 0 && Number.isSafeInteger(fen) ? fen : null;
}
