// Leave-one-market-out validation: for each labelled market, learn on all the others and judge the held-out one —
// its ranking (AUC) and its flags at the threshold chosen on the others (balanced accuracy) — next to the classic
// low-CV rule (rank by low coefficient of variation; the CV threshold likewise chosen on the other markets).
// Nothing of the held-out market is used before it is judged but its own unlabelled bids (the calibration).
import { tendersByMarket, type BidTable } from './bid-table';
import { balancedAccuracy, chooseThreshold, fitModel, scoreTenders } from './collusion-model';
import { calibrateWithinMarkets } from './market-calibration';
import { computeScreens, SCREENS } from './market-screens';

/** Area under the ROC curve of `score` for the labelled tenders among `tenders` (ties count half; NaN without both classes). */
export function auc(score: Float64Array, labels: Int8Array, tenders: ArrayLike<number>): number {
  const rows = Array.from(tenders).filter((t) => labels[t] !== -1).sort((a, b) => score[a]! - score[b]!);
  let rankSum = 0, positives = 0;
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && score[rows[j + 1]!] === score[rows[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let r = i; r <= j; r++) if (labels[rows[r]!] === 1) { rankSum += midRank; positives++; }
    i = j + 1;
  }
  const negatives = rows.length - positives;
  if (!positives || !negatives) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface HeldOutMarket {
  market: string;
  tenders: number;
  collusive: number;
  model: { auc: number; balancedAccuracy: number; threshold: number };
  lowCv: { auc: number; balancedAccuracy: number; threshold: number };
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : v);

/** The low-CV rule's score: −CV; a tender without a CV (one bid) sits at its market's median. */
function lowCvScore(table: BidTable, cv: Float64Array): Float64Array {
  const out = new Float64Array(cv.length);
  for (const tenders of tendersByMarket(table)) {
    const known = Array.from(tenders, (t) => cv[t]!).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const median = known.length ? known[Math.floor(known.length / 2)]! : 0;
    for (const t of tenders) out[t] = -(Number.isNaN(cv[t]!) ? median : cv[t]!);
  }
  return out;
}

export function leaveOneMarketOut(table: BidTable, options: { l2?: number } = {}): HeldOutMarket[] {
  const screens = computeScreens(table);
  const features = calibrateWithinMarkets(table, screens.values);
  const cvScore = lowCvScore(table, screens.values[SCREENS.indexOf('cv')]!);
  const markets = tendersByMarket(table);
  const labelled = markets.map((ts) => Array.from(ts).some((t) => table.collusive[t] === 1) && Array.from(ts).some((t) => table.collusive[t] === 0));
  const results: HeldOutMarket[] = [];
  markets.forEach((heldOut, m) => {
    if (!labelled[m]) return;
    const model = fitModel(table, features, { ...options, markets: (k) => k !== m && labelled[k]! });
    const score = scoreTenders(model, features);
    const trainMarkets = markets.filter((_, k) => k !== m && labelled[k]);
    const cvThreshold = chooseThreshold(cvScore, table.collusive, trainMarkets);
    results.push({
      market: table.markets[m]!,
      tenders: heldOut.length,
      collusive: Array.from(heldOut).filter((t) => table.collusive[t] === 1).length,
      model: { auc: round(auc(score, table.collusive, heldOut)), balancedAccuracy: round(balancedAccuracy(score, table.collusive, heldOut, model.threshold)), threshold: round(model.threshold) },
      lowCv: { auc: round(auc(cvScore, table.collusive, heldOut)), balancedAccuracy: round(balancedAccuracy(cvScore, table.collusive, heldOut, cvThreshold)), threshold: round(-cvThreshold) },
    });
  });
  return results;
}
