// Screening opened sections against their market (围标串标筛查): the tender screens of each section from its opened
// prices, the pair screens of its bidders over the market's history (same region, same procedure kind), each screen
// calibrated within that market (its rank among the market's sections: the model's own calibration, no labels), the
// model's score, and the statutory evidence with its sources. A section is flagged when it carries an indicator that
// 《招标投标法实施条例》第四十条 deems collusion (the same deposit account, device, document, person; identical or
// evenly spaced prices), or when the model's score passes its threshold in a market large enough for ranks to mean
// something. The flag only raises an alert for supervisors; it never stops a deal.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { CollusionScreen } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { calibrateWithinMarkets } from '../collusion/market-calibration';
import { computeScreens, SCREENS, type Screen } from '../collusion/market-screens';
import { scoreTenders, type CollusionModel } from '../collusion/collusion-model';
import { tenderEvidence, type CollusionEvidence, type EvidenceIndicator } from '../collusion/statutory-evidence';
import { FACT_SOURCES, marketBids, marketName, marketTable, peopleOfBidders, type Market } from './market-bids';
import { modelLabel, platformModel } from './platform-model';

/** Below this many opened sections a market's ranks are too rough for the score alone to flag (the CLI warns alike). */
export const MIN_MARKET_TENDERS = 30;
/** A screen's threshold: the edge of its market's most suspect tenth, on the side the model's weight points to. */
export const SCREEN_TAIL = 0.1;
/** A market needs this many values of a screen before it has a threshold. */
export const MIN_VALUES_FOR_THRESHOLD = 5;

/** The indicators §40 deems collusion by themselves; cover bids, fixed ratios and rotation are signs to look at. */
export const DEEMED_INDICATORS: ReadonlySet<EvidenceIndicator> = new Set([
  'SAME_DOCUMENT_HASH', 'SAME_TOOL_FINGERPRINT', 'SAME_DEPOSIT_ACCOUNT', 'SAME_AGENT', 'SHARED_PERSON', 'IDENTICAL_PRICES', 'REGULAR_PRICE_DIFFERENCES',
]);

export interface ScreenReading {
  value: number | null;
  /** Rank within the market in (−1, 1); 0 when the section lacks the screen. */
  rank: number;
  marketMedian: number | null;
  /** Where the market's most suspect tenth begins, on the side `direction` says; null when the market is too small. */
  threshold: number | null;
  direction: 'low' | 'high';
  beyond: boolean;
  weight: number;
}

export interface ScreenEvidence extends CollusionEvidence {
  /** Where the platform keeps what it was found in. */
  sourceOfRecord: string;
  /** Whether §40 deems it collusion by itself. */
  deemed: boolean;
}

export interface SectionScreening {
  sectionId: number;
  sectionCode: string;
  dealCode: string;
  regionCode: string;
  procedureKind: string;
  bidCount: number;
  marketTenders: number;
  score: number;
  threshold: number;
  flagged: boolean;
  flagReasons: Array<'evidence' | 'score'>;
  screens: Record<Screen, ScreenReading>;
  evidence: ScreenEvidence[];
  model: string;
}

const finite = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at), hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

function sourceOfRecord(source: string): string {
  if (source.startsWith('column:')) return FACT_SOURCES[source.slice(7) as keyof typeof FACT_SOURCES] ?? source;
  if (source === 'bids') return 'bid_opening_lines.price_fen';
  if (source === 'pairs') return 'bid_opening_lines (the market\'s opened sections)';
  return source;
}

/** A finding's identity: what it is, whom it concerns and on what (a new one raises an alert, a known one does not). */
export function findingKey(e: CollusionEvidence): string {
  return `${e.indicator}:${[...e.bidders].sort().join(',')}:${canonicalJson(e.detail)}`;
}

/**
 * Screens the market's opened sections (all of them, or those in `only`) against the whole market. Reads, computes;
 * writes nothing.
 */
export async function screenMarket(trx: Knex, market: Market, only: ReadonlySet<number> | null, model: CollusionModel = platformModel()): Promise<SectionScreening[]> {
  const bids = await marketBids(trx, market);
  if (!bids.length) return [];
  const table = marketTable(market, bids, await peopleOfBidders(trx, bids.map((b) => b.bidderSubjectId)));
  const matrix = computeScreens(table);
  const features = calibrateWithinMarkets(table, matrix.values);
  const scores = scoreTenders(model, features);
  const T = table.tenders.length;
  // per screen: the market's sorted values, its median and the edge of its suspect tail
  const marketOf = SCREENS.map((name, k) => {
    const values = Array.from(matrix.values[k]!).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    const weight = model.weights[model.screens.indexOf(name)] ?? 0;
    const direction: 'low' | 'high' = weight < 0 ? 'low' : 'high';
    return {
      weight, direction,
      median: values.length ? quantile(values, 0.5) : NaN,
      threshold: values.length >= MIN_VALUES_FOR_THRESHOLD ? quantile(values, direction === 'low' ? SCREEN_TAIL : 1 - SCREEN_TAIL) : NaN,
    };
  });
  const sectionOf = new Map(bids.map((b) => [b.sectionCode, b]));
  const out: SectionScreening[] = [];
  for (let t = 0; t < T; t++) {
    const first = sectionOf.get(table.tenders[t]!)!;
    if (only && !only.has(first.sectionId)) continue;
    const screens = Object.fromEntries(SCREENS.map((name, k) => {
      const v = matrix.values[k]![t]!;
      const m = marketOf[k]!;
      // beyond the tail's edge and off the market's middle (a screen most sections share, e.g. no identical bids, is no sign)
      const beyond = Number.isFinite(v) && Number.isFinite(m.threshold) && m.weight !== 0
        && (m.direction === 'low' ? v <= m.threshold && v < m.median : v >= m.threshold && v > m.median);
      return [name, { value: finite(v), rank: Number(features[k]![t]!.toFixed(4)), marketMedian: finite(m.median), threshold: finite(m.threshold), direction: m.direction, beyond, weight: Number(m.weight.toFixed(4)) }];
    })) as Record<Screen, ScreenReading>;
    const evidence = tenderEvidence(table, matrix.pairs, t).map((e) => ({ ...e, sourceOfRecord: sourceOfRecord(e.source), deemed: DEEMED_INDICATORS.has(e.indicator) }));
    const score = scores[t]!;
    const flagReasons: SectionScreening['flagReasons'] = [];
    if (evidence.some((e) => e.deemed)) flagReasons.push('evidence');
    if (T >= MIN_MARKET_TENDERS && score >= model.threshold) flagReasons.push('score');
    out.push({
      sectionId: first.sectionId, sectionCode: first.sectionCode, dealCode: first.dealCode, regionCode: market.regionCode, procedureKind: market.procedureKind,
      bidCount: table.start[t + 1]! - table.start[t]!, marketTenders: T, score: Number(score.toFixed(6)), threshold: Number(model.threshold.toFixed(6)),
      flagged: flagReasons.length > 0, flagReasons, screens, evidence, model: modelLabel(model),
    });
  }
  return out;
}

/** The findings that make a screening's alert: the deemed evidence, and the score when it flags. */
export function findingsOf(s: SectionScreening): string[] {
  const keys = s.evidence.filter((e) => e.deemed).map(findingKey);
  if (s.flagReasons.includes('score')) keys.push('SCORE');
  return [...new Set(keys)].sort();
}

export interface AlertWriter {
  /** Unique per alert written: the alert row's evaluation key derives from it. */
  key: string;
  now: Date;
}

/** The `alert.raised` trail event of a screening's alert, for the caller to append in its transaction. */
export type RaisedAlert = Record<string, unknown>;

export const SCREEN_RULE = {
  id: 'COLLUSION_SCREEN',
  legalBasis: '《招标投标法》第三十二条；《招标投标法实施条例》第三十九条、第四十条',
  title: { zh: '围标串标筛查：发现疑似串通投标', en: 'Bid-rigging screen: signs of collusive bidding' },
} as const;

/**
 * Writes the section's screening (the row is the section's latest) and raises an alert for the findings no alert has
 * named yet: a re-run that finds nothing new writes no alert. The alert's trail event is returned, not appended: the
 * caller appends it in its own transaction once this one (a savepoint, for the step) has held.
 */
export async function recordScreening(trx: Knex, s: SectionScreening, writer: AlertWriter): Promise<{ newFindings: string[]; raised: RaisedAlert | null }> {
  const existing = await CollusionScreen.query(trx).where('section_id', s.sectionId).first();
  const alerted = new Set<string>(existing ? JSON.parse(existing.alerted_findings) as string[] : []);
  const findings = findingsOf(s);
  const fresh = findings.filter((f) => !alerted.has(f));
  const row = {
    deal_code: s.dealCode, section_code: s.sectionCode, region_code: s.regionCode, procedure_kind: s.procedureKind, status: 'screened' as const,
    bid_count: s.bidCount, market_tenders: s.marketTenders, score: s.score, threshold: s.threshold, is_flagged: s.flagged,
    flag_reasons: JSON.stringify(s.flagReasons), screens: JSON.stringify(s.screens), evidence: JSON.stringify(s.evidence),
    alerted_findings: JSON.stringify([...new Set([...alerted, ...fresh])].sort()), model: s.model, attempts: (existing?.attempts ?? 0) + 1,
    last_error: null, screened_at: writer.now.toISOString(),
  };
  if (existing) await CollusionScreen.query(trx).findById(existing.id).patch(row);
  else await CollusionScreen.query(trx).insert({ section_id: s.sectionId, ...row });
  if (s.flagged && fresh.length) {
    const newEvidence = s.evidence.filter((e) => fresh.includes(findingKey(e)));
    const severity = s.flagReasons.includes('evidence') ? 'critical' : 'warning';
    const evidence = {
      sectionCode: s.sectionCode, score: s.score, threshold: s.threshold, marketTenders: s.marketTenders, flagReasons: s.flagReasons,
      newFindings: newEvidence.map((e) => ({ indicator: e.indicator, legalBasis: e.legalBasis, title: e.title, bidders: e.bidders, source: e.sourceOfRecord, detail: e.detail })),
      scoreFlagged: fresh.includes('SCORE'),
    };
    const digest = createHash('sha256').update(fresh.join('\n')).digest('hex').slice(0, 16);
    await trx('supervision_alerts').insert({
      evaluation_key: `${writer.key}/${SCREEN_RULE.id}/${s.sectionCode}/${digest}`, deal_code: s.dealCode, region_code: s.regionCode, rule_id: SCREEN_RULE.id,
      result: 'found', severity, legal_basis: SCREEN_RULE.legalBasis, evidence: canonicalJson(evidence), evaluated_at: writer.now.toISOString(),
    });
    return { newFindings: fresh, raised: { ruleId: SCREEN_RULE.id, severity, legalBasis: SCREEN_RULE.legalBasis, title: SCREEN_RULE.title, evidence } };
  }
  return { newFindings: fresh, raised: null };
}

/** A screening that failed: kept as `failed` (the nightly job tries it again); an earlier result stays readable. */
export async function recordScreeningFailure(trx: Knex, section: { id: number; code: string; dealCode: string; regionCode: string; procedureKind: string }, error: Error, now: Date): Promise<void> {
  const existing = await CollusionScreen.query(trx).where('section_id', section.id).first();
  const message = `${error.name}: ${error.message}`.slice(0, 2000);
  if (existing) {
    await CollusionScreen.query(trx).findById(existing.id).patch({ status: 'failed', attempts: existing.attempts + 1, last_error: message, screened_at: now.toISOString() });
  } else {
    await CollusionScreen.query(trx).insert({
      section_id: section.id, deal_code: section.dealCode, section_code: section.code, region_code: section.regionCode, procedure_kind: section.procedureKind,
      status: 'failed', attempts: 1, last_error: message, screened_at: now.toISOString(),
    });
  }
}

export { marketName };
