// 市场分析: the market dashboards — competitiveness, concentration, price trends, volumes and durations against the
// statutory minimums — per region, procedure and month or quarter, with the CSV they export to.
export type { Share, Concentration, PeriodKind, DurationFigure } from './figures';
export { MILESTONE_SPANS, spanMinimum, type MilestoneSpan, type SpanMinimum } from './milestones';
export {
  marketDashboard, marketRegions, rangeError, MAX_MONTHS, TOP_BIDDERS,
  type MarketQuery, type MarketDashboard, type RegionSeries, type PeriodFigures, type CompetitionFigures, type TopBidder, type PriceFigures, type VolumeFigures,
} from './market-dashboard';
export { marketCsv, periodFigures, FIGURE_GROUPS, CSV_HEADER, type FigureGroup, type CsvFigure } from './market-csv';
