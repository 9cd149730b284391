// The model the platform scores opened sections with: the cross-market logistic regression (collusion-model.ts)
// learned on the seeded synthetic markets with known cartels (synthetic-markets.ts: six markets, spreads from 1 % to
// 12 %, fixed-ratio, tight and wide cover bids, rotation, phantom bidders), each market weighing the same. It is fitted
// once per process from the same seed — the same weights every time, a quarter of a second — rather than shipped as a
// file nobody can trace. Its features are ranks within the market being scored, so it needs no labels of ours.
import { calibrateWithinMarkets } from '../collusion/market-calibration';
import { computeScreens } from '../collusion/market-screens';
import { fitModel, type CollusionModel } from '../collusion/collusion-model';
import { generateMarkets, SYNTHETIC_MARKETS } from '../collusion/synthetic-markets';

export const PLATFORM_MODEL_SEED = 1;
export const PLATFORM_MODEL_TENDERS = 400;

let fitted: CollusionModel | null = null;

export function platformModel(): CollusionModel {
  if (!fitted) {
    const table = generateMarkets(PLATFORM_MODEL_SEED, PLATFORM_MODEL_TENDERS, SYNTHETIC_MARKETS.length).build();
    fitted = fitModel(table, calibrateWithinMarkets(table, computeScreens(table).values));
  }
  return fitted;
}

/** What a screening row records of the model it was scored with. */
export function modelLabel(model: CollusionModel): string {
  return `${model.format} synthetic:${PLATFORM_MODEL_SEED}x${PLATFORM_MODEL_TENDERS} markets:${model.trainedOn.length}`;
}
