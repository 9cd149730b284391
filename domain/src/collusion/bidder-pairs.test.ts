// The pair screens and the evidence on small markets worked out by hand.
import { BidTableBuilder, type BidInput } from './bid-table';
import { computeScreens, SCREENS } from './market-screens';
import { tenderEvidence } from './statutory-evidence';

const market = (rows: Array<Omit<BidInput, 'market'>>) => {
  const b = new BidTableBuilder();
  for (const r of rows) b.add({ market: 'm', ...r });
  return b.build();
};
const screen = (values: Float64Array[], name: (typeof SCREENS)[number], t: number) => values[SCREENS.indexOf(name)]![t]!;

describe('bidder-pair screens', () => {
  // given x and y share tenders A, B, C (x wins A and B with y 10 % above, y wins C); z bids A and D
  const table = market([
    { tender: 'A', bidder: 'x', bid: 100, winner: true }, { tender: 'A', bidder: 'y', bid: 110 }, { tender: 'A', bidder: 'z', bid: 130 },
    { tender: 'B', bidder: 'x', bid: 200 }, { tender: 'B', bidder: 'y', bid: 220 },
    { tender: 'C', bidder: 'y', bid: 300, winner: true }, { tender: 'C', bidder: 'x', bid: 330 },
    { tender: 'D', bidder: 'z', bid: 50 }, { tender: 'D', bidder: 'w', bid: 60 },
  ]);
  const { values, pairs } = computeScreens(table);
  const A = table.tenders.indexOf('A');
  const C = table.tenders.indexOf('C');

  test('co-bidding: shared tenders over the fewer tenders of the two, averaged over the tender\'s pairs', () => {
    // (x,y) 3/3, (x,z) 1/2, (y,z) 1/2
    expect(screen(values, 'coBidding', A)).toBeCloseTo((1 + 0.5 + 0.5) / 3, 12);
    expect(screen(values, 'coBidding', C)).toBe(1);
  });

  test('rotation: twice the fewer wins of a pair over its shared tenders', () => {
    expect(screen(values, 'rotation', A)).toBeCloseTo((2 * 1) / 3, 12); // only (x,y) shares two or more
    expect(pairs.winsLo[0]! + pairs.winsHi[0]!).toBe(3);
  });

  test('meetings and regularity: how often the pairs met and how often the bidders bid, as shares of the market\'s tenders', () => {
    // (x,y) met in 3 of the 4 tenders, (x,z) and (y,z) in 1; x and y bid in 3, z in 2
    expect(screen(values, 'meetings', A)).toBeCloseTo((3 + 1 + 1) / 3 / 4, 12);
    expect(screen(values, 'regularity', A)).toBeCloseTo((3 + 3 + 2) / 3 / 4, 12);
    expect(screen(values, 'meetings', C)).toBeCloseTo(3 / 4, 12);
  });

  test('cover bids and fixed ratios: the spread of the log price ratio of a pair', () => {
    expect(screen(values, 'coverBidDispersion', A)).toBe(0); // y at exactly 1.1 × x both times x won
    expect(screen(values, 'coverBidDispersion', C)).toBeNaN(); // y won over x once only
    expect(screen(values, 'fixedRatioDispersion', A)).toBeCloseTo(0.11005471593307727, 12); // log ratios −a, −a, +a
    expect(screen(values, 'neverWinnerShare', A)).toBe(0);
  });

  test('a bidder who keeps bidding and never wins, at a fixed ratio above the same winner, is named in the evidence', () => {
    const cover = market([1, 2, 3].flatMap((i) => [
      { tender: `T${i}`, bidder: 'leader', bid: 1000 * i, depositAccount: i === 2 ? '6222-01' : `leader-${i}` },
      { tender: `T${i}`, bidder: 'shadow', bid: 1050 * i, depositAccount: i === 2 ? '6222-01' : `shadow-${i}` },
      { tender: `T${i}`, bidder: `honest${i}`, bid: 1200 * i + 7 },
    ]));
    const m = computeScreens(cover);
    expect(screen(m.values, 'neverWinnerShare', 0)).toBeCloseTo(1 / 3, 12); // shadow: three bids, no win
    const evidence = tenderEvidence(cover, m.pairs, 1);
    const byIndicator = Object.fromEntries(evidence.map((e) => [e.indicator, e]));
    expect(byIndicator.COVER_BID_PATTERN).toMatchObject({ bidders: ['leader', 'shadow'], source: 'pairs', detail: { tenders: 3 } });
    expect(byIndicator.COVER_BID_PATTERN!.detail.ratio).toBeCloseTo(1.05, 9);
    expect(byIndicator.SAME_DEPOSIT_ACCOUNT).toMatchObject({ bidders: ['leader', 'shadow'], source: 'column:deposit_account', legalBasis: '《招标投标法实施条例》第四十条第（六）项' });
    expect(tenderEvidence(cover, m.pairs, 0).map((e) => e.indicator)).toEqual(['COVER_BID_PATTERN']); // accounts differ there
  });

  test('shared people, identical prices and prices on an even grid are each evidence with their basis', () => {
    const t = market([
      { tender: 'Q', bidder: 'a', bid: 100, people: ['p1', 'p2'] }, { tender: 'Q', bidder: 'b', bid: 110, people: ['p2'] },
      { tender: 'Q', bidder: 'c', bid: 120, people: ['p3'] }, { tender: 'Q', bidder: 'd', bid: 130 },
      { tender: 'R', bidder: 'a', bid: 500 }, { tender: 'R', bidder: 'c', bid: 500 }, { tender: 'R', bidder: 'd', bid: 530 },
    ]);
    const m = computeScreens(t);
    expect(tenderEvidence(t, m.pairs, 0).map((e) => [e.indicator, e.bidders.join(' ')])).toEqual([
      ['SHARED_PERSON', 'a b'], ['REGULAR_PRICE_DIFFERENCES', 'a b c d'],
    ]);
    expect(tenderEvidence(t, m.pairs, 1).map((e) => [e.indicator, e.bidders.join(' '), e.detail.bid])).toEqual([['IDENTICAL_PRICES', 'a c', 500]]);
  });
});
