// 市场分析 as the api shows it: the market dashboards of a region one may see — one's own city or province unless
// another is asked for (a region not one's own does not exist for the caller) — over a span of months that defaults to
// the last twelve, China time; as JSON, or as the CSV a spreadsheet opens.
import { BusinessError, FIGURE_GROUPS, marketCsv, marketDashboard, type FigureGroup, type MarketDashboard, type MarketQuery } from '@ggzy/domain';
import type { Db } from '@ggzy/db';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';

export interface MarketRequest {
  regionCode?: string;
  from?: string;
  to?: string;
  period: 'month' | 'quarter';
  procedureKind?: string;
  category?: string;
}

const chinaMonth = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

function monthsBefore(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The query the domain answers: the region checked against the caller's, the span filled in. */
export function marketQueryOf(principal: Principal, request: MarketRequest, now = new Date()): MarketQuery {
  const regionCode = request.regionCode ?? principal.regionCode;
  if (!principal.visibleRegions.includes(regionCode)) throw new AppError('NOT_FOUND');
  const to = request.to ?? (request.from && request.from > chinaMonth(now) ? request.from : chinaMonth(now));
  const from = request.from ?? monthsBefore(to, 11);
  return {
    regionCode, from, to, period: request.period,
    ...(request.procedureKind ? { procedureKind: request.procedureKind } : {}), ...(request.category ? { category: request.category } : {}),
  };
}

export async function market(db: Db, principal: Principal, request: MarketRequest): Promise<MarketDashboard> {
  const query = marketQueryOf(principal, request);
  try {
    return await marketDashboard(db, query);
  } catch (err) {
    if (err instanceof BusinessError && err.code === 'MARKET_RANGE_INVALID') {
      const refused = new AppError('MARKET_RANGE_INVALID');
      refused.localized = { zh: err.zh, en: err.en };
      throw refused;
    }
    if (err instanceof BusinessError && err.code === 'REGION_NOT_FOUND') throw new AppError('NOT_FOUND');
    throw err;
  }
}

export async function marketCsvFile(db: Db, principal: Principal, request: MarketRequest, groups: readonly FigureGroup[] = FIGURE_GROUPS) {
  const dashboard = await market(db, principal, request);
  const q = dashboard.query;
  const name = `market-${q.regionCode}-${q.from}-${q.to}-${q.period}${q.procedureKind ? `-${q.procedureKind}` : ''}.csv`;
  return { bytes: marketCsv(dashboard, groups), name };
}
