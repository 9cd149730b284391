// The award price against its peers (价格预警): when a section is awarded, its price is compared with the prices awarded
// before in the same region for the same procedure kind and category; outside the reasonable interval
// [P25 − 1.5·IQR, P75 + 1.5·IQR] of those prices, supervisors get an alert with the numbers as evidence. A price far
// above its peers may be a purchase above the market (《政府采购法》第十七条), one far below may be a price under cost
// (《招标投标法》第三十三条). It is a sign to look at, never a block: the award step runs it in a savepoint and goes on
// whatever it finds or whatever goes wrong in it.
import type { Knex } from 'knex';
import { canonicalJson } from '@ggzy/process';
import { reasonableInterval, summarize } from './statistics';

export const PRICE_RULE = {
  id: 'PRICE_OUTSIDE_INTERVAL',
  title: { zh: '成交价格超出同类价格合理区间', en: 'Award price outside the reasonable interval of its peers' },
  legalBasis: '《政府采购法》第十七条；《招标投标法》第三十三条',
  severity: 'warning' as const,
};

/** Fewer earlier awards than this and the interval says too little to alert on. */
export const MIN_PEERS = 5;

export interface AwardPriceFacts { dealCode: string; sectionCode: string; regionCode: string; procedureKind: string; category: string | null; amountFen: number }

export interface PriceAlert { ruleId: string; severity: string; legalBasis: string; title: { zh: string; en: string }; evidence: Record<string, unknown> }

/** The evidence of an award price outside its peers' interval, or null (inside, or too few peers to say). */
export async function awardPriceOutlier(trx: Knex, award: AwardPriceFacts): Promise<Record<string, unknown> | null> {
  const q = trx('awarded_prices').where({ region_code: award.regionCode, procedure_kind: award.procedureKind }).whereNot('section_code', award.sectionCode);
  if (award.category === null) q.whereNull('category');
  else q.where('category', award.category);
  const peers = (await q.select('amount_fen')).map((r: { amount_fen: string | number }) => Number(r.amount_fen));
  if (peers.length < MIN_PEERS) return null;
  const s = summarize(peers)!;
  const interval = reasonableInterval(s);
  if (award.amountFen >= interval.lower && award.amountFen <= interval.upper) return null;
  return {
    sectionCode: award.sectionCode, amountFen: award.amountFen, direction: award.amountFen > interval.upper ? 'above' : 'below',
    peers: { regionCode: award.regionCode, procedureKind: award.procedureKind, category: award.category, count: s.count, min: s.min, p25: s.p25, median: s.median, p75: s.p75, max: s.max },
    interval: { lower: interval.lower, upper: interval.upper, iqr: interval.iqr, rule: 'P25 − 1.5·IQR … P75 + 1.5·IQR' },
  };
}

/** Checks the award's price and records the alert when it is outside; answers the alert raised, if any. */
export async function checkAwardPrice(trx: Knex, award: AwardPriceFacts, writer: { key: string; now: Date }): Promise<PriceAlert | null> {
  const evidence = await awardPriceOutlier(trx, award);
  if (!evidence) return null;
  await trx('supervision_alerts').insert({
    evaluation_key: `${writer.key}/${PRICE_RULE.id}/${award.sectionCode}`, deal_code: award.dealCode, region_code: award.regionCode, rule_id: PRICE_RULE.id,
    result: 'found', severity: PRICE_RULE.severity, legal_basis: PRICE_RULE.legalBasis, evidence: canonicalJson(evidence), evaluated_at: writer.now.toISOString(),
  });
  return { ruleId: PRICE_RULE.id, severity: PRICE_RULE.severity, legalBasis: PRICE_RULE.legalBasis, title: PRICE_RULE.title, evidence };
}
