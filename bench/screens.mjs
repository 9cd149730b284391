#!/usr/bin/env node
// npm run bench:screens [-- --bids 1000000] [-- --seed 1]
// Generates markets with known cartel behaviour (seeded) until there are at least --bids bids, then times every
// tender screen and every bidder-pair screen over all of them (typed arrays, one sort per tender, one pass over the
// pairs each tender shares), and separately the calibration within each market. The last line is one JSON object
// {"bids","tenders","seconds"} where seconds is the screens' time (generation not counted).
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { ensureDependencies } from '../scripts/lib/deps.mjs';
import { buildAll } from '../scripts/lib/build.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const BIDS = arg('bids', 1_000_000);
const SEED = arg('seed', 1);

async function main() {
  await ensureDependencies();
  await buildAll({ uis: false });
  const collusion = require('@ggzy/domain/collusion');
  const builder = new collusion.BidTableBuilder();
  for (let i = 0; builder.size < BIDS; i++) {
    const spec = collusion.SYNTHETIC_MARKETS[i % collusion.SYNTHETIC_MARKETS.length];
    collusion.generateMarket({ ...spec, name: `${spec.name}-${i + 1}`, tenders: 10_000 }, SEED * 1_000_003 + i, builder);
  }
  const table = builder.build();
  const began = process.hrtime.bigint();
  const screens = collusion.computeScreens(table);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const calibrationBegan = process.hrtime.bigint();
  collusion.calibrateWithinMarkets(table, screens.values);
  const calibrationSeconds = Number(process.hrtime.bigint() - calibrationBegan) / 1e9;
  const round = (s) => Math.round(s * 1000) / 1000;
  console.log(JSON.stringify({ markets: table.markets.length, screens: collusion.SCREENS.length, pairs: screens.pairs.count.length, calibrationSeconds: round(calibrationSeconds) }));
  console.log(JSON.stringify({ bids: table.bid.length, tenders: table.tenders.length, seconds: round(seconds) }));
}

main().catch((err) => {
  console.error(`bench:screens: ${err.message}`);
  process.exit(1);
});
