// bids.open (开标): at the deadline the section's sealed prices are opened and the opening record written (one line
// per submitted bid). Fewer than three valid bids (实施条例 §44): nothing is opened or written, and the typed error
// FEWER_THAN_THREE_BIDS lets an error boundary route the process to a new tender.
import type { Knex } from 'knex';
import { Bid, BidOpening, Deal, Section } from '@ggzy/db';
import { z } from 'zod';
import { BusinessError, code, defineTask } from '../step';
import { openSealedPrice } from './sealing';
import type { OpeningKeyVault } from './key-vault';
import { assertSectionOpen, instant, lockSection } from './section';

const input = z.object({ sectionCode: code, deadline: instant });

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
  invalidReason: 'seal_broken' | 'late' | null;
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
    if (valid.length < MINIMUM_BIDS) {
      const deal = await Deal.query(ctx.trx).modify('byDealCode', section.dealCode).select('procedure_kind').first();
      const basis = deal?.procedure_kind === 'government-procurement-open'
        ? { zh: '政府采购法第三十六条', en: 'Government Procurement Law, art. 36' }
        : { zh: '招标投标法实施条例第四十四条', en: 'Regulation on the Implementation of the Tendering and Bidding Law, art. 44' };
      throw new BusinessError('FEWER_THAN_THREE_BIDS',
        `标段 ${section.code} 有效投标 ${valid.length} 个，少于 ${MINIMUM_BIDS} 个，不得开标，应当重新招标（${basis.zh}）`,
        `section ${section.code} has ${valid.length} valid bid(s), fewer than ${MINIMUM_BIDS}: it may not be opened and must be tendered again (${basis.en})`,
        { sectionCode: section.code, validBids: valid.length, submittedBids: lines.length, required: MINIMUM_BIDS, legalBasis: basis.zh });
    }

    const at = ctx.now.toISOString();
    const row = await BidOpening.query(ctx.trx).insert({
      section_id: section.id, deadline_at: deadline.toISOString(), opened_at: at, opened_key: ctx.key, valid_bid_count: valid.length, line_count: lines.length,
    });
    const openingId = Number(row.id);
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
  },
});
