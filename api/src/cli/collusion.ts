// `ggzy collusion fit|score|report|generate`: the bid-rigging screens for analysts, on bid files (CSV, one row per
// bid; see the README). Learning and judging happen in @ggzy/domain/collusion; this file only reads and writes files.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BidTableBuilder, BidsCsvError, CollusionModelError, bidsCsvOf, calibrateWithinMarkets, computeScreens, fitModel,
  generateMarkets, leaveOneMarketOut, parseModel, readBidsCsv, scoreTenders, screensOf, tenderEvidence, SYNTHETIC_MARKETS,
} from '@ggzy/domain/collusion';
import type { CliIo } from './validate';

const USAGE = `usage:
  ggzy collusion fit --data <bids.csv>… --out <model.json> [--l2 1]
  ggzy collusion score --model <model.json> --data <bids.csv>…
  ggzy collusion report --data <bids.csv>… [--generated 6] [--tenders 1500] [--seed 1]
  ggzy collusion generate --out <bids.csv> [--markets 6] [--tenders 200] [--seed 1]`;

class UsageError extends Error {}

/** Options: `--name value…` (several values for --data), nothing positional. */
function options(args: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const a of args) {
    if (a.startsWith('--')) {
      if (found.has(a.slice(2))) throw new UsageError(`option ${a} given twice`);
      current = [];
      found.set(a.slice(2), current);
    } else if (current) current.push(a);
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  return found;
}

function one(opts: Map<string, string[]>, name: string, fallback?: string): string {
  const v = opts.get(name);
  if (!v) { if (fallback !== undefined) return fallback; throw new UsageError(`--${name} is required`); }
  if (v.length !== 1) throw new UsageError(`--${name} takes one value`);
  return v[0]!;
}

function count(opts: Map<string, string[]>, name: string, fallback: number, min: number, max: number): number {
  const raw = one(opts, name, String(fallback));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function only(opts: Map<string, string[]>, allowed: string[]): void {
  for (const name of opts.keys()) if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
}

async function readFileOrFail(file: string): Promise<string> {
  try { return await readFile(file, 'utf8'); } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The bids of every file; a file without a `market` column is one market named after the file. */
async function readBids(files: string[] | undefined, builder = new BidTableBuilder()): Promise<BidTableBuilder> {
  if (!files?.length) throw new UsageError('--data needs at least one file');
  for (const file of files) readBidsCsv(await readFileOrFail(file), file, path.basename(file).replace(/\.csv$/i, ''), builder);
  return builder;
}

async function fit(opts: Map<string, string[]>, io: CliIo): Promise<number> {
  only(opts, ['data', 'out', 'l2']);
  const out = one(opts, 'out');
  const l2 = Number(one(opts, 'l2', '1'));
  if (!Number.isFinite(l2) || l2 < 0) throw new UsageError('--l2 must be a number ≥ 0');
  const table = (await readBids(opts.get('data'))).build();
  const features = calibrateWithinMarkets(table, computeScreens(table).values);
  const model = fitModel(table, features, { l2 });
  await writeFile(out, `${JSON.stringify(model, null, 2)}\n`);
  io.out(JSON.stringify({ out, threshold: model.threshold, trainedOn: model.trainedOn }));
  return 0;
}

async function score(opts: Map<string, string[]>, io: CliIo): Promise<number> {
  only(opts, ['model', 'data']);
  const model = parseModel(await readFileOrFail(one(opts, 'model')));
  const table = (await readBids(opts.get('data'))).build();
  const matrix = computeScreens(table);
  const scores = scoreTenders(model, calibrateWithinMarkets(table, matrix.values));
  table.markets.forEach((market, m) => {
    const n = table.tenderMarket.filter((x) => x === m).length;
    if (n < 30) io.err(`ggzy: market "${market}" has ${n} tenders; its screens are calibrated on its own tenders, so its scores are rough below about 30`);
  });
  for (let t = 0; t < table.tenders.length; t++) {
    io.out(JSON.stringify({
      tender: table.tenders[t], score: Number(scores[t]!.toFixed(4)), flagged: scores[t]! >= model.threshold,
      screens: screensOf(matrix, t), evidence: tenderEvidence(table, matrix.pairs, t),
    }));
  }
  return 0;
}

async function report(opts: Map<string, string[]>, io: CliIo): Promise<number> {
  only(opts, ['data', 'generated', 'tenders', 'seed']);
  const generated = count(opts, 'generated', SYNTHETIC_MARKETS.length, 0, 100);
  const builder = generateMarkets(count(opts, 'seed', 1, 0, 2 ** 31), count(opts, 'tenders', 1500, 20, 100_000), generated);
  if (opts.has('data')) await readBids(opts.get('data'), builder);
  const table = builder.build();
  const results = leaveOneMarketOut(table);
  if (results.length < 2) throw new UsageError('the report needs at least two labelled markets (collusive 0 and 1 in each)');
  for (const r of results) io.out(JSON.stringify(r));
  const mean = (pick: (r: (typeof results)[number]) => number) => Number((results.reduce((s, r) => s + pick(r), 0) / results.length).toFixed(3));
  io.out(JSON.stringify({
    markets: results.length,
    model: { meanAuc: mean((r) => r.model.auc), meanBalancedAccuracy: mean((r) => r.model.balancedAccuracy) },
    lowCv: { meanAuc: mean((r) => r.lowCv.auc), meanBalancedAccuracy: mean((r) => r.lowCv.balancedAccuracy) },
  }));
  return 0;
}

async function generate(opts: Map<string, string[]>, io: CliIo): Promise<number> {
  only(opts, ['out', 'markets', 'tenders', 'seed']);
  const out = one(opts, 'out');
  const table = generateMarkets(count(opts, 'seed', 1, 0, 2 ** 31), count(opts, 'tenders', 200, 1, 100_000), count(opts, 'markets', SYNTHETIC_MARKETS.length, 1, 100)).build();
  await writeFile(out, bidsCsvOf(table));
  io.out(JSON.stringify({ out, markets: table.markets, tenders: table.tenders.length, bids: table.bid.length }));
  return 0;
}

/** Exit 0 done, 2 on a usage error or input that cannot be read (named with its line). */
export async function collusionCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const commands: Record<string, (o: Map<string, string[]>, io: CliIo) => Promise<number>> = { fit, score, report, generate };
  if (sub === '-h' || sub === '--help') { io.out(USAGE); return 0; }
  const command = sub ? commands[sub] : undefined;
  if (!command) { io.err(USAGE); return 2; }
  try {
    return await command(options(rest), io);
  } catch (err) {
    if (err instanceof UsageError) { io.err(`ggzy: ${err.message}\n${USAGE}`); return 2; }
    if (err instanceof BidsCsvError) { io.err(`ggzy: ${err.source}${err.line ? ` 第 ${err.line} 行 (line ${err.line})` : ''}: ${err.zh} — ${err.en} [${err.code}]`); return 2; }
    if (err instanceof CollusionModelError) { io.err(`ggzy: ${err.zh} — ${err.en} [${err.code}]`); return 2; }
    throw err;
  }
}
