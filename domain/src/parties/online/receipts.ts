// Receipts (回执): every act a party does online gets one — what was done, for which deal and section, by whom, when —
// and its SHA-256 over the canonical JSON. The receipt goes on the supervision trail in the act's transaction, so the
// hash a party keeps can be found there and checked against the signed trail.
import { createHash } from 'node:crypto';
import { PartyReceipt } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import type { PartyDeal, PartyOfAct, PartyStepContext } from './context';

export type ReceiptKind = 'registration' | 'withdrawal' | 'download' | 'question' | 'answer' | 'documents' | 'guarantee' | 'deposit' | 'bid' | 'quote' | 'decryption'
  | 'sign_in' | 'objection' | 'record_confirmation';

export interface Receipt {
  kind: ReceiptKind;
  dealCode: string;
  sectionCode: string | null;
  party: { creditCode: string; name: string; person: string };
  issuedAt: string;
  /** What the act was about, in the act's own words (a file's hash, a deposit's amount …). */
  details: Record<string, unknown>;
}

export const receiptHash = (receipt: Receipt): string => createHash('sha256').update(canonicalJson(receipt), 'utf8').digest('hex');

/** Writes the receipt's trail event (`party.<kind>`) and keeps the receipt for the party's own pages. */
export async function issueReceipt(
  ctx: PartyStepContext,
  input: { kind: ReceiptKind; deal: PartyDeal; actor: PartyOfAct; section: { id: number; code: string } | null; details: Record<string, unknown> },
): Promise<ReceiptView> {
  // the same act again (a retried request with the same key) gets the receipt it was given
  const given = await PartyReceipt.query(ctx.trx).where('receipt_key', `${ctx.key}/receipt`).first();
  if (given) return receiptView(given);
  const receipt: Receipt = {
    kind: input.kind, dealCode: input.deal.code, sectionCode: input.section?.code ?? null,
    party: { creditCode: input.actor.creditCode, name: input.actor.subjectName, person: input.actor.personName },
    issuedAt: ctx.now.toISOString(), details: input.details,
  };
  const sha256 = receiptHash(receipt);
  await ctx.emit(`party.${input.kind}`, { receipt, receiptSha256: sha256 });
  const trailSeq = ctx.lastSeq()!;
  await PartyReceipt.query(ctx.trx).insert({
    receipt_key: `${ctx.key}/receipt`, deal_id: input.deal.id, section_id: input.section?.id ?? null, subject_id: input.actor.subjectId,
    person_id: input.actor.personId, kind: input.kind, content: canonicalJson(receipt), sha256, trail_seq: trailSeq, issued_at: ctx.now.toISOString(),
  });
  return { kind: input.kind, sectionCode: receipt.sectionCode, issuedAt: receipt.issuedAt, sha256, trailSeq, receipt };
}

export interface ReceiptView { kind: string; sectionCode: string | null; issuedAt: string; sha256: string; trailSeq: number; receipt: Receipt }

export function receiptView(row: PartyReceipt): ReceiptView {
  const receipt = JSON.parse(row.content) as Receipt;
  return { kind: row.kind, sectionCode: receipt.sectionCode, issuedAt: row.issued_at, sha256: row.sha256, trailSeq: Number(row.trail_seq), receipt };
}
