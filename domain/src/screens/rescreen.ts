// The screens over the history: each night every market (region × procedure kind) is screened again as a whole — a
// section opened months ago may only now show its pattern (a pair of bidders that keeps a fixed ratio, a rotation),
// and the ranks move as the market grows — and an alert is written only for a finding no alert has named yet, so a
// second run over the same history writes nothing new. Between nights, screenings that failed are tried again.
import { createHash } from 'node:crypto';
import type { Db } from '@ggzy/db';
import { appendSupervisionEvent } from '../supervision/trail';
import type { Market } from './market-bids';
import { recordScreening, screenMarket } from './screen-market';

export const NIGHTLY_ACTOR = 'system:collusion-screens';

export interface RescreenReport { markets: number; sections: number; flagged: number; alerts: number; failedMarkets: Array<{ market: string; error: string }> }

async function marketsWithOpenings(db: Db, onlyFailed: boolean): Promise<Market[]> {
  // the markets that have a final opening (or a failed screening), clearer as plain knex
  const query = onlyFailed
    ? db('collusion_screens').where('status', 'failed').distinct('region_code', 'procedure_kind')
    : db('bid_openings as o').join('sections as s', 's.id', 'o.section_id').join('deals as d', 'd.id', 's.deal_id').where('o.status', 'complete').distinct('d.region_code', 'd.procedure_kind');
  const rows = await query.orderBy(['region_code', 'procedure_kind']);
  return rows.map((r: { region_code: string; procedure_kind: string }) => ({ regionCode: r.region_code, procedureKind: r.procedure_kind }));
}

/** Screens every market again (or only the markets with a failed screening), one transaction per market. */
export async function rescreenHistory(db: Db, now: Date, options: { onlyFailed?: boolean } = {}): Promise<RescreenReport> {
  const report: RescreenReport = { markets: 0, sections: 0, flagged: 0, alerts: 0, failedMarkets: [] };
  for (const market of await marketsWithOpenings(db, options.onlyFailed ?? false)) {
    try {
      await db.transaction(async (trx) => {
        const screenings = await screenMarket(trx, market, null);
        for (const s of screenings) {
          const { newFindings, raised } = await recordScreening(trx, s, { key: NIGHTLY_ACTOR, now });
          report.sections++;
          if (s.flagged) report.flagged++;
          if (!raised) continue;
          report.alerts++;
          const digest = createHash('sha256').update(newFindings.join('\n')).digest('hex').slice(0, 16);
          await appendSupervisionEvent(trx, {
            idempotencyKey: `${NIGHTLY_ACTOR}/${s.sectionCode}/${digest}/alert.raised`, dealCode: s.dealCode, regionCode: s.regionCode, kind: 'alert.raised',
            actor: NIGHTLY_ACTOR, payload: raised, occurredAt: now.toISOString(),
          });
        }
      });
      report.markets++;
    } catch (err) {
      report.failedMarkets.push({ market: `${market.regionCode}/${market.procedureKind}`, error: (err as Error).message });
    }
  }
  return report;
}

/** Whether the nightly run is due: past `hour` o'clock China Standard Time on a day it has not run yet. */
export function nightlyRunDue(now: Date, lastRunDay: string | null, hour: number): { due: boolean; day: string } {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const day = china.toISOString().slice(0, 10);
  return { due: day !== lastRunDay && china.getUTCHours() >= hour, day };
}
