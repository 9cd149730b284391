// 围标串标筛查 in the platform: every opened section screened against its market's history (an activity after the
// opening, and every night over the whole history), its result and evidence kept, an alert for supervisors when it is
// flagged. The screens and the model themselves are pure (../collusion); this folder reads and writes the databases.
import type { TaskSpec } from '../step';
import { screenSection } from './screen-section';

export { marketBids, marketTable, peopleOfBidders, FACT_SOURCES, type Market, type MarketBid } from './market-bids';
export { platformModel } from './platform-model';
export {
  screenMarket, recordScreening, findingKey, findingsOf, DEEMED_INDICATORS, MIN_MARKET_TENDERS, SCREEN_RULE,
  type SectionScreening, type ScreenReading, type ScreenEvidence,
} from './screen-market';
export { sectionOfDeal, screenOpenedSection } from './screen-section';
export { rescreenHistory, nightlyRunDue, NIGHTLY_ACTOR, type RescreenReport } from './rescreen';
export { listScreenings, screeningDetail, regionOfSection, type ScreeningFilter } from './view';

export const screenTasks: Record<string, TaskSpec> = {
  'collusion.screenSection': screenSection,
};
