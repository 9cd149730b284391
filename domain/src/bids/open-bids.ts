// bids.open (开标): at the deadline the section's sealed prices are opened and the opening record written (one line
// per submitted bid). Fewer than three valid bids (实施条例 §44): nothing is opened or written, and the typed error
// FEWER_THAN_THREE_BIDS lets an error boundary route the process to a new tender.
import type { Knex } from 'knex';
import { Bid, BidEnvelope, BidOpening, Deal, Section, calendarFor } from '@ggzy/db';
import { compressPeriod } from '@ggzy/process/runtime';
import { z } from 'zod';
import { BusinessError, code, defineTask, type TaskContext } from '../step';
import { openSealedPrice } from './sealing';
import { EnvelopeError, base64, openPlatformShare, type BidContent, type SealedBidEnvelope } from './envelope';
import { ENVELOPE_MARK } from './sealed';
import type { OpeningKeyVault } from './key-vault';
import { assertSectionOpen, instant, lockSection, type LockedSection } from './section';

const input = z.object({
  sectionCode: code,
  deadline: instant,
  /** How long bidders have to open their shares in the hall, when the bids are sealed by the bidders. */
  decryptMinutes: z.number().int().min(1).max(24 * 60).default(30),
});

export const MINIMUM_BIDS = 3;

interface Submission {
  bid_id: number | string;
  submission_id: number | string;
  version: number | string;
  subject_id: number | string;
  credit_code: string;
  name: string;
  document_sha256: string;
  sealed_price: string;
  submitted_at: string | Date;
}

interface Line {
  lineNo: number;
  bidId: number;
  submissionId: number;
  subjectId: number;
  creditCode: string;
  name: string;
  documentSha256: string;
  priceFen: number | null;
  invalidReason: 'seal_broken' | 'late' | 'not_decrypted' | null;
}

/**
 * The section's private opening key: read here and nowhere else, and unwrapped only here. A key that does not
 * unwrap (the worker has another secret, or the row was altered) fails the attempt with nothing written; it is
 * retried, so a corrected configuration lets the opening go on.
 */
async function openingKey(trx: Knex, sectionId: number, vault: OpeningKeyVault): Promise<{ privateKey: string; publicKey: string } | null> {
  // the private key joined to its public half, clearer as plain knex
  const row = await trx('bid_opening_keys as o').join('bid_sealing_keys as k', 'k.section_id', 'o.section_id')
    .where('o.section_id', sectionId).first('o.private_key', 'k.public_key');
  return row ? { privateKey: vault.unwrap(sectionId, row.private_key), publicKey: row.public_key } : null;
}

async function currentSubmissions(trx: Knex, sectionId: number): Promise<Submission[]> {
  // bids joined to their bidders and current submissions, clearer as plain knex
  return trx('bids as b').join('subjects as p', 'p.id', 'b.bidder_subject_id')
    .join('bid_submissions as s', (j) => j.on('s.bid_id', '=', 'b.id').andOnNull('s.superseded_at'))
    .where({ 'b.section_id': sectionId, 'b.status': 'submitted' })
    .orderBy([{ column: 's.submitted_at' }, { column: 'b.id' }])
    .select('b.id as bid_id', 's.id as submission_id', 's.version', 'p.id as subject_id', 'p.credit_code', 'p.name', 's.document_sha256', 's.sealed_price', 's.submitted_at');
}

export const openBids = defineTask({
  type: 'bids.open',
  input,
  async run(ctx, request) {
    const section = await lockSection(ctx, request.sectionCode);
    assertSectionOpen(section);
    const deadline = new Date(request.deadline);
    if (ctx.now.getTime() < deadline.getTime()) {
      throw new BusinessError('BIDS_OPENING_EARLY', `标段 ${section.code} 未到投标截止时间 ${deadline.toISOString()}，不得开标`, `section ${section.code} cannot be opened before its deadline ${deadline.toISOString()}`,
        { sectionCode: section.code, deadline: deadline.toISOString(), now: ctx.now.toISOString() });
    }

    const submissions = await currentSubmissions(ctx.trx, section.id);
    const key = submissions.length > 0 ? await openingKey(ctx.trx, section.id, ctx.openingKeys()) : null;
    if (submissions.some((s) => s.sealed_price === ENVELOPE_MARK)) {
      return removePlatformSeal(ctx, section, submissions, key, deadline, request.decryptMinutes);
    }
    const lines: Line[] = submissions.map((s, i) => {
      const sealedFor = { sectionId: section.id, bidId: Number(s.bid_id), version: Number(s.version), documentSha256: s.document_sha256 };
      const priceFen = key ? openSealedPrice(key.privateKey, key.publicKey, s.sealed_price, sealedFor) : null;
      const late = new Date(s.submitted_at).getTime() >= deadline.getTime();
      return {
        lineNo: i + 1, bidId: Number(s.bid_id), submissionId: Number(s.submission_id), subjectId: Number(s.subject_id), creditCode: s.credit_code,
        name: s.name, documentSha256: s.document_sha256, priceFen, invalidReason: priceFen === null ? 'seal_broken' : late ? 'late' : null,
      };
    });
    const valid = lines.filter((l) => l.invalidReason === null);
    if (valid.length < MINIMUM_BIDS) throw await tooFewBids(ctx, section, valid.length, lines.length);

    const at = ctx.now.toISOString();
    const row = await BidOpening.query(ctx.trx).insert({
      section_id: section.id, deadline_at: deadline.toISOString(), opened_at: at, opened_key: ctx.key, valid_bid_count: valid.length, line_count: lines.length,
    });
    return recordOpening(ctx, section, Number(row.id), lines, deadline, at);
  },
});

async function tooFewBids(ctx: TaskContext, section: LockedSection, validBids: number, submittedBids: number): Promise<BusinessError> {
  const deal = await Deal.query(ctx.trx).modify('byDealCode', section.dealCode).select('procedure_kind').first();
  return fewerThanThreeBids(deal?.procedure_kind, section.code, validBids, { submittedBids });
}

/** FEWER_THAN_THREE_BIDS (实施条例 §44; 政府采购法 §36 for procurement), the refusal both opening checks raise. */
export function fewerThanThreeBids(procedureKind: string | undefined, sectionCode: string, validBids: number, extra: Record<string, unknown> = {}, afterOpening = false): BusinessError {
  const basis = procedureKind === 'government-procurement-open'
    ? { zh: '政府采购法第三十六条', en: 'Government Procurement Law, art. 36' }
    : { zh: '招标投标法实施条例第四十四条', en: 'Regulation on the Implementation of the Tendering and Bidding Law, art. 44' };
  return new BusinessError('FEWER_THAN_THREE_BIDS',
    `标段 ${sectionCode} 有效投标 ${validBids} 个，少于 ${MINIMUM_BIDS} 个，${afterOpening ? '' : '不得开标，'}应当重新招标（${basis.zh}）`,
    `section ${sectionCode} has ${validBids} valid bid(s), fewer than ${MINIMUM_BIDS}: it ${afterOpening ? '' : 'may not be opened and '}must be tendered again (${basis.en})`,
    { sectionCode, validBids, ...extra, required: MINIMUM_BIDS, legalBasis: basis.zh });
}

/** The opening record: its lines, the bids priced or rejected, the section opened, the event. */
async function recordOpening(ctx: TaskContext, section: LockedSection, openingId: number, lines: Line[], deadline: Date, at: string) {
  const valid = lines.filter((l) => l.invalidReason === null);
  // plain knex: one multi-row insert, which objection does not batch on SQLite
  await ctx.trx('bid_opening_lines').insert(lines.map((l) => ({
    opening_id: openingId, line_no: l.lineNo, bid_id: l.bidId, submission_id: l.submissionId, bidder_subject_id: l.subjectId,
    document_sha256: l.documentSha256, price_fen: l.priceFen, is_valid: l.invalidReason === null, invalid_reason: l.invalidReason,
  })));
  for (const line of lines) {
    await Bid.query(ctx.trx).findById(line.bidId).patch(line.invalidReason === null ? { price_fen: line.priceFen } : { status: 'rejected' });
  }
  await Section.query(ctx.trx).findById(section.id).patch({ status: 'opened' });

  const openedBids = valid.map((l) => ({ bidId: l.bidId, creditCode: l.creditCode, name: l.name, priceFen: l.priceFen!, documentSha256: l.documentSha256 }));
  const invalid = lines.filter((l) => l.invalidReason !== null).map((l) => ({ bidId: l.bidId, creditCode: l.creditCode, name: l.name, reason: l.invalidReason! }));
  const opening = { sectionCode: section.code, openingId, openedAt: at, deadline: deadline.toISOString(), bids: openedBids, invalid };
  await ctx.emit('bids.opened', opening);
  return { variables: { openedBids }, result: opening };
}

/**
 * Bids sealed by the bidders: at the deadline the platform removes its own seal from each (its share of the content
 * key, with the section's private opening key) and opens the decryption window; nothing can be read yet. Fewer than
 * three bids: nothing is opened (实施条例 §44).
 */
async function removePlatformSeal(ctx: TaskContext, section: LockedSection, submissions: Submission[], key: { privateKey: string; publicKey: string } | null, deadline: Date, decryptMinutes: number) {
  if (submissions.length < MINIMUM_BIDS) throw await tooFewBids(ctx, section, submissions.length, submissions.length);
  const at = ctx.now.toISOString();
  for (const s of submissions.filter((x) => x.sealed_price === ENVELOPE_MARK)) {
    const row = (await BidEnvelope.query(ctx.trx).findById(Number(s.submission_id)))!;
    let share: string | null = null;
    try {
      share = key ? base64.encode(await openPlatformShare(JSON.parse(row.envelope) as SealedBidEnvelope, Buffer.from(key.privateKey, 'base64'), Buffer.from(key.publicKey, 'base64'))) : null;
    } catch (err) {
      if (!(err instanceof EnvelopeError) && !(err instanceof Error && err.name === 'OperationError')) throw err;
    }
    await BidEnvelope.query(ctx.trx).findById(row.submission_id).patch({ platform_share: share, platform_share_at: at });
  }
  // in a sandbox region (演练) the window is compressed like the process's own timer for it
  const { compression } = await calendarFor(ctx.trx, ctx.regionCode, ctx.now.getTime());
  const decryptUntil = new Date(ctx.now.getTime() + compressPeriod(decryptMinutes * 60_000, compression)).toISOString();
  const opening = await BidOpening.query(ctx.trx).insert({
    section_id: section.id, deadline_at: deadline.toISOString(), opened_at: at, opened_key: ctx.key, valid_bid_count: 0, line_count: 0, status: 'decrypting', decrypt_until: decryptUntil,
  });
  await Section.query(ctx.trx).findById(section.id).patch({ status: 'decrypting' });
  const bidders = submissions.map((s) => ({ bidId: Number(s.bid_id), creditCode: s.credit_code, name: s.name }));
  const started = { sectionCode: section.code, openingId: Number(opening.id), openedAt: at, deadline: deadline.toISOString(), decryptUntil, bidders };
  await ctx.emit('bids.decryption_started', started);
  return { variables: { decryptUntil }, result: started };
}

/**
 * bids.finalizeOpening (开标结束): once the decryption window has run out (or every bidder has opened its bid), the
 * opening record is written: the bids opened in the hall with their prices, the others rejected (not decrypted, as the
 * tender documents say). Too few valid bids is said in `validBidCount`, for the process to route on.
 */
export const finalizeOpening = defineTask({
  type: 'bids.finalizeOpening',
  input: z.object({ sectionCode: code }),
  async run(ctx, request) {
    const section = await lockSection(ctx, request.sectionCode);
    const opening = await BidOpening.query(ctx.trx).modify('ofSection', section.id).first();
    if (!opening || opening.status !== 'decrypting') {
      throw new BusinessError(opening ? 'BIDS_ALREADY_OPENED' : 'NOT_DECRYPTING', `标段 ${section.code} 不在解密阶段`, `section ${section.code} is not being decrypted`, { sectionCode: section.code });
    }
    const submissions = await currentSubmissions(ctx.trx, section.id);
    const envelopes = new Map((await BidEnvelope.query(ctx.trx).whereIn('submission_id', submissions.map((s) => Number(s.submission_id)))).map((e) => [Number(e.submission_id), e]));
    const windowOpen = opening.decrypt_until !== null && Date.parse(opening.decrypt_until) > ctx.now.getTime();
    if (windowOpen && [...envelopes.values()].some((e) => !e.decrypted_at)) {
      throw new BusinessError('DECRYPTION_WINDOW_OPEN', `标段 ${section.code} 的解密时间未到（至 ${opening.decrypt_until}）`, `the decryption window of section ${section.code} is still open (until ${opening.decrypt_until})`, { decryptUntil: opening.decrypt_until });
    }
    const key = submissions.some((s) => s.sealed_price !== ENVELOPE_MARK) ? await openingKey(ctx.trx, section.id, ctx.openingKeys()) : null;
    const deadline = new Date(opening.deadline_at);
    const lines: Line[] = submissions.map((s, i) => {
      const envelope = envelopes.get(Number(s.submission_id));
      let priceFen: number | null = null;
      let invalidReason: Line['invalidReason'] = null;
      if (envelope) {
        if (!envelope.platform_share) invalidReason = 'seal_broken';
        else if (!envelope.opened_content) invalidReason = 'not_decrypted';
        else priceFen = (JSON.parse(envelope.opened_content) as BidContent).priceFen;
      } else {
        priceFen = key ? openSealedPrice(key.privateKey, key.publicKey, s.sealed_price, { sectionId: section.id, bidId: Number(s.bid_id), version: Number(s.version), documentSha256: s.document_sha256 }) : null;
        invalidReason = priceFen === null ? 'seal_broken' : new Date(s.submitted_at).getTime() >= deadline.getTime() ? 'late' : null;
      }
      return {
        lineNo: i + 1, bidId: Number(s.bid_id), submissionId: Number(s.submission_id), subjectId: Number(s.subject_id), creditCode: s.credit_code,
        name: s.name, documentSha256: s.document_sha256, priceFen: invalidReason ? null : priceFen, invalidReason,
      };
    });
    const valid = lines.filter((l) => l.invalidReason === null);
    const at = ctx.now.toISOString();
    await BidOpening.query(ctx.trx).findById(opening.id).patch({ status: 'complete', valid_bid_count: valid.length, line_count: lines.length });
    const recorded = await recordOpening(ctx, section, Number(opening.id), lines, deadline, at);
    return { ...recorded, variables: { ...recorded.variables, validBidCount: valid.length } };
  },
});
