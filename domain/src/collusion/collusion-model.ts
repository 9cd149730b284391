// A logistic regression on the within-market calibrated screens, learned on several markets with each market
// weighing the same (a large market must not teach its own quirks), L2-regularised, fitted by Newton's method. The
// flag threshold is the one that does best on average over the training markets, each market counted once, so it is
// chosen to carry to a market it has not seen rather than to fit the largest one.
import { z } from 'zod';
import { tendersByMarket, type BidTable } from './bid-table';
import { SCREENS } from './market-screens';

export const MODEL_FORMAT = 'ggzy-collusion-model/1';

const modelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  calibration: z.literal('market-rank'),
  screens: z.array(z.enum(SCREENS)).min(1),
  intercept: z.number(),
  weights: z.array(z.number()),
  threshold: z.number(),
  l2: z.number().nonnegative(),
  trainedOn: z.array(z.object({ market: z.string(), tenders: z.number().int(), collusive: z.number().int() })),
}).refine((m) => m.weights.length === m.screens.length, { message: 'one weight per screen' });

export type CollusionModel = z.infer<typeof modelSchema>;

export class CollusionModelError extends Error {
  constructor(readonly code: string, readonly zh: string, readonly en: string) { super(`${zh} (${en}) [${code}]`); this.name = 'CollusionModelError'; }
}

/** Reads a model from its JSON, refusing anything that is not a model of this format. */
export function parseModel(json: string): CollusionModel {
  let raw: unknown;
  try { raw = JSON.parse(json); } catch { throw new CollusionModelError('MODEL_NOT_JSON', '模型文件不是 JSON', 'the model file is not JSON'); }
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CollusionModelError('MODEL_INVALID', `模型文件无效：${issue.path.join('.') || '(根)'} ${issue.message}`, `the model file is invalid: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return parsed.data;
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => { const r = new Float64Array(n + 1); r.set(row); r[n] = b[i]!; return r; });
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / p;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Labelled tenders of the table, and a weight per tender so that each market sums to the same. */
function trainingSet(table: BidTable, useMarket: (m: number) => boolean): { rows: Int32Array; weight: Float64Array; markets: CollusionModel['trainedOn'] } {
  const rows: number[] = [];
  const weight: number[] = [];
  const markets: CollusionModel['trainedOn'] = [];
  const byMarket = tendersByMarket(table).map((ts, m) => ({ m, ts: useMarket(m) ? [...ts].filter((t) => table.collusive[t] !== -1) : [] })).filter((x) => x.ts.length);
  const total = byMarket.reduce((s, x) => s + x.ts.length, 0);
  for (const { m, ts } of byMarket) {
    const positives = ts.filter((t) => table.collusive[t] === 1).length;
    markets.push({ market: table.markets[m]!, tenders: ts.length, collusive: positives });
    for (const t of ts) { rows.push(t); weight.push(total / (byMarket.length * ts.length)); }
  }
  return { rows: Int32Array.from(rows), weight: Float64Array.from(weight), markets };
}

/** Balanced accuracy of flagging `score ≥ threshold` over the given tenders (NaN without both classes). */
export function balancedAccuracy(score: Float64Array, labels: Int8Array, tenders: ArrayLike<number>, threshold: number): number {
  let tp = 0, p = 0, tn = 0, n = 0;
  for (let i = 0; i < tenders.length; i++) {
    const t = tenders[i]!;
    const y = labels[t];
    if (y === 1) { p++; if (score[t]! >= threshold) tp++; } else if (y === 0) { n++; if (score[t]! < threshold) tn++; }
  }
  return p && n ? (tp / p + tn / n) / 2 : NaN;
}

/** The threshold with the best mean balanced accuracy over the markets (each counted once). */
export function chooseThreshold(score: Float64Array, labels: Int8Array, markets: ReadonlyArray<ArrayLike<number>>): number {
  const labelled = markets.flatMap((ts) => Array.from(ts)).filter((t) => labels[t] !== -1).map((t) => score[t]!).sort((a, b) => a - b);
  if (!labelled.length) return 0.5;
  const candidates = new Set<number>();
  const steps = Math.min(400, labelled.length);
  for (let i = 0; i < steps; i++) candidates.add(labelled[Math.floor((i * labelled.length) / steps)]!);
  let best = 0.5, bestValue = -Infinity;
  for (const c of [...candidates].sort((a, b) => a - b)) {
    const values = markets.map((ts) => balancedAccuracy(score, labels, ts, c)).filter((v) => !Number.isNaN(v));
    const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
    if (mean > bestValue) { bestValue = mean; best = c; }
  }
  return best;
}

/**
 * Fits the model on every labelled tender of the table, or of the markets `options.markets` keeps (features: the
 * calibrated screens, features[k][t]).
 */
export function fitModel(table: BidTable, features: readonly Float64Array[], options: { l2?: number; iterations?: number; markets?: (m: number) => boolean } = {}): CollusionModel {
  const l2 = options.l2 ?? 1;
  const useMarket = options.markets ?? (() => true);
  const { rows, weight, markets } = trainingSet(table, useMarket);
  if (!rows.length) throw new CollusionModelError('NO_LABELS', '没有带 collusive 标注的招标项目，无法训练', 'no tender is labelled collusive 0/1: nothing to learn from');
  const classes = new Set(Array.from(rows, (t) => table.collusive[t]));
  if (classes.size < 2) throw new CollusionModelError('ONE_CLASS', '训练数据只有一类标注（全为串标或全非串标）', 'the training data has one class only (all collusive or none)');
  const d = features.length + 1;
  const beta = new Float64Array(d);
  const x = new Float64Array(d);
  for (let iteration = 0; iteration < (options.iterations ?? 30); iteration++) {
    const g = new Float64Array(d);
    const h = Array.from({ length: d }, () => new Float64Array(d));
    for (let i = 0; i < rows.length; i++) {
      const t = rows[i]!;
      x[0] = 1;
      for (let k = 1; k < d; k++) x[k] = features[k - 1]![t]!;
      let eta = 0;
      for (let k = 0; k < d; k++) eta += beta[k]! * x[k]!;
      const p = sigmoid(eta);
      const w = weight[i]!;
      const r = w * (table.collusive[t]! - p);
      const c = w * p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a]! += r * x[a]!;
        const ca = c * x[a]!;
        const row = h[a]!;
        for (let b = a; b < d; b++) row[b]! += ca * x[b]!;
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) h[a]![b] = h[b]![a]!;
      if (a > 0) { g[a]! -= l2 * beta[a]!; h[a]![a]! += l2; } else h[0]![0]! += 1e-9;
    }
    const step = solve(h, g);
    let change = 0;
    for (let k = 0; k < d; k++) { beta[k]! += step[k]!; change = Math.max(change, Math.abs(step[k]!)); }
    if (change < 1e-8) break;
  }
  const model: CollusionModel = {
    format: MODEL_FORMAT, calibration: 'market-rank', screens: [...SCREENS], intercept: beta[0]!, weights: Array.from(beta.subarray(1)),
    threshold: 0.5, l2, trainedOn: markets,
  };
  const score = scoreTenders(model, features);
  const labelledMarkets = tendersByMarket(table).filter((ts, m) => useMarket(m) && Array.from(ts).some((t) => table.collusive[t] !== -1));
  model.threshold = chooseThreshold(score, table.collusive, labelledMarkets);
  return model;
}

/** Score of every tender in (0, 1), higher = more suspect. `features` are in SCREENS order. */
export function scoreTenders(model: CollusionModel, features: readonly Float64Array[]): Float64Array {
  const T = features[0]?.length ?? 0;
  const columns = model.screens.map((name) => features[SCREENS.indexOf(name)]!);
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let eta = model.intercept;
    for (let k = 0; k < columns.length; k++) eta += model.weights[k]! * columns[k]![t]!;
    out[t] = sigmoid(eta);
  }
  return out;
}
