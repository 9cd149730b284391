// What a bidder signs in the opening hall, and the opening record's shape: the exact texts are built here, the same in
// the browser (which signs them with the bidder's certificate key) and on the server (which verifies). Each text says
// what it is for and names the deal, the section and the bidder, so a signature made for one act is worthless for any
// other. Pure: no Node, no IO (the portal loads it as `@ggzy/domain/opening-hall`).

export const OPENING_RECORD_FORMAT = 'ggzy-opening-record/1';

/** 签到: the one-time challenge a bidder signs to sign in to a section's opening hall. */
export interface HallChallengeFields {
  id: string; nonce: string; origin: string; dealCode: string; sectionCode: string; bidder: string; issuedAt: string; expiresAt: string;
}

export function hallSignInText(c: HallChallengeFields): string {
  return [
    '公共资源交易平台开标大厅签到 / ggzy opening hall sign-in',
    `origin: ${c.origin}`,
    `deal: ${c.dealCode}`,
    `section: ${c.sectionCode}`,
    `bidder: ${c.bidder}`,
    `challenge: ${c.id}`,
    `nonce: ${c.nonce}`,
    `issued-at: ${c.issuedAt}`,
    `expires-at: ${c.expiresAt}`,
  ].join('\n');
}

/** A bidder's confirmation of the opening record: the record is named by the SHA-256 of its canonical JSON. */
export function recordConfirmationText(c: { dealCode: string; sectionCode: string; bidder: string; recordSha256: string }): string {
  return [
    '公共资源交易平台开标记录确认 / ggzy opening record confirmation',
    `deal: ${c.dealCode}`,
    `section: ${c.sectionCode}`,
    `bidder: ${c.bidder}`,
    `record-sha256: ${c.recordSha256}`,
  ].join('\n');
}

export interface RecordParty { creditCode: string; name: string }

/** One bid as the opening record states it: opened with its price, or rejected and why (never opened then). */
export interface RecordBid {
  lineNo: number;
  bidder: string;
  name: string;
  status: 'opened' | 'rejected';
  rejectedBecause: 'not_decrypted' | 'seal_broken' | 'late' | null;
  priceFen: number | null;
  durationDays: number | null;
  commitments: string[];
  documents: Array<{ name: string; sha256: string; sizeBytes: number }>;
  envelopeSha256: string;
  decryptedAt: string | null;
}

export interface RecordObjection {
  no: number;
  bidder: string;
  name: string;
  text: string;
  raisedAt: string;
  answer: string;
  answeredBy: { role: 'tenderee' | 'agency' | 'staff'; name: string };
  answeredAt: string;
}

/** 开标记录: the canonical JSON of this object is what is stored, hashed and signed. */
export interface OpeningRecordDocument {
  format: typeof OPENING_RECORD_FORMAT;
  deal: { code: string; title: string; regionCode: string };
  tenderee: RecordParty | null;
  agency: RecordParty | null;
  section: { code: string; name: string };
  bidDeadline: string;
  sealRemovedAt: string;
  decryptUntil: string | null;
  signIns: Array<{ bidder: string; name: string; person: string; signedInAt: string; certificateFingerprint: string }>;
  bids: RecordBid[];
  objections: RecordObjection[];
  issuedAt: string;
  issuedBy: { role: 'tenderee' | 'agency' | 'staff'; name: string };
}
