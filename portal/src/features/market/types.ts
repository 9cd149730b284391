// The shape of GET /api/dashboards/market as the 市场分析 page reads it (api/src/routes/dashboards.ts).

export interface Share { count: number; of: number; share: number | null }

export type Span = 'notice-to-opening' | 'opening-to-award' | 'start-to-archive';
export const SPANS: Span[] = ['notice-to-opening', 'opening-to-award', 'start-to-archive'];

export interface DurationFigure {
  deals: number; medianDays: number | null; minimumDays: number | null; rules: string[]; withMinimum: number; atMinimum: Share; belowMinimum: Share;
}

export interface TopBidder { creditCode: string; name: string; valueFen: number; awards: number; valueShare: number | null; winRate: Share }

export interface PeriodFigures {
  period: string;
  competition: { sections: number; bids: number; biddersMean: number | null; biddersMedian: number | null; singleBid: Share; failed: Share };
  concentration: { awards: number; valueFen: number; winners: number; hhi: number | null; cr4: { valueFen: number; of: number; share: number | null }; top: TopBidder[] };
  prices: { awards: number; withEstimate: number; awardFen: number; estimateFen: number; medianRatio: number | null; p25Ratio: number | null; p75Ratio: number | null };
  volumes: { started: number; awarded: number; archived: number };
  durations: Record<Span, DurationFigure>;
}

export interface RegionSeries { regionCode: string; regionName: string; cities: string[]; periods: PeriodFigures[]; total: PeriodFigures }

export interface MarketDashboard {
  query: { regionCode: string; from: string; to: string; period: 'month' | 'quarter'; procedureKind?: string; category?: string };
  periods: string[];
  minimums: Record<Span, { days: number; rule: string } | null>;
  regions: RegionSeries[];
}

export type FigureGroup = 'competition' | 'concentration' | 'prices' | 'volumes' | 'durations';
