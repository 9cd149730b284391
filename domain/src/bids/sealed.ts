// Bids sealed by the bidder, end to end on the platform's side (全流程电子化, 不见面开标):
// - the bidder fetches its section's opening key and seals the bid in its browser (envelope.ts);
// - it uploads the signed envelope before the deadline; the platform checks the envelope is for this section, this
//   bidder, sealed to this opening key and signed by the certificate the bidder signed in with — and stores it, never
//   able to read it; a later upload replaces it as a new version; a receipt and the trail record each one, with the
//   upload's device fingerprint for the collusion screens;
// - at the deadline the opening removes the platform's seal (open-bids.ts) and opens a decryption window;
// - in the hall the bidder opens its own share in its browser and hands it over: the bid opens and is read out.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { Bid, BidEnvelope, BidOpening, BidOpeningLine, BidSealingKey, BidSubmission, CaCertificate, Section } from '@ggzy/db';
import { assertNotSanctioned } from '../credit/sanctions';
import { parseCertificate } from '../parties/pki/x509';
import { certificateBytes } from '../parties/pki/pem';
import { verifySignature } from '../parties/pki/signatures';
import { assertBiddingPeriod, dealNotFound, loadDeal, partyStepContext, type PartyActor, type PartyDeal } from '../parties/online/context';
import { dealAndSection, liveBid, refuse } from './party-section';
import { issueReceipt, type ReceiptView } from '../parties/online/receipts';
import { hallStage } from './hall/hall-acts';
import { hallParts, type HallAudience } from './hall/state';
import { ENVELOPE_FORMAT, EnvelopeError, base64, envelopeSigningText, openBid, type BidContent, type SealedBidEnvelope } from './envelope';

/** Marks a submission whose bid is an envelope (bid_envelopes) rather than a platform-sealed price. */
export const ENVELOPE_MARK = 'envelope';

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64').max(2_000_000);
export const envelopeSchema = z.object({
  format: z.literal(ENVELOPE_FORMAT),
  sectionCode: z.string().min(1).max(64),
  bidder: z.string().length(18),
  sealedAt: z.iso.datetime({ offset: true }),
  cipher: z.object({ alg: z.literal('AES-256-GCM'), iv: b64, ciphertext: b64 }).strict(),
  platformShare: z.object({ alg: z.literal('X25519-HKDF-SHA256-AES-256-GCM'), keyId: z.string().regex(/^[0-9a-f]{64}$/), ephemeral: b64, iv: b64, wrapped: b64 }).strict(),
  bidderShare: z.union([
    z.object({ alg: z.literal('ECDH-P256-HKDF-SHA256-AES-256-GCM'), certificateFingerprint: z.string().regex(/^[0-9a-f]{64}$/), ephemeral: b64, iv: b64, wrapped: b64 }).strict(),
    z.object({ alg: z.literal('SM2-ENCRYPT-C1C3C2'), certificateFingerprint: z.string().regex(/^[0-9a-f]{64}$/), wrapped: z.string().regex(/^[0-9a-f]+$/).max(1000) }).strict(),
  ]),
}).strict();

export interface ClientFingerprint { deviceId: string | null; userAgent: string | null; address: string | null }

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * The section's opening key (public half) a registered bidder seals to. It is made by the worker when bidding opens
 * (bids.openBidding), which alone holds the secret its private half is wrapped with; before that there is none.
 */
export async function sealingKeyForBidder(db: Knex, input: { dealCode: string; sectionCode: string; actor: PartyActor; now: Date }) {
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, input.now);
  await liveBid(db, section.id, input.actor.subjectId, section.section_code);
  assertBiddingPeriod(deal, input.now, { zh: '投标', en: 'bid' });
  const key = await BidSealingKey.query(db).findById(section.id);
  if (!key) throw refuse('BIDDING_NOT_OPEN', `标段 ${section.section_code} 尚未开始投标（开标密钥未生成）`, `bidding has not opened for section ${section.section_code} (no opening key yet)`, { sectionCode: section.section_code });
  return { dealCode: deal.code, sectionCode: section.section_code, publicKey: key.public_key, keyId: sha256(Buffer.from(key.public_key, 'base64')), bidDeadline: deal.bidDeadlineAt };
}

export interface SubmissionAnswer { sectionCode: string; bidId: number; version: number; envelopeSha256: string; submittedAt: string; receipt: ReceiptView }

/**
 * Takes a signed envelope from the bidder. Refused unless it is for this section and bidder, sealed to the section's
 * current opening key, and signed by the certificate the bidder signed in with (bound to its subject, not revoked).
 */
export async function submitSealedBid(db: Knex, input: {
  dealCode: string; sectionCode: string; envelope: unknown; signature: string; certificateFingerprint: string | null;
  client: ClientFingerprint; actor: PartyActor; now: Date;
}): Promise<SubmissionAnswer> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    // who may bid here first; what was sent after
    const { deal, section } = await dealAndSection(trx, input.dealCode, input.sectionCode, now);
    const bid = await liveBid(trx, section.id, actor.subjectId, section.section_code);
    const parsed = envelopeSchema.safeParse(input.envelope);
    if (!parsed.success) {
      throw refuse('ENVELOPE_INVALID', `投标文件封装格式不正确：${parsed.error.issues[0]?.path.join('.')}`, `the sealed bid is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const envelope = parsed.data as SealedBidEnvelope;
    assertBiddingPeriod(deal, now, { zh: '递交投标文件', en: 'submit a bid' });
    if (section.status !== 'open') throw refuse('SECTION_CLOSED', `标段 ${section.section_code} 已不接受投标`, `section ${section.section_code} takes no bids`, { status: section.status });
    await assertNotSanctioned(trx, actor.creditCode, now);
    if (envelope.sectionCode !== section.section_code || envelope.bidder !== actor.creditCode) {
      throw refuse('ENVELOPE_MISMATCH', '投标文件封装的标段或投标人与本次递交不符', 'the sealed bid names another section or bidder');
    }
    const key = await BidSealingKey.query(trx).findById(section.id);
    if (!key || envelope.platformShare.keyId !== sha256(Buffer.from(key.public_key, 'base64'))) {
      throw refuse('ENVELOPE_WRONG_KEY', '投标文件未按本标段的开标密钥加密，请重新获取密钥后加密', 'the bid is not sealed to this section\'s opening key: fetch the key and seal again');
    }
    // the certificate the bidder signed in with signs the bid and holds its share
    const certificate = input.certificateFingerprint ? await CaCertificate.query(trx).modify('byFingerprint', input.certificateFingerprint).first() : undefined;
    if (!certificate || Number(certificate.subject_id) !== actor.subjectId || certificate.revoked_at || certificate.status !== 'active' || Date.parse(certificate.valid_until) <= now.getTime()) {
      throw refuse('CERTIFICATE_REQUIRED', '请使用本单位有效的数字证书登录后投标', 'sign in with a valid certificate of your company to bid');
    }
    if (envelope.bidderShare.certificateFingerprint !== certificate.fingerprint_sha256) {
      throw refuse('ENVELOPE_MISMATCH', '投标文件须使用登录所用的数字证书加密', 'the bid must be sealed to the certificate you signed in with');
    }
    const publicKey = parseCertificate(certificateBytes(certificate.certificate_pem)!).publicKey!;
    const text = envelopeSigningText(envelope);
    let signature: Buffer;
    try {
      signature = Buffer.from(input.signature, 'base64');
    } catch {
      signature = Buffer.alloc(0);
    }
    if (!verifySignature(publicKey, Buffer.from(text, 'utf8'), signature)) {
      throw refuse('BID_SIGNATURE_INVALID', '投标文件的数字签名无效', 'the bid\'s signature does not verify with your certificate');
    }

    const envelopeSha256 = sha256(text);
    // a retried upload of the same envelope answers the submission it made
    const current = await BidSubmission.query(trx).where('bid_id', bid.id).whereNull('superseded_at').first();
    const at = now.toISOString();
    const ctx = partyStepContext(trx, { key: `party-bid:${section.section_code}:${actor.creditCode}:${envelopeSha256}`, deal, actor: actor.username, party: actor, now });
    if (current && current.document_sha256 === envelopeSha256) {
      const receipt = await issueReceipt(ctx, { kind: 'bid', deal, actor, section: { id: section.id, code: section.section_code }, details: {} });
      return { sectionCode: section.section_code, bidId: bid.id, version: Number(current.version), envelopeSha256, submittedAt: current.submitted_at, receipt };
    }
    const last = await BidSubmission.query(trx).where('bid_id', bid.id).max('version as version').first().castTo<{ version: number | string | null } | undefined>();
    const replaces = last?.version == null ? null : Number(last.version);
    const version = (replaces ?? 0) + 1;
    await BidSubmission.query(trx).where('bid_id', bid.id).whereNull('superseded_at').patch({ superseded_at: at });
    const submission = await BidSubmission.query(trx).insert({
      bid_id: bid.id, version, document_sha256: envelopeSha256, sealed_price: ENVELOPE_MARK, submitted_key: `${ctx.key}#${version}`, submitted_at: at,
    });
    await BidEnvelope.query(trx).insert({
      submission_id: submission.id, envelope: text, envelope_sha256: envelopeSha256, signature: signature.toString('base64'),
      certificate_fingerprint: certificate.fingerprint_sha256, key_algorithm: certificate.key_algorithm,
      client_device_id: input.client.deviceId, client_user_agent: input.client.userAgent?.slice(0, 300) ?? null, client_address: input.client.address,
    });
    await Bid.query(trx).findById(bid.id).patch({ status: 'submitted' });
    await ctx.emit('bid.submitted', {
      taskType: 'party.bid', sectionCode: section.section_code, bidder: actor.creditCode, bidId: bid.id, version, documentSha256: envelopeSha256,
      replacesVersion: replaces, sealedBy: 'bidder', certificateFingerprint: certificate.fingerprint_sha256,
      // what the upload came from: the collusion screens compare it across bidders (BIDDER_MAKE_TOOL_INFO)
      toolFingerprint: { deviceId: input.client.deviceId, userAgent: input.client.userAgent, address: input.client.address },
    });
    const receipt = await issueReceipt(ctx, {
      kind: 'bid', deal, actor, section: { id: section.id, code: section.section_code },
      details: { bidId: bid.id, version, envelopeSha256, replacesVersion: replaces, certificateFingerprint: certificate.fingerprint_sha256 },
    });
    return { sectionCode: section.section_code, bidId: bid.id, version, envelopeSha256, submittedAt: at, receipt };
  });
}

/** What the hall shows a bidder: the opening's state, its own share to open, and what has been read out. */
export async function openingForBidder(db: Knex, input: { dealCode: string; sectionCode: string; actor: PartyActor; now: Date }) {
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, input.now);
  const bid = await liveBid(db, section.id, input.actor.subjectId, section.section_code);
  const mine = await BidSubmission.query(db).alias('s').join('bid_envelopes as e', 'e.submission_id', 's.id')
    .where('s.bid_id', bid.id).whereNull('s.superseded_at')
    .select('s.id', 's.version', 's.submitted_at', 'e.envelope', 'e.envelope_sha256', 'e.platform_share', 'e.decrypted_at').first()
    .castTo<{ id: number; version: number; submitted_at: string | Date; envelope: string; envelope_sha256: string; platform_share: string | null; decrypted_at: string | null } | undefined>();
  return {
    ...await hallState(db, deal, section, { kind: 'bidder', subjectId: input.actor.subjectId }),
    as: 'bidder' as const,
    // the bidder's own envelope (its share opens only with its own key), offered once the platform's seal is removed
    myEnvelope: mine && mine.platform_share ? JSON.parse(mine.envelope) as SealedBidEnvelope : null,
    myVersion: mine ? Number(mine.version) : null,
    mySubmission: mine ? { version: Number(mine.version), envelopeSha256: mine.envelope_sha256, submittedAt: new Date(mine.submitted_at).toISOString() } : null,
    decrypted: mine ? mine.decrypted_at !== null : false,
    // whether its bid is a line of the opening record, which it may then confirm
    inRecord: mine ? await db('bid_opening_lines').where('bid_id', bid.id).first('id').then(Boolean) : false,
  };
}

/** The hall for the party in it: the tenderee or its agency hosts it (answers objections, makes the record); a bidder bids. */
export async function openingForParty(db: Knex, input: { dealCode: string; sectionCode: string; actor: PartyActor; now: Date }) {
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, input.now);
  const role = deal.tendereeSubjectId === input.actor.subjectId ? 'tenderee' : deal.agentSubjectId === input.actor.subjectId ? 'agency' : null;
  if (!role) return openingForBidder(db, input);
  return { ...await hallState(db, deal, section, { kind: 'organiser' }), as: role };
}

/**
 * The hall as everyone in it sees it: the opening's state and its windows, the bids read out, and once the opening is
 * closed the bids it rejected; who signed in, the objections and answers, the record and its confirmations (as
 * hall/state.ts shows them to this audience). How many bids came in is told only once the deadline has passed
 * (招标投标法 §22).
 */
async function hallState(db: Knex, deal: PartyDeal, section: Section, audience: HallAudience) {
  const { stage, opening, record } = await hallStage(db, section.id);
  const rejected = opening && opening.status === 'complete'
    ? await BidOpeningLine.query(db).alias('l').join('subjects as p', 'p.id', 'l.bidder_subject_id').where('l.opening_id', opening.id).whereNotNull('l.invalid_reason')
      .orderBy('l.line_no').select('p.credit_code', 'p.name', 'l.invalid_reason').castTo<Array<{ credit_code: string; name: string; invalid_reason: string }>>()
    : [];
  const submitted = opening
    ? await BidSubmission.query(db).alias('s').join('bids as b', 'b.id', 's.bid_id').where('b.section_id', section.id).whereNull('s.superseded_at')
      .whereNot('b.status', 'withdrawn').count('s.id as n').first().castTo<{ n: number | string } | undefined>()
    : undefined;
  return {
    dealCode: deal.code, title: deal.title, sectionCode: section.section_code, sectionName: section.name, bidDeadline: deal.bidDeadlineAt,
    status: opening ? opening.status : 'before_opening', stage, decryptUntil: opening?.decrypt_until ?? null,
    bidCount: submitted ? Number(submitted.n) : null,
    readOut: await readOut(db, section.id),
    rejected: rejected.map((r) => ({ bidder: r.credit_code, name: r.name, reason: r.invalid_reason })),
    ...await hallParts(db, section.id, stage, record, audience),
  };
}

/** A deal's opening halls, one per section, with where each stands; answers the deal's region for the caller's scope. */
export async function openingHallsOfDeal(db: Knex, input: { dealCode: string; now: Date }) {
  const deal = await loadDeal(db, input.dealCode, input.now);
  if (!deal) throw dealNotFound(input.dealCode);
  const sections = await Section.query(db).alias('s').leftJoin('bid_openings as o', 'o.section_id', 's.id').where('s.deal_id', deal.id)
    .orderBy('s.section_code').select('s.section_code', 's.name', 'o.status').castTo<Array<{ section_code: string; name: string; status: string | null }>>();
  return {
    regionCode: deal.regionCode,
    halls: { dealCode: deal.code, title: deal.title, bidDeadline: deal.bidDeadlineAt, sections: sections.map((x) => ({ sectionCode: x.section_code, name: x.name, status: x.status ?? 'before_opening' })) },
  };
}

/**
 * The hall for those who watch it (the supervisors and the centre's staff): the same state without any bidder's own
 * part. Answers the deal's region so the caller's region scope can be checked before anything is shown.
 */
export async function openingForWatcher(db: Knex, input: { dealCode: string; sectionCode: string; role: string; now: Date }) {
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, input.now);
  return { regionCode: deal.regionCode, hall: await hallState(db, deal, section, { kind: 'watcher', role: input.role }) };
}

/** 唱标: the bids opened so far, in the order they were opened. */
export async function readOut(db: Knex, sectionId: number) {
  const rows = await BidEnvelope.query(db).alias('e').join('bid_submissions as s', 's.id', 'e.submission_id').join('bids as b', 'b.id', 's.bid_id')
    .join('subjects as p', 'p.id', 'b.bidder_subject_id').where('b.section_id', sectionId).whereNull('s.superseded_at').whereNotNull('e.decrypted_at')
    .orderBy('e.decrypted_at').orderBy('b.id').select('p.credit_code', 'p.name', 'e.opened_content', 'e.decrypted_at', 'e.envelope_sha256')
    .castTo<Array<{ credit_code: string; name: string; opened_content: string; decrypted_at: string; envelope_sha256: string }>>();
  return rows.map((r) => {
    const content = JSON.parse(r.opened_content) as BidContent;
    return { bidder: r.credit_code, name: r.name, priceFen: content.priceFen, durationDays: content.durationDays ?? null, commitments: content.commitments ?? [], documents: content.documents, decryptedAt: r.decrypted_at, envelopeSha256: r.envelope_sha256 };
  });
}

/**
 * The bidder hands over its share (K2) within the window: with the platform's share it opens the bid, which is read
 * out at once. A share that does not open the bid is refused (and may be sent again, right, within the window).
 */
export async function handOverShare(db: Knex, input: { dealCode: string; sectionCode: string; share: string; actor: PartyActor; now: Date }) {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const { deal, section } = await dealAndSection(trx, input.dealCode, input.sectionCode, now);
    const bid = await liveBid(trx, section.id, actor.subjectId, section.section_code);
    const opening = await BidOpening.query(trx).modify('ofSection', section.id).first();
    if (!opening || opening.status !== 'decrypting') {
      throw refuse('NOT_DECRYPTING', `标段 ${section.section_code} 当前不在解密阶段`, `section ${section.section_code} is not being decrypted now`, { status: opening?.status ?? 'before_opening' });
    }
    if (opening.decrypt_until && Date.parse(opening.decrypt_until) <= now.getTime()) {
      throw refuse('DECRYPTION_CLOSED', '解密时间已过，未解密的投标文件将被拒绝', 'the decryption window has closed; bids not decrypted are rejected', { decryptUntil: opening.decrypt_until });
    }
    const row = await BidSubmission.query(trx).alias('s').join('bid_envelopes as e', 'e.submission_id', 's.id')
      .where('s.bid_id', bid.id).whereNull('s.superseded_at').select('e.*').first().castTo<BidEnvelope | undefined>();
    if (!row || !row.platform_share) throw refuse('NO_SEALED_BID', '您在本标段没有待解密的投标文件', 'you have no sealed bid to decrypt in this section');
    if (row.decrypted_at) return { sectionCode: section.section_code, decrypted: true, readOut: await readOut(trx, section.id) };
    let content: BidContent;
    try {
      content = await openBid(JSON.parse(row.envelope) as SealedBidEnvelope, base64.decode(row.platform_share), base64.decode(input.share));
    } catch (err) {
      if (err instanceof EnvelopeError) throw refuse('SHARE_DOES_NOT_OPEN', '解密失败：密钥与投标文件不符', 'the share does not open your bid');
      throw err;
    }
    const ctx = partyStepContext(trx, { key: `party-decryption:${row.submission_id}`, deal, actor: actor.username, party: actor, now });
    await BidEnvelope.query(trx).findById(row.submission_id).patch({
      bidder_share: input.share, opened_content: JSON.stringify(content), decrypted_at: now.toISOString(), decrypted_by: actor.username,
    });
    await ctx.emit('bid.decrypted', { sectionCode: section.section_code, bidder: actor.creditCode, bidId: bid.id, priceFen: content.priceFen, envelopeSha256: row.envelope_sha256 });
    await issueReceipt(ctx, { kind: 'decryption', deal, actor, section: { id: section.id, code: section.section_code }, details: { bidId: bid.id, envelopeSha256: row.envelope_sha256 } });
    return { sectionCode: section.section_code, decrypted: true, readOut: await readOut(trx, section.id) };
  });
}
