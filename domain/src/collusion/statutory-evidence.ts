// Evidence of bid-rigging per tender, each item naming its legal basis and where it came from. The statutory
// indicators of 《招标投标法实施条例》第四十条 (bids "deemed" collusive) are found from what the data carries — the
// document file's hash, the bid tool's fingerprint, the deposit's paying account, the agent, the people a bid names —
// and from the prices themselves (identical or regularly patterned prices, §40(四)); the pair screens add cover bids at
// a fixed ratio and rotation of the wins, which are signs for a supervisor to look at, not findings.
import type { BidTable, FactColumn } from './bid-table';
import { sdOf, type PairStatistics } from './bidder-pairs';

export type EvidenceIndicator =
  | 'SAME_DOCUMENT_HASH' | 'SAME_TOOL_FINGERPRINT' | 'SAME_DEPOSIT_ACCOUNT' | 'SAME_AGENT' | 'SHARED_PERSON'
  | 'IDENTICAL_PRICES' | 'REGULAR_PRICE_DIFFERENCES' | 'COVER_BID_PATTERN' | 'FIXED_PRICE_RATIO' | 'WINNER_ROTATION';

export interface CollusionEvidence {
  indicator: EvidenceIndicator;
  legalBasis: string;
  title: { zh: string; en: string };
  /** What it was found in: `bids` (the prices), `pairs` (the market's shared tenders) or `column:<name>` of the data. */
  source: string;
  /** The bidders it concerns (their ids; `#<row>` for a bid without one). */
  bidders: string[];
  detail: Record<string, string | number>;
}

const ARTICLE_40 = '《招标投标法实施条例》第四十条';
const FACTS: Record<FactColumn | 'people', { indicator: EvidenceIndicator; item: string; column: string; zh: string; en: string }> = {
  documentHash: { indicator: 'SAME_DOCUMENT_HASH', item: '（四）', column: 'document_hash', zh: '不同投标人的投标文件异常一致（文件摘要相同）', en: 'Bid documents of different bidders are identical (same file hash)' },
  toolFingerprint: { indicator: 'SAME_TOOL_FINGERPRINT', item: '（一）', column: 'tool_fingerprint', zh: '不同投标人的投标文件由同一设备编制', en: 'Bids of different bidders were made on the same machine' },
  depositAccount: { indicator: 'SAME_DEPOSIT_ACCOUNT', item: '（六）', column: 'deposit_account', zh: '不同投标人的投标保证金从同一账户转出', en: 'Deposits of different bidders paid from the same account' },
  agent: { indicator: 'SAME_AGENT', item: '（二）', column: 'agent', zh: '不同投标人委托同一单位或者个人办理投标事宜', en: 'Different bidders entrusted the same agent' },
  people: { indicator: 'SHARED_PERSON', item: '（一）（三）', column: 'people', zh: '不同投标人的投标文件载明同一人（编制人、项目管理成员或联系人）', en: 'Bids of different bidders name the same person (compiler, project manager or contact)' },
};

/** A cover bid or fixed ratio counts when it recurs in this many shared tenders with a log-ratio s.d. below this. */
export const FIXED_RATIO_MIN_TENDERS = 3;
export const FIXED_RATIO_MAX_SD = 0.002;
/** Regular price differences: at least this many bids, gaps' coefficient of variation below this. */
export const REGULAR_GAPS_MIN_BIDS = 4;
export const REGULAR_GAPS_MAX_CV = 0.01;
/** Rotation: a pair sharing at least this many tenders, each winning at least twice, together winning this share. */
export const ROTATION_MIN_TENDERS = 4;
export const ROTATION_MIN_SHARE = 0.8;

export function tenderEvidence(table: BidTable, pairs: PairStatistics, t: number): CollusionEvidence[] {
  const from = table.start[t]!, to = table.start[t + 1]!;
  const name = (row: number) => (table.bidder[row]! >= 0 ? table.bidders[table.bidder[row]!]! : `#${row - from + 1}`);
  const found: CollusionEvidence[] = [];
  const shared = (key: FactColumn | 'people', valueOf: (row: number) => readonly string[]) => {
    const f = FACTS[key];
    const byValue = new Map<string, Set<string>>();
    for (let i = from; i < to; i++) for (const v of valueOf(i)) byValue.set(v, (byValue.get(v) ?? new Set()).add(name(i)));
    for (const [value, bidders] of byValue) {
      if (bidders.size < 2) continue;
      found.push({ indicator: f.indicator, legalBasis: `${ARTICLE_40}第${f.item}项`, title: { zh: f.zh, en: f.en }, source: `column:${f.column}`, bidders: [...bidders].sort(), detail: { [f.column]: value } });
    }
  };
  for (const key of ['documentHash', 'toolFingerprint', 'depositAccount', 'agent'] as const) {
    const column = table.facts[key];
    if (column) shared(key, (i) => (column[i] ? [column[i]!] : []));
  }
  const people = table.facts.people;
  if (people) shared('people', (i) => people[i] ?? []);

  // the prices: identical bids of different bidders, and bids on an even grid
  const rows = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => table.bid[a]! - table.bid[b]!);
  const byPrice = new Map<number, string[]>();
  for (const r of rows) byPrice.set(table.bid[r]!, [...(byPrice.get(table.bid[r]!) ?? []), name(r)]);
  for (const [price, bidders] of byPrice) {
    if (new Set(bidders).size < 2) continue;
    found.push({ indicator: 'IDENTICAL_PRICES', legalBasis: `${ARTICLE_40}第（四）项`, title: { zh: '不同投标人的投标报价完全相同', en: 'Different bidders bid the same price' }, source: 'bids', bidders: [...new Set(bidders)].sort(), detail: { bid: price } });
  }
  if (rows.length >= REGULAR_GAPS_MIN_BIDS) {
    const gaps = rows.slice(1).map((r, i) => table.bid[r]! - table.bid[rows[i]!]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / (gaps.length - 1));
    if (mean > 0 && Math.min(...gaps) > 0 && sd / mean < REGULAR_GAPS_MAX_CV) {
      found.push({ indicator: 'REGULAR_PRICE_DIFFERENCES', legalBasis: `${ARTICLE_40}第（四）项`, title: { zh: '投标报价呈规律性差异（等差排列）', en: 'Bid prices differ by a regular step' }, source: 'bids', bidders: rows.map(name), detail: { step: Number(mean.toPrecision(6)), gapCv: Number((sd / mean).toPrecision(3)) } });
    }
  }

  // the pairs across the market: cover bids and fixed ratios, rotation
  const winner = pairs.winnerBidder[t]!;
  let k = pairs.incidenceStart[t]!;
  const seen = new Set<number>();
  for (let i = from; i < to; i++) {
    for (let j = i + 1; j < to; j++) {
      const p = pairs.incidence[k++]!;
      if (p < 0 || seen.has(p)) continue;
      seen.add(p);
      const lo = pairs.lo[p]!, hi = pairs.hi[p]!;
      const names = [table.bidders[lo]!, table.bidders[hi]!];
      const winnerIsLo = winner === lo;
      const coverWins = winnerIsLo ? pairs.winsLo[p]! : winner === hi ? pairs.winsHi[p]! : 0;
      const coverSd = winnerIsLo ? sdOf(coverWins, pairs.sumLoWon[p]!, pairs.sumSqLoWon[p]!) : sdOf(coverWins, pairs.sumHiWon[p]!, pairs.sumSqHiWon[p]!);
      if (coverWins >= FIXED_RATIO_MIN_TENDERS && coverSd < FIXED_RATIO_MAX_SD) {
        const meanLog = (winnerIsLo ? pairs.sumLoWon[p]! : pairs.sumHiWon[p]!) / coverWins;
        const ratio = Math.exp(winnerIsLo ? -meanLog : meanLog); // loser's bid over the winner's
        found.push({ indicator: 'COVER_BID_PATTERN', legalBasis: `${ARTICLE_40}第（四）项`, title: { zh: '陪标：落标报价与中标报价保持固定比例', en: 'Cover bids: a loser bids at a fixed ratio above the same winner' }, source: 'pairs', bidders: winnerIsLo ? names : [names[1]!, names[0]!], detail: { ratio: Number(ratio.toPrecision(6)), tenders: coverWins, logRatioSd: Number(coverSd.toPrecision(3)) } });
      } else {
        const c = pairs.count[p]!;
        const sd = sdOf(c, pairs.sum[p]!, pairs.sumSq[p]!);
        if (c >= FIXED_RATIO_MIN_TENDERS && sd < FIXED_RATIO_MAX_SD) {
          found.push({ indicator: 'FIXED_PRICE_RATIO', legalBasis: `${ARTICLE_40}第（四）项`, title: { zh: '两投标人的报价在多个项目中保持固定比例', en: 'Two bidders\' prices keep a fixed ratio across tenders' }, source: 'pairs', bidders: names, detail: { ratio: Number(Math.exp(pairs.sum[p]! / c).toPrecision(6)), tenders: c, logRatioSd: Number(sd.toPrecision(3)) } });
        }
      }
      const c = pairs.count[p]!;
      if (c >= ROTATION_MIN_TENDERS && pairs.winsLo[p]! >= 2 && pairs.winsHi[p]! >= 2 && (pairs.winsLo[p]! + pairs.winsHi[p]!) / c >= ROTATION_MIN_SHARE) {
        found.push({ indicator: 'WINNER_ROTATION', legalBasis: '《招标投标法》第三十二条；《招标投标法实施条例》第三十九条', title: { zh: '轮流中标：两投标人在共同参与的项目中轮流中标', en: 'Rotation: two bidders take turns winning the tenders they share' }, source: 'pairs', bidders: names, detail: { tenders: c, winsOf0: pairs.winsLo[p]!, winsOf1: pairs.winsHi[p]! } });
      }
    }
  }
  return found;
}
