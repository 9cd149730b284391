// Deals for the market dashboards' tests, written as the lifecycle writes them: the deal started at a given time, its
// competition notice, its section opened with its valid bids (screen-fixtures), the award notice with its document,
// and the sealed archive — or a section that failed before any opening (流标: too few bids at the deadline). Every
// instant is given, so the dashboards' figures can be worked out by hand.
import { createHash } from 'node:crypto';
import type { Db } from '@ggzy/db';
import { screenBidder, seedOpenedSection } from './screen-fixtures';

export interface MarketDealSpec {
  dealCode: string;
  regionCode?: string;
  procedureKind?: string;
  category?: string;
  sandbox?: boolean;
  startedAt: string;
  noticeAt?: string;
  /** The opening; with `failedAt` instead, the section failed at its bid deadline without one. */
  openedAt?: string;
  failedAt?: string;
  estimateFen?: number | null;
  /** Bidders (screenBidder numbers) and their prices; for a failed section, the live registrations. */
  bids: Array<{ bidder: number; priceFen: number }>;
  /** Withdrawn registrations of a failed section (not counted). */
  withdrawn?: number[];
  award?: { bidder: number; at: string };
  archivedAt?: string;
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const idOf = (row: unknown) => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

async function subjectId(db: Db, bidder: number, at: string): Promise<number> {
  const who = screenBidder(bidder);
  const found = await db('subjects').where('credit_code', who.creditCode).first('id');
  if (found) return Number(found.id);
  const [row] = await db('subjects').insert({ credit_code: who.creditCode, name: who.name, kind: 'bidder', created_at: at }).returning('id');
  return idOf(row);
}

export async function seedMarketDeal(db: Db, spec: MarketDealSpec): Promise<void> {
  const regionCode = spec.regionCode ?? '990100';
  const procedureKind = spec.procedureKind ?? 'construction-open-tender';
  const sectionCode = `${spec.dealCode}-01`;
  if (spec.openedAt) {
    await seedOpenedSection(db, { dealCode: spec.dealCode, regionCode, procedureKind, estimateFen: spec.estimateFen, openedAt: spec.openedAt, bids: spec.bids });
  } else {
    const [deal] = await db('deals').insert({ deal_code: spec.dealCode, region_code: regionCode, title: `市场测试 ${spec.dealCode}`, procedure_kind: procedureKind, status: 'failed' }).returning('id');
    const [section] = await db('sections').insert({ deal_id: idOf(deal), section_code: sectionCode, name: '施工', estimate_fen: spec.estimateFen ?? null, status: 'failed' }).returning('id');
    for (const b of spec.bids) await db('bids').insert({ section_id: idOf(section), bidder_subject_id: await subjectId(db, b.bidder, spec.startedAt), status: 'submitted', registered_at: spec.startedAt });
    for (const n of spec.withdrawn ?? []) {
      await db('bids').insert({ section_id: idOf(section), bidder_subject_id: await subjectId(db, n, spec.startedAt), status: 'withdrawn', registered_at: spec.startedAt, withdrawn_at: spec.startedAt });
    }
  }
  await db('deals').where('deal_code', spec.dealCode).update({
    created_at: spec.startedAt, category: spec.category ?? null, is_sandbox: spec.sandbox ?? false, bid_deadline_at: spec.openedAt ?? spec.failedAt ?? null,
  });
  const deal = await db('deals').where('deal_code', spec.dealCode).first('id');
  const section = await db('sections').where('section_code', sectionCode).first('id');
  const dealId = Number(deal.id), sectionId = Number(section.id);
  if (spec.noticeAt) {
    await db('notices').insert({
      deal_id: dealId, section_id: null, region_code: regionCode, notice_type: procedureKind === 'government-procurement-open' ? 'procurement' : 'tender',
      title: `招标公告 ${spec.dealCode}`, body: '市场测试公告', body_format: 'plain', status: 'published', published_at: spec.noticeAt, min_until: spec.noticeAt,
      period: null, period_basis: '测试', publish_key: `fixture:notice:${spec.dealCode}`, created_at: spec.noticeAt,
    });
  }
  if (spec.award) {
    const winner = await subjectId(db, spec.award.bidder, spec.award.at);
    const bid = await db('bids').where({ section_id: sectionId, bidder_subject_id: winner }).first('id', 'price_fen');
    const content = Buffer.from(`中标通知书 ${sectionCode}`);
    const [document] = await db('documents').insert({
      deal_code: spec.dealCode, section_code: sectionCode, subject_id: winner, kind: 'award_notice', file_name: 'award.pdf', media_type: 'application/pdf',
      size_bytes: content.length, sha256: sha(content), content, created_key: `fixture:award:${sectionCode}`, created_at: spec.award.at,
    }).returning('id');
    await db('awards').insert({
      deal_id: dealId, section_id: sectionId, bid_id: Number(bid.id), winner_subject_id: winner, price_fen: Number(bid.price_fen), notice_document_id: idOf(document),
      notice_sha256: sha(content), notice_date: spec.award.at.slice(0, 10), issued_key: `fixture:award:${sectionCode}`, issued_at: spec.award.at,
    });
  }
  if (spec.archivedAt) {
    await db('archives').insert({
      deal_id: dealId, deal_code: spec.dealCode, region_code: regionCode, manifest_sha256: sha(spec.dealCode), document_count: 1, trail_count: 0,
      deal_status: 'completed', sealed_at: spec.archivedAt, sealed_key: `fixture:archive:${spec.dealCode}`,
    });
  }
}

/**
 * The hand-worked market of the dashboards' tests (and the browser test): the first quarter of 2025 in 东湖市 and one
 * deal in 西山市, with a sandbox deal and a deal of December 2024 that must not count. The figures the tests expect
 * are worked out beside each deal.
 */
export const HAND_MARKET: MarketDealSpec[] = [
  // notice → opening 20 days (at the minimum); opening → award 9 days; start → archive 67 days
  { dealCode: '990100-2025-JS-M0001', category: '房屋建筑工程', startedAt: '2025-01-02T02:00:00.000Z', noticeAt: '2025-01-05T02:00:00.000Z', openedAt: '2025-01-25T02:00:00.000Z', estimateFen: 100_000_000,
    bids: [{ bidder: 1, priceFen: 90_000_000 }, { bidder: 2, priceFen: 95_000_000 }, { bidder: 3, priceFen: 98_000_000 }, { bidder: 4, priceFen: 99_000_000 }],
    award: { bidder: 1, at: '2025-02-03T02:00:00.000Z' }, archivedAt: '2025-03-10T02:00:00.000Z' },
  // notice → opening 22 days; opening → award 3 days 1 hour (at the candidates' 3-day minimum); award 11:00 on 31 January China time
  { dealCode: '990100-2025-JS-M0002', startedAt: '2025-01-03T02:00:00.000Z', noticeAt: '2025-01-06T02:00:00.000Z', openedAt: '2025-01-28T02:00:00.000Z', estimateFen: 200_000_000,
    bids: [{ bidder: 1, priceFen: 195_000_000 }, { bidder: 2, priceFen: 190_000_000 }, { bidder: 5, priceFen: 199_000_000 }],
    award: { bidder: 2, at: '2025-01-31T03:00:00.000Z' } },
  // a single bid, not awarded: failed; notice → opening 18 days (below the minimum)
  { dealCode: '990100-2025-JS-M0003', startedAt: '2025-02-01T02:00:00.000Z', noticeAt: '2025-02-02T02:00:00.000Z', openedAt: '2025-02-20T02:00:00.000Z', estimateFen: 50_000_000,
    bids: [{ bidder: 6, priceFen: 48_000_000 }] },
  // failed at the deadline before any opening: two live registrations, one withdrawn
  { dealCode: '990100-2025-JS-M0004', startedAt: '2025-02-05T02:00:00.000Z', failedAt: '2025-02-26T02:00:00.000Z', bids: [{ bidder: 1, priceFen: 1 }, { bidder: 3, priceFen: 1 }], withdrawn: [4] },
  // no estimate: its award counts for concentration, not for the price ratio; notice → opening 23 days; opening → award 7
  { dealCode: '990100-2025-JS-M0005', startedAt: '2025-02-10T02:00:00.000Z', noticeAt: '2025-02-10T02:00:00.000Z', openedAt: '2025-03-05T02:00:00.000Z', estimateFen: null,
    bids: [{ bidder: 1, priceFen: 60_000_000 }, { bidder: 2, priceFen: 61_000_000 }, { bidder: 3, priceFen: 62_000_000 }, { bidder: 7, priceFen: 63_000_000 }, { bidder: 8, priceFen: 64_000_000 }],
    award: { bidder: 1, at: '2025-03-12T02:00:00.000Z' } },
  // a procurement: notice → opening 20 days (its own minimum), opening → award 3 days (no minimum for it)
  { dealCode: '990100-2025-ZC-M0006', procedureKind: 'government-procurement-open', startedAt: '2025-03-01T02:00:00.000Z', noticeAt: '2025-03-02T02:00:00.000Z', openedAt: '2025-03-22T02:00:00.000Z', estimateFen: 40_000_000,
    bids: [{ bidder: 2, priceFen: 31_000_000 }, { bidder: 9, priceFen: 30_000_000 }, { bidder: 10, priceFen: 32_000_000 }],
    award: { bidder: 9, at: '2025-03-25T02:00:00.000Z' } },
  // not counted: a training-sandbox deal, and a deal of December 2024
  { dealCode: '990100-2025-JS-S0007', sandbox: true, startedAt: '2025-01-04T02:00:00.000Z', openedAt: '2025-01-10T02:00:00.000Z', bids: [{ bidder: 1, priceFen: 1_000_000 }], award: { bidder: 1, at: '2025-01-11T02:00:00.000Z' } },
  { dealCode: '990100-2024-JS-M0008', startedAt: '2024-12-01T02:00:00.000Z', noticeAt: '2024-12-01T02:00:00.000Z', openedAt: '2024-12-20T02:00:00.000Z',
    bids: [{ bidder: 1, priceFen: 10_000_000 }, { bidder: 2, priceFen: 11_000_000 }, { bidder: 3, priceFen: 12_000_000 }], award: { bidder: 1, at: '2024-12-28T02:00:00.000Z' } },
  // 西山市: started at 01:00 on 1 February China time (17:00 UTC the day before); 20 days, 9 days, 47 days
  { dealCode: '990200-2025-JS-M0001', regionCode: '990200', startedAt: '2025-01-31T17:00:00.000Z', noticeAt: '2025-02-02T02:00:00.000Z', openedAt: '2025-02-22T02:00:00.000Z', estimateFen: 80_000_000,
    bids: [{ bidder: 11, priceFen: 60_000_000 }, { bidder: 12, priceFen: 70_000_000 }, { bidder: 1, priceFen: 75_000_000 }],
    award: { bidder: 11, at: '2025-03-03T02:00:00.000Z' }, archivedAt: '2025-03-20T02:00:00.000Z' },
];

export async function seedHandMarket(db: Db): Promise<void> {
  for (const spec of HAND_MARKET) await seedMarketDeal(db, spec);
}

/**
 * April to December 2025 of ordinary trading (after the hand-worked quarter, so its figures stay as worked out): each
 * month three deals in 东湖市 and one in 西山市, 1–7 bidders from a pool of twelve, the lowest of three or more awarded
 * 3–12 days after the opening, most archived a month later — from a seed, for charts worth looking at.
 */
export async function seedMarketYear(db: Db, seed = 11): Promise<number> {
  let a = seed >>> 0;
  const random = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const day = 86_400_000;
  let count = 0;
  for (let month = 4; month <= 12; month++) {
    for (let k = 0; k < 4; k++) {
      const regionCode = k === 3 ? '990200' : '990100';
      const notice = Date.UTC(2025, month - 1, 6 + k * 6, 2); // started five days before: never in the hand-worked quarter
      const opened = notice + (20 + Math.floor(random() * (month < 8 ? 4 : 12))) * day;
      const n = 1 + Math.floor(random() * 7);
      const pool = Array.from({ length: 12 }, (_, i) => 1 + i).sort(() => random() - 0.5).slice(0, n);
      const estimateFen = 50_000_000 + Math.floor(random() * 20) * 10_000_000;
      const bids = pool.map((bidder) => ({ bidder, priceFen: Math.round(estimateFen * (0.82 + random() * 0.16)) }));
      const lowest = [...bids].sort((x, y) => x.priceFen - y.priceFen)[0]!;
      const awardAt = opened + (3 + Math.floor(random() * 10)) * day;
      await seedMarketDeal(db, {
        dealCode: `${regionCode}-2025-JS-Y${String(month).padStart(2, '0')}${k}`, regionCode, startedAt: new Date(notice - 5 * day).toISOString(), noticeAt: new Date(notice).toISOString(),
        openedAt: new Date(opened).toISOString(), estimateFen, bids,
        ...(n >= 3 ? { award: { bidder: lowest.bidder, at: new Date(awardAt).toISOString() } } : {}),
        ...(n >= 3 && random() < 0.7 ? { archivedAt: new Date(awardAt + 30 * day).toISOString() } : {}),
      });
      count++;
    }
  }
  return count;
}
