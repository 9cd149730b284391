// collusion.screenSection (围标串标筛查): the reference procedures run it for each section once its opening is final
// and has enough valid bids. A step of its own rather than a part of bids.finalizeOpening: the opening record is the
// opening's one transaction and must not wait on, or roll back with, a scan of the market's history; bids.open writes
// the record itself when the platform sealed the bids, so a step after the opening covers both ways; and a designer
// sees the screening in the diagram and can place it in a city's variant.
//
// It never blocks the deal: the screening runs in a savepoint, and whatever goes wrong there is rolled back, kept as a
// `failed` screening (the nightly job tries it again) and said on the trail — the step itself succeeds and the deal
// goes on. Only a lost database connection fails the step (and Temporal retries it like any other).
import type { Knex } from 'knex';
import { z } from 'zod';
import { BusinessError, code, defineTask, type TaskContext } from '../step';
import { recordScreening, recordScreeningFailure, screenMarket, type AlertWriter, type RaisedAlert, type SectionScreening } from './screen-market';

export interface SectionOfDeal { id: number; code: string; dealCode: string; regionCode: string; procedureKind: string; openingStatus: string | null }

export async function sectionOfDeal(trx: Knex, dealCode: string, sectionCode: string): Promise<SectionOfDeal> {
  // the section with its deal and its opening, clearer as plain knex
  const row = await trx('sections as s').join('deals as d', 'd.id', 's.deal_id').leftJoin('bid_openings as o', 'o.section_id', 's.id')
    .where({ 's.section_code': sectionCode, 'd.deal_code': dealCode })
    .first('s.id', 'd.region_code', 'd.procedure_kind', 'o.status as opening_status');
  if (!row) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${sectionCode}`, `deal ${dealCode} has no section ${sectionCode}`, { dealCode, sectionCode });
  return { id: Number(row.id), code: sectionCode, dealCode, regionCode: row.region_code, procedureKind: row.procedure_kind, openingStatus: row.opening_status ?? null };
}

/** Screens one opened section against its market and records it (with an alert for new findings). */
export async function screenOpenedSection(trx: Knex, section: SectionOfDeal, writer: AlertWriter): Promise<{ screening: SectionScreening; newFindings: string[]; raised: RaisedAlert | null }> {
  if (section.openingStatus !== 'complete') {
    throw new BusinessError('SECTION_NOT_OPENED', `标段 ${section.code} 尚未完成开标，无法筛查`, `section ${section.code} has no final opening record to screen`, { sectionCode: section.code });
  }
  const [screening] = await screenMarket(trx, { regionCode: section.regionCode, procedureKind: section.procedureKind }, new Set([section.id]));
  if (!screening) {
    throw new BusinessError('NO_VALID_BIDS', `标段 ${section.code} 没有有效报价可筛查`, `section ${section.code} has no valid opened price to screen`, { sectionCode: section.code });
  }
  return { screening, ...await recordScreening(trx, screening, writer) };
}

export const screenSection = defineTask({
  type: 'collusion.screenSection',
  input: z.object({ sectionCode: code }),
  async run(ctx: TaskContext, { sectionCode }) {
    const section = await sectionOfDeal(ctx.trx, ctx.requireDealCode(), sectionCode);
    const writer: AlertWriter = { key: ctx.key, now: ctx.now };
    let outcome: Awaited<ReturnType<typeof screenOpenedSection>>;
    try {
      outcome = await ctx.trx.transaction((savepoint) => screenOpenedSection(savepoint, section, writer));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      await recordScreeningFailure(ctx.trx, section, error, ctx.now);
      const reason = err instanceof BusinessError ? err.code : 'SCREEN_FAILED';
      await ctx.emit('collusion.screen_failed', { sectionCode, reason, retry: 'nightly' });
      return { result: { sectionCode, failed: true, reason } };
    }
    const { screening, newFindings, raised } = outcome;
    if (raised) await ctx.emit('alert.raised', raised);
    const summary = { sectionCode, score: screening.score, threshold: screening.threshold, flagged: screening.flagged, flagReasons: screening.flagReasons,
      marketTenders: screening.marketTenders, evidence: screening.evidence.map((e) => e.indicator), newFindings: newFindings.length };
    await ctx.emit('collusion.screened', summary);
    return { result: summary };
  },
});
