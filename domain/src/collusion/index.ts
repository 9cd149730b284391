// Bid-rigging screens (围标串标筛查) that carry across markets: pure functions over bids, no IO. Read the bids
// (bids-csv), compute the screens (market-screens), calibrate them within each market (market-calibration), score
// them with a model learned on other markets (collusion-model), and gather each tender's evidence (statutory-evidence).
export * from './bid-table';
export * from './bids-csv';
export * from './tender-screens';
export * from './bidder-pairs';
export * from './market-screens';
export * from './market-calibration';
export * from './collusion-model';
export * from './cross-market';
export * from './statutory-evidence';
export * from './synthetic-markets';
