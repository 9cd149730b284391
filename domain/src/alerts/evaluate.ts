// alerts.evaluate (项目预警): runs the alert rules over the deal's supervision trail; alerts.raise records an alert a
// process decides itself (an overdue boundary timer, a complaint left unanswered).
import type { Knex } from 'knex';
import { z } from 'zod';
import { Deal, SupervisionAlert, SupervisionEvent } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError, defineTask, type TaskContext } from '../step';
import { barringSanctions } from '../credit/sanctions';
import { ALERT_RULES, type DealFacts, type TrailEvent } from './rules';

const RULE_IDS = ALERT_RULES.map((r) => r.id) as [string, ...string[]];

async function factsOf(trx: Knex, dealCode: string, now: Date): Promise<DealFacts> {
  const deal = await Deal.query(trx).where('deal_code', dealCode).select('procedure_kind').first();
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
  const rows = await SupervisionEvent.query(trx).where('deal_code', dealCode).orderBy('seq').select('seq', 'kind', 'occurred_at', 'payload');
  const events: TrailEvent[] = rows.map((r) => ({
    seq: Number(r.seq), kind: r.kind, occurredAt: new Date(r.occurred_at).toISOString(), payload: JSON.parse(r.payload) ?? {},
  }));
  // only the subjects this deal's trail names can matter to the rules
  const named = [...new Set(events.map((e) => e.payload.bidder).filter((b): b is string => typeof b === 'string'))];
  const sanctions = named.length
    ? await barringSanctions(trx, now).whereIn('p.credit_code', named).select('p.credit_code', 's.legal_basis', 's.decided_by_region')
    : [];
  const sanctioned = new Map<string, { legalBasis: string; decidedByRegion: string }>();
  for (const s of sanctions) sanctioned.set(s.credit_code, { legalBasis: s.legal_basis, decidedByRegion: s.decided_by_region });
  return { dealCode, procedureKind: deal.procedure_kind, events, sanctioned, now };
}

async function record(ctx: TaskContext, dealCode: string, rule: { id: string; severity: string; legalBasis: string }, result: string, evidence: unknown) {
  await SupervisionAlert.query(ctx.trx).insert({
    evaluation_key: `${ctx.key}/${rule.id}`, deal_code: dealCode, region_code: ctx.regionCode, rule_id: rule.id, result,
    severity: rule.severity, legal_basis: rule.legalBasis, evidence: canonicalJson(evidence), evaluated_at: ctx.now.toISOString(),
  });
}

export const evaluateAlerts = defineTask({
  type: 'alerts.evaluate',
  input: z.object({ rules: z.array(z.enum(RULE_IDS)).min(1).optional() }),
  async run(ctx, { rules }) {
    const dealCode = ctx.requireDealCode();
    const facts = await factsOf(ctx.trx, dealCode, ctx.now);
    const chosen = ALERT_RULES.filter((r) => !rules || rules.includes(r.id));
    const results: Record<string, string> = {};
    for (const rule of chosen) {
      const outcome = rule.evaluate(facts);
      results[rule.id] = outcome.result;
      await record(ctx, dealCode, rule, outcome.result, outcome.evidence);
      if (outcome.result === 'found') {
        await ctx.emit('alert.raised', { ruleId: rule.id, severity: rule.severity, legalBasis: rule.legalBasis, title: rule.title, evidence: outcome.evidence });
      }
    }
    await ctx.emit('alert.evaluated', { results });
    const found = Object.entries(results).filter(([, r]) => r === 'found').map(([id]) => id);
    return { variables: { alertsFound: found }, result: results };
  },
});

export const raiseAlert = defineTask({
  type: 'alerts.raise',
  input: z.object({
    ruleId: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/),
    severity: z.enum(['info', 'warning', 'critical']).default('warning'),
    legalBasis: z.string().trim().min(1).max(300),
    // flat, so a BPMN input mapping (which has no object literals) can set them
    messageZh: z.string().trim().min(1).max(500),
    messageEn: z.string().trim().min(1).max(500),
    evidence: z.record(z.string(), z.unknown()).default({}),
  }),
  async run(ctx, alert) {
    const dealCode = ctx.requireDealCode();
    const rule = { id: alert.ruleId, severity: alert.severity, legalBasis: alert.legalBasis };
    const message = { zh: alert.messageZh, en: alert.messageEn };
    await record(ctx, dealCode, rule, 'found', { ...alert.evidence, message, nodeId: ctx.nodeId });
    await ctx.emit('alert.raised', { ruleId: alert.ruleId, severity: alert.severity, legalBasis: alert.legalBasis, title: message, evidence: alert.evidence });
    return { result: { ruleId: alert.ruleId } };
  },
});
