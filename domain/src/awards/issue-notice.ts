// awards.issueNotice (发出中标通知书): the award notice to the winner and a result letter to every other bidder, each
// a PDF stored with its SHA-256; the award row records the notice's hash, and the price goes to the price library —
// all in one transaction. The price is then compared with its peers' (../prices/award-price-check): outside their
// reasonable interval, supervisors get an alert; that check never stops the award.
import type { Knex } from 'knex';
import { z } from 'zod';
import { Award, AwardResultLetter, AwardedPrice, BidOpening, BidOpeningLine, Deal } from '@ggzy/db';
import { BusinessError, code, creditCode, defineTask, fen } from '../step';
import { isoDate, localDate } from '../deposits/rules';
import { requireRegisteredBidder, requireSection, subjectById, type SubjectRow } from '../deposits/sections';
import { storeDealDocument, type DealFileMeta } from '../files/documents';
import { renderLetter, type LetterContent, type Party } from './notice-pdf';
import { checkAwardPrice, type PriceAlert } from '../prices/award-price-check';

interface StoredDocument { documentId: number; fileName: string; sha256: string; sizeBytes: number }
const documentOf = (d: DealFileMeta): StoredDocument => ({ documentId: d.id, fileName: d.fileName, sha256: d.sha256, sizeBytes: d.sizeBytes });

const input = z.object({
  sectionCode: code,
  winner: creditCode,
  /** Only where no bids were opened (a negotiated or a land deal): with an opening record the price is the winner's opened bid. */
  priceFen: fen.positive().optional(),
  /** The date the notice carries (China Standard Time); today when absent. */
  noticeDate: isoDate.optional(),
});

const PDF = 'application/pdf';

/**
 * The bidders who get a result letter (法 第四十五条: every bidder not chosen). With an opening record, those whose bids
 * were opened — and the winner must be a valid one of them; without one, every registered bidder that did not withdraw.
 */
async function otherBidders(trx: Knex, sectionId: number, winner: SubjectRow): Promise<{ others: Array<{ id: number }>; openedPriceFen: number | null }> {
  const opening = await BidOpening.query(trx).modify('ofSection', sectionId).select('id').first();
  if (opening) {
    const line = await BidOpeningLine.query(trx).where({ opening_id: opening.id, bidder_subject_id: winner.id }).select('is_valid', 'price_fen').first();
    if (!line || !line.is_valid) {
      throw new BusinessError('WINNER_NOT_A_VALID_BID', `${winner.creditCode} 的投标未在开标记录中列为有效投标`, `the bid of ${winner.creditCode} is not a valid bid of the opening record`, { creditCode: winner.creditCode });
    }
    // opening lines joined to their bidders to order by credit code, clearer as plain knex
    const others = await trx('bid_opening_lines as l').join('subjects as s', 's.id', 'l.bidder_subject_id').where('l.opening_id', opening.id)
      .whereNot('l.bidder_subject_id', winner.id).orderBy('s.credit_code').select('s.id');
    return { others, openedPriceFen: Number(line.price_fen) };
  }
  // bids joined to their bidders to order by credit code, clearer as plain knex
  const others = await trx('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id')
    .where('b.section_id', sectionId).whereNot('b.bidder_subject_id', winner.id).whereNot('b.status', 'withdrawn')
    .orderBy('s.credit_code').select('s.id');
  return { others, openedPriceFen: null };
}

/**
 * The award's price: the winner's bid as opened (中标价 = 投标报价). A price typed into the process must say the same, or
 * the notice is refused; only a section whose bids were never opened takes the price it is given.
 */
function awardPrice(sectionCode: string, typed: number | undefined, opened: number | null): number {
  if (opened !== null) {
    if (typed !== undefined && typed !== opened) {
      throw new BusinessError('AWARD_PRICE_NOT_THE_BID', `中标价 ${typed} 分与中标人开标时的投标报价 ${opened} 分不符`, `the award price ${typed} fen is not the winner's opened bid of ${opened} fen`, { sectionCode, typed, opened });
    }
    return opened;
  }
  if (typed === undefined) {
    throw new BusinessError('AWARD_PRICE_MISSING', `标段 ${sectionCode} 没有开标记录，须给出中标价`, `section ${sectionCode} has no opening record: the award price must be given`, { sectionCode });
  }
  return typed;
}
const party = (s: SubjectRow): Party => ({ name: s.name, creditCode: s.creditCode });

export const issueAwardNotice = defineTask({
  type: 'awards.issueNotice',
  input,
  async run(ctx, award) {
    const section = await requireSection(ctx, award.sectionCode, { open: true });
    const issued = await Award.query(ctx.trx).modify('ofSection', section.id).select('id').first();
    const priced = await AwardedPrice.query(ctx.trx).where('section_code', section.code).select('id').first();
    if (issued || priced) {
      throw new BusinessError('AWARD_ALREADY_ISSUED', `标段 ${section.code} 已发出中标通知书`, `section ${section.code} already has an award notice`, { sectionCode: section.code });
    }
    const { subject: winner, bidId } = await requireRegisteredBidder(ctx, section, award.winner, 'WINNER_NOT_A_BIDDER');
    const today = localDate(ctx.now);
    const noticeDate = award.noticeDate ?? today;
    if (noticeDate > today) {
      throw new BusinessError('NOTICE_DATE_INVALID', `中标通知书日期 ${noticeDate} 晚于今日 ${today}`, `the notice date ${noticeDate} is after today (${today})`, { noticeDate, today });
    }
    const { others, openedPriceFen } = await otherBidders(ctx.trx, section.id, winner);
    const priceFen = awardPrice(section.code, award.priceFen, openedPriceFen);
    const tenderee = section.tendereeSubjectId ? party(await subjectById(ctx.trx, section.tendereeSubjectId)) : null;
    const agent = section.agentSubjectId ? party(await subjectById(ctx.trx, section.agentSubjectId)) : null;
    const base: Omit<LetterContent, 'kind' | 'addressee'> = {
      dealCode: section.dealCode, dealTitle: section.dealTitle, sectionCode: section.code, sectionName: section.name,
      winner: party(winner), priceFen, tenderee, agent, noticeDate,
      ...((await Deal.query(ctx.trx).modify('byDealCode', section.dealCode).select('is_sandbox').first())?.is_sandbox ? { sandbox: true as const } : {}),
    };
    // Everything is read and every PDF rendered (about a second each, CPU-bound) before the first write.
    const bidders: SubjectRow[] = [];
    for (const other of others as Array<{ id: number }>) bidders.push(await subjectById(ctx.trx, Number(other.id)));
    const render = async (kind: LetterContent['kind'], addressee: SubjectRow) => {
      const { bytes } = await renderLetter({ ...base, kind, addressee: party(addressee) });
      ctx.heartbeat({ rendered: addressee.creditCode });
      return bytes;
    };
    const noticeBytes = await render('award_notice', winner);
    const letterBytes: Buffer[] = [];
    for (const bidder of bidders) letterBytes.push(await render('result_letter', bidder));

    const store = async (kind: LetterContent['kind'], addressee: SubjectRow, fileName: string, bytes: Buffer): Promise<StoredDocument> => documentOf(await storeDealDocument(ctx.trx, ctx.objects(), {
      dealCode: section.dealCode, sectionCode: section.code, subjectId: addressee.id, kind, fileName, mediaType: PDF, content: bytes,
      createdKey: ctx.key, now: ctx.now,
    }));
    const notice = await store('award_notice', winner, `award-notice-${section.code}.pdf`, noticeBytes);
    const row = await Award.query(ctx.trx).insert({
      deal_id: section.dealId, section_id: section.id, bid_id: bidId, winner_subject_id: winner.id, price_fen: priceFen,
      notice_document_id: notice.documentId, notice_sha256: notice.sha256, notice_date: noticeDate, issued_key: ctx.key, issued_at: ctx.now.toISOString(),
    });
    const awardId = Number(row.id);
    const letters: Array<StoredDocument & { bidder: string }> = [];
    for (const [i, bidder] of bidders.entries()) {
      const letter = await store('result_letter', bidder, `result-letter-${section.code}-${bidder.creditCode}.pdf`, letterBytes[i]!);
      await AwardResultLetter.query(ctx.trx).insert({ award_id: awardId, bidder_subject_id: bidder.id, document_id: letter.documentId });
      letters.push({ ...letter, bidder: bidder.creditCode });
    }
    const deal = await Deal.query(ctx.trx).modify('byDealCode', section.dealCode).select('region_code', 'procedure_kind', 'category').first();
    const period = new Date(ctx.now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    await AwardedPrice.query(ctx.trx).insert({
      deal_code: section.dealCode, section_code: section.code, amount_fen: priceFen, currency: 'CNY', awarded_at: ctx.now.toISOString(),
      region_code: deal?.region_code ?? null, procedure_kind: deal?.procedure_kind ?? null, category: deal?.category ?? null, period,
    });
    await ctx.emit('award.issued', {
      sectionCode: section.code, winner: winner.creditCode, priceFen: priceFen, noticeDate, awardId,
      notice: { documentId: notice.documentId, sha256: notice.sha256, sizeBytes: notice.sizeBytes },
      letters: letters.map((l) => ({ bidder: l.bidder, documentId: l.documentId, sha256: l.sha256 })),
    });
    if (deal) {
      const facts = { dealCode: section.dealCode, sectionCode: section.code, regionCode: deal.region_code, procedureKind: deal.procedure_kind, category: deal.category ?? null, amountFen: priceFen };
      let alert: PriceAlert | null = null;
      try {
        alert = await ctx.trx.transaction((savepoint) => checkAwardPrice(savepoint, facts, { key: ctx.key, now: ctx.now }));
      } catch (err) {
        await ctx.emit('price.check_failed', { sectionCode: section.code, reason: err instanceof Error ? err.name : 'unknown' });
      }
      if (alert) await ctx.emit('alert.raised', { ...alert });
    }
    return { result: { awardId, sectionCode: section.code, winner: winner.creditCode, priceFen: priceFen, noticeDate, notice, letters } };
  },
});
