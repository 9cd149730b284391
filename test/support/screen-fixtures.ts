// Opened sections for the bid-rigging screens' tests, written as the opening writes them (the deal and its section,
// the bidders, their bids and current submissions, the final opening record and its lines) together with what §40's
// evidence reads beside them: the cash deposit's paying account and the device the sealed bid was uploaded from. No
// statutory period has to pass: the screens read only these tables.
import { createHash } from 'node:crypto';
import type { Db } from '@ggzy/db';
import { withCheckCharacter } from '@ggzy/db';

export interface FixtureBid {
  bidder: number;
  priceFen: number;
  depositAccount?: string;
  deviceId?: string;
  documentSha256?: string;
}

export const screenBidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA5${String(n).padStart(6, '0')}`), name: `筛查测试${n}号建设有限公司` });

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** One opened section (`${dealCode}-01`) with its valid bids; returns the section code. */
export async function seedOpenedSection(db: Db, options: { dealCode: string; regionCode?: string; procedureKind?: string; estimateFen?: number | null; openedAt: string; bids: FixtureBid[] }): Promise<string> {
  // one transaction: the ledger's balance is checked when it commits (PostgreSQL)
  return db.transaction((trx) => seedIn(trx as unknown as Db, options));
}

async function seedIn(db: Db, options: { dealCode: string; regionCode?: string; procedureKind?: string; estimateFen?: number | null; openedAt: string; bids: FixtureBid[] }): Promise<string> {
  const { dealCode, openedAt } = options;
  const regionCode = options.regionCode ?? '990100';
  const sectionCode = `${dealCode}-01`;
  const [deal] = await db('deals').insert({ deal_code: dealCode, region_code: regionCode, title: `筛查测试工程 ${dealCode}`, procedure_kind: options.procedureKind ?? 'construction-open-tender', status: 'running' }).returning('id');
  const dealId = Number(typeof deal === 'object' ? deal.id : deal);
  const [section] = await db('sections').insert({ deal_id: dealId, section_code: sectionCode, name: '施工', estimate_fen: options.estimateFen === undefined ? 1_000_000_000 : options.estimateFen, status: 'opened' }).returning('id');
  const sectionId = Number(typeof section === 'object' ? section.id : section);
  const [opening] = await db('bid_openings').insert({ section_id: sectionId, deadline_at: openedAt, opened_at: openedAt, opened_key: `fixture:${sectionCode}`, valid_bid_count: options.bids.length, line_count: options.bids.length, status: 'complete' }).returning('id');
  const openingId = Number(typeof opening === 'object' ? opening.id : opening);
  for (const [i, b] of options.bids.entries()) {
    const who = screenBidder(b.bidder);
    let subject = await db('subjects').where('credit_code', who.creditCode).first('id');
    if (!subject) {
      await db('subjects').insert({ credit_code: who.creditCode, name: who.name, kind: 'bidder', created_at: openedAt });
      subject = await db('subjects').where('credit_code', who.creditCode).first('id');
    }
    const subjectId = Number(subject.id);
    const [bid] = await db('bids').insert({ section_id: sectionId, bidder_subject_id: subjectId, status: 'submitted', price_fen: b.priceFen, registered_at: openedAt }).returning('id');
    const bidId = Number(typeof bid === 'object' ? bid.id : bid);
    const document = b.documentSha256 ?? sha(`${sectionCode}/${who.creditCode}`);
    const [submission] = await db('bid_submissions').insert({ bid_id: bidId, version: 1, document_sha256: document, sealed_price: 'ggzy-envelope', submitted_key: `fixture:${sectionCode}:${bidId}`, submitted_at: openedAt }).returning('id');
    const submissionId = Number(typeof submission === 'object' ? submission.id : submission);
    await db('bid_envelopes').insert({
      submission_id: submissionId, envelope: '{}', envelope_sha256: sha(`envelope/${submissionId}`), signature: 'AAAA', certificate_fingerprint: sha(`cert/${who.creditCode}`),
      key_algorithm: 'sm2', client_device_id: b.deviceId ?? `device-${who.creditCode}`, decrypted_at: openedAt, opened_content: JSON.stringify({ priceFen: b.priceFen }),
    });
    await db('bid_opening_lines').insert({ opening_id: openingId, line_no: i + 1, bid_id: bidId, submission_id: submissionId, bidder_subject_id: subjectId, document_sha256: document, price_fen: b.priceFen, is_valid: true, invalid_reason: null });
    const accounts: number[] = [];
    for (const [purpose, kind] of [['deposit_escrow', 'asset'], ['deposit_payable', 'liability']] as const) {
      const [account] = await db('ledger_accounts').insert({ account_code: `fixture:${purpose}:${sectionCode}:${bidId}`, kind, purpose, region_code: regionCode, section_id: sectionId, subject_id: subjectId, name: purpose, created_at: openedAt }).returning('id');
      accounts.push(Number(typeof account === 'object' ? account.id : account));
    }
    const [entry] = await db('journal_entries').insert({ entry_key: `fixture:deposit:${sectionCode}:${bidId}`, kind: 'deposit.collect', deal_id: dealId, section_id: sectionId, line_count: 2, memo: '保证金（测试）', activity_key: 'fixture', posted_at: openedAt }).returning('id');
    const entryId = Number(typeof entry === 'object' ? entry.id : entry);
    await db('journal_lines').insert([{ entry_id: entryId, line_no: 1, account_id: accounts[0], amount_fen: 200_000, memo: 'principal' }, { entry_id: entryId, line_no: 2, account_id: accounts[1], amount_fen: -200_000, memo: 'principal' }]);
    await db('deposits').insert({
      deal_id: dealId, section_id: sectionId, bid_id: bidId, bidder_subject_id: subjectId, form: 'cash', amount_fen: 200_000, paying_account: b.depositAccount ?? `62229901${String(b.bidder).padStart(8, '0')}`,
      journal_entry_id: entryId, collected_key: `fixture:collect:${sectionCode}:${bidId}`, collected_at: openedAt,
    });
  }
  return sectionCode;
}

/**
 * A market's history: `count` opened sections of ordinary competition (4–6 unrelated bidders from a pool of 12, prices
 * 2–9 % apart around the estimate), from a seed, so the screens have a market to rank against.
 */
export async function seedMarketHistory(db: Db, options: { prefix: string; count: number; seed?: number; regionCode?: string }): Promise<string[]> {
  let a = (options.seed ?? 7) >>> 0;
  const random = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const sections: string[] = [];
  for (let s = 0; s < options.count; s++) {
    const n = 4 + Math.floor(random() * 3);
    const pool = Array.from({ length: 12 }, (_, i) => 100 + i).sort(() => random() - 0.5).slice(0, n);
    const bids = pool.map((bidder) => ({ bidder, priceFen: Math.round(1_000_000_000 * (0.86 + random() * 0.12)) }));
    const day = String(1 + (s % 28)).padStart(2, '0');
    sections.push(await seedOpenedSection(db, { dealCode: `${options.prefix}-${String(s + 1).padStart(5, '0')}`, regionCode: options.regionCode, openedAt: `2025-${String(1 + Math.floor(s / 28) % 12).padStart(2, '0')}-${day}T02:00:00.000Z`, bids }));
  }
  return sections;
}
