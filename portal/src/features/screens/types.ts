// The shapes of the screens api (GET /api/screens, GET /api/screens/:dealCode/:sectionCode) as the pages read them.

export interface ScreeningSummary {
  id: number;
  dealCode: string;
  sectionCode: string;
  regionCode: string;
  procedureKind: string;
  status: 'screened' | 'failed';
  bidCount: number;
  marketTenders: number;
  score: number | null;
  threshold: number | null;
  flagged: boolean;
  flagReasons: string[];
  indicators: string[];
  attempts: number;
  screenedAt: string;
}

export interface ScreenReading {
  value: number | null;
  rank: number;
  marketMedian: number | null;
  threshold: number | null;
  direction: 'low' | 'high';
  beyond: boolean;
  weight: number;
}

export interface ScreenEvidence {
  indicator: string;
  legalBasis: string;
  title: { zh: string; en: string };
  source: string;
  sourceOfRecord: string;
  deemed: boolean;
  bidders: string[];
  detail: Record<string, string | number>;
}

export interface ScreeningDetail extends ScreeningSummary {
  screens: Record<string, ScreenReading>;
  evidence: ScreenEvidence[];
  model: string;
  distribution: {
    basis: 'estimate' | 'median';
    marketBids: number;
    marketSections: number;
    bins: Array<{ from: number; to: number; section: number; market: number }>;
    sectionBids: Array<{ bidder: string; name: string; priceFen: number; relative: number }>;
  } | null;
  network: {
    nodes: Array<{ id: string; name: string; hop: number; inSection: boolean; bids: number }>;
    edges: Array<{ source: string; target: string; coBids: number; evidence: string[] }>;
    truncated: boolean;
  };
}
