// The bid-rigging screens (围标串标筛查) for supervisors and auditors, scoped to their regions: the screened sections,
// and one section's screens against its market with the bidder network around it. The training sandbox's sections
// only when asked for by their deal, as the alerts.
import { BusinessError, listScreenings, regionOfSection, screeningDetail } from '@ggzy/domain';
import type { Db } from '@ggzy/db';
import { realRegions, type Principal } from '../auth/principal';
import { AppError } from '../http/errors';

export async function screenings(db: Db, principal: Principal, filter: { regionCode?: string; flagged?: boolean; before?: number; limit: number }) {
  // a region asked for by name may be a training sandbox one can see; unasked, only the real regions
  return listScreenings(db, filter.regionCode ? principal.visibleRegions as string[] : realRegions(principal), filter);
}

export async function screening(db: Db, principal: Principal, dealCode: string, sectionCode: string) {
  try {
    const region = await regionOfSection(db, dealCode, sectionCode);
    if (!principal.visibleRegions.includes(region)) throw new AppError('NOT_FOUND');
    return await screeningDetail(db, dealCode, sectionCode);
  } catch (err) {
    if (err instanceof BusinessError && err.code === 'SECTION_NOT_FOUND') throw new AppError('NOT_FOUND');
    if (err instanceof BusinessError && err.code === 'NOT_SCREENED') {
      const refused = new AppError('NOT_SCREENED');
      refused.localized = { zh: err.zh, en: err.en };
      throw refused;
    }
    throw err;
  }
}
