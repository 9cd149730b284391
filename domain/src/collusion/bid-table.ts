// The bids of many tenders in columns (typed arrays, grouped by tender), so that every screen is one pass over a
// tender's slice and a million bids fit in a few tens of megabytes. Tenders and bidders are keyed within their market:
// the same bidder id in two markets is two bidders, and screens are calibrated per market.

/** What the statutory indicators (实施条例 §40) read, per bid, when the data has it. */
export interface BidFacts {
  /** SHA-256 (or any fingerprint) of the bid document file. */
  documentHash?: string | null;
  /** Bid-tool hardware fingerprint (CPU/disk/MAC, BIDDER_MAKE_TOOL_INFO). */
  toolFingerprint?: string | null;
  /** The account the bid deposit was paid from. */
  depositAccount?: string | null;
  /** The agent (unit or person) the bidder entrusted with the bid. */
  agent?: string | null;
  /** People the bid names (compiler, project manager, contact), by an id such as the ID-card number's digest. */
  people?: readonly string[] | null;
}

export interface BidInput extends BidFacts {
  tender: string;
  bid: number;
  bidder?: string | null;
  /** true for the winning bid; unknown when absent (the lowest bid is then taken as the winner). */
  winner?: boolean | null;
  date?: string | null;
  estimate?: number | null;
  market: string;
  /** Per tender: labelled collusive (for fitting); unknown when absent. */
  collusive?: boolean | null;
}

export const FACT_COLUMNS = ['documentHash', 'toolFingerprint', 'depositAccount', 'agent'] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];

export interface BidTable {
  markets: string[];
  /** Per tender: its id (as given), market index, estimate (NaN unknown), label (-1 unknown, 0, 1), date. */
  tenders: string[];
  tenderMarket: Int32Array;
  estimate: Float64Array;
  collusive: Int8Array;
  date: Array<string | null>;
  /** Bids of tender t are the rows start[t] … start[t+1]−1. */
  start: Int32Array;
  bid: Float64Array;
  /** Per bid: bidder index (−1 unknown) into `bidders`; each bidder belongs to one market. */
  bidder: Int32Array;
  bidders: string[];
  bidderMarket: Int32Array;
  /** Per bid: 1 winner, 0 not, −1 unknown. */
  winner: Int8Array;
  /** Per bid, only for the columns the data has. */
  facts: Partial<Record<FactColumn, Array<string | null>>> & { people?: Array<readonly string[] | null> };
}

/** Collects bids in any order and lays them out by tender. */
export class BidTableBuilder {
  private readonly rows: BidInput[] = [];
  add(row: BidInput): void { this.rows.push(row); }
  get size(): number { return this.rows.length; }

  build(): BidTable {
    const markets: string[] = [];
    const marketIndex = new Map<string, number>();
    const tenderIndex = new Map<string, number>();
    const tenderRows: number[][] = [];
    const tenders: string[] = [];
    const tenderMarket: number[] = [];
    this.rows.forEach((row, i) => {
      let m = marketIndex.get(row.market);
      if (m === undefined) { m = markets.length; markets.push(row.market); marketIndex.set(row.market, m); }
      const key = `${m}\u0000${row.tender}`;
      let t = tenderIndex.get(key);
      if (t === undefined) { t = tenders.length; tenders.push(row.tender); tenderMarket.push(m); tenderRows.push([]); tenderIndex.set(key, t); }
      tenderRows[t]!.push(i);
    });
    const n = this.rows.length;
    const T = tenders.length;
    const table: BidTable = {
      markets, tenders, tenderMarket: Int32Array.from(tenderMarket), estimate: new Float64Array(T).fill(NaN),
      collusive: new Int8Array(T).fill(-1), date: new Array<string | null>(T).fill(null), start: new Int32Array(T + 1),
      bid: new Float64Array(n), bidder: new Int32Array(n).fill(-1), bidders: [], bidderMarket: new Int32Array(0),
      winner: new Int8Array(n).fill(-1), facts: {},
    };
    const bidderIndex = new Map<string, number>();
    const bidderMarket: number[] = [];
    for (const column of FACT_COLUMNS) if (this.rows.some((r) => r[column] != null)) table.facts[column] = new Array<string | null>(n).fill(null);
    if (this.rows.some((r) => r.people != null)) table.facts.people = new Array<readonly string[] | null>(n).fill(null);
    let at = 0;
    for (let t = 0; t < T; t++) {
      table.start[t] = at;
      for (const i of tenderRows[t]!) {
        const row = this.rows[i]!;
        table.bid[at] = row.bid;
        if (row.bidder != null) {
          const key = `${tenderMarket[t]}\u0000${row.bidder}`;
          let b = bidderIndex.get(key);
          if (b === undefined) { b = table.bidders.length; table.bidders.push(row.bidder); bidderMarket.push(tenderMarket[t]!); bidderIndex.set(key, b); }
          table.bidder[at] = b;
        }
        if (row.winner != null) table.winner[at] = row.winner ? 1 : 0;
        if (row.estimate != null) table.estimate[t] = row.estimate;
        if (row.collusive != null) table.collusive[t] = row.collusive ? 1 : 0;
        if (row.date != null) table.date[t] = row.date;
        for (const column of FACT_COLUMNS) if (row[column] != null) table.facts[column]![at] = row[column]!;
        if (row.people != null) table.facts.people![at] = row.people;
        at++;
      }
    }
    table.start[T] = at;
    table.bidderMarket = Int32Array.from(bidderMarket);
    return table;
  }
}

/** The bid row of tender t that won: the one marked winner, else the lowest bid (first-price procurement). */
export function winnerRow(table: BidTable, t: number): number {
  const from = table.start[t]!;
  const to = table.start[t + 1]!;
  let lowest = from;
  for (let i = from; i < to; i++) {
    if (table.winner[i] === 1) return i;
    if (table.bid[i]! < table.bid[lowest]!) lowest = i;
  }
  return lowest;
}

/** Tender indices of each market. */
export function tendersByMarket(table: BidTable): Int32Array[] {
  const counts = new Int32Array(table.markets.length);
  for (const m of table.tenderMarket) counts[m]!++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(table.markets.length);
  table.tenderMarket.forEach((m, t) => { out[m]![fill[m]!++] = t; });
  return out;
}
