// The bids of one market as the bid-rigging screens read them: every valid opened bid (开标记录, bid_opening_lines) of
// the deals of one region and one procedure kind, with the facts §40 of 《招标投标法实施条例》 looks at and where each
// came from — the bid document's digest (bid_opening_lines.document_sha256), the device the sealed bid was uploaded
// from (bid_envelopes.client_device_id), the account the cash deposit came from (deposits.paying_account) and the
// people the bidder names in the subject library (subject_people: the same name with the same masked identity number;
// the library keeps identity digests per subject on purpose, so this is the only match across subjects).
import type { Knex } from 'knex';
import { BidTableBuilder } from '../collusion/bid-table';

export interface Market { regionCode: string; procedureKind: string }

/** Where each fact of a bid comes from, shown beside the evidence. */
export const FACT_SOURCES = {
  document_hash: 'bid_opening_lines.document_sha256',
  tool_fingerprint: 'bid_envelopes.client_device_id',
  deposit_account: 'deposits.paying_account',
  people: 'subject_people (name + masked identity number)',
} as const;

export interface MarketBid {
  sectionId: number;
  sectionCode: string;
  dealCode: string;
  bidderSubjectId: number;
  creditCode: string;
  name: string;
  priceFen: number;
  estimateFen: number | null;
  openedAt: string;
  documentSha256: string;
  deviceId: string | null;
  depositAccount: string | null;
}

export const marketName = (m: Market) => `${m.regionCode}/${m.procedureKind}`;

export async function marketBids(trx: Knex, market: Market): Promise<MarketBid[]> {
  // five tables joined for one row per opened bid: clearer as plain knex
  const rows = await trx('bid_opening_lines as l')
    .join('bid_openings as o', 'o.id', 'l.opening_id')
    .join('sections as s', 's.id', 'o.section_id')
    .join('deals as d', 'd.id', 's.deal_id')
    .join('subjects as p', 'p.id', 'l.bidder_subject_id')
    .leftJoin('bid_envelopes as e', 'e.submission_id', 'l.submission_id')
    .leftJoin('deposits as dp', (j) => j.on('dp.section_id', '=', 's.id').andOn('dp.bidder_subject_id', '=', 'l.bidder_subject_id'))
    .where({ 'd.region_code': market.regionCode, 'd.procedure_kind': market.procedureKind, 'l.is_valid': true, 'o.status': 'complete' })
    .whereNotNull('l.price_fen')
    .orderBy([{ column: 's.id' }, { column: 'l.line_no' }])
    .select('s.id as section_id', 's.section_code', 'd.deal_code', 'l.bidder_subject_id', 'p.credit_code', 'p.name', 'l.price_fen', 's.estimate_fen',
      'o.opened_at', 'l.document_sha256', 'e.client_device_id', 'dp.paying_account');
  return rows.map((r: Record<string, unknown>) => ({
    sectionId: Number(r.section_id), sectionCode: String(r.section_code), dealCode: String(r.deal_code), bidderSubjectId: Number(r.bidder_subject_id),
    creditCode: String(r.credit_code), name: String(r.name), priceFen: Number(r.price_fen), estimateFen: r.estimate_fen == null ? null : Number(r.estimate_fen),
    openedAt: r.opened_at instanceof Date ? r.opened_at.toISOString() : String(r.opened_at), documentSha256: String(r.document_sha256).toLowerCase(),
    deviceId: (r.client_device_id as string | null) ?? null, depositAccount: (r.paying_account as string | null) ?? null,
  }));
}

/** The people each bidder names (active ones with a masked identity number), keyed by name and that number. */
export async function peopleOfBidders(trx: Knex, subjectIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!subjectIds.length) return out;
  const unique = [...new Set(subjectIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await trx('subject_people').whereIn('subject_id', unique.slice(i, i + 500)).where('status', 'active').whereNotNull('id_number_masked')
      .select('subject_id', 'name', 'id_number_masked');
    for (const r of rows as Array<{ subject_id: number | string; name: string; id_number_masked: string }>) {
      const key = `${r.name}/${r.id_number_masked}`;
      const list = out.get(Number(r.subject_id)) ?? [];
      if (!list.includes(key)) list.push(key);
      out.set(Number(r.subject_id), list);
    }
  }
  return out;
}

/** The market's bids as a bid table (one market; tenders are section codes, bidders credit codes). */
export function marketTable(market: Market, bids: readonly MarketBid[], people: Map<number, string[]>) {
  const builder = new BidTableBuilder();
  for (const b of bids) {
    builder.add({
      market: marketName(market), tender: b.sectionCode, bid: b.priceFen, bidder: b.creditCode, estimate: b.estimateFen, date: b.openedAt.slice(0, 10),
      documentHash: b.documentSha256, toolFingerprint: b.deviceId, depositAccount: b.depositAccount, people: people.get(b.bidderSubjectId) ?? null,
    });
  }
  return builder.build();
}
