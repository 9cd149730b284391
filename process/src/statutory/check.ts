// The design-time check: every statutory period of the model's procedure kind, between every pair of matching steps
// (A, B) where B can follow A. A min rule holds when every way from A to B is guaranteed to take at least the period;
// a max rule when every way is bounded by it. A violation is an error naming both steps, the period, what the model
// guarantees or allows, the way that shows it, and the law.
import { problem, type Problem } from '../problems';
import type { ModelNode, SequenceFlow } from '../model';
import { TimingAnalysis, type Bound } from './analysis';
import { matchAny } from './matchers';
import { formatAmount, formatPeriod, periodValue, type Cause } from './periods';
import { STATUTORY_RULES, type LegalReference, type StatutoryRule } from './rules';
import { StepTiming } from './steps';
import { buildTimingGraph, type TimingEdge, type TimingGraph } from './timing-graph';

export interface StatutoryModel {
  nodes: Readonly<Record<string, ModelNode>>;
  flows: Readonly<Record<string, SequenceFlow>>;
  startNode: string;
  procedureKind?: string;
}

export type StatutoryRuleSet = Readonly<Record<string, readonly StatutoryRule[]>>;

export interface StatutoryCheckResult {
  errors: Problem[];
  warnings: Problem[];
}

const MAX_PATH_STEPS = 24;

function basisText(basis: readonly LegalReference[]): { zh: string; en: string } {
  return {
    zh: basis.map((b) => `${b.law.zh}${b.article.zh}`).join('、'),
    en: basis.map((b) => `${b.law.en}, ${b.article.en}`).join('; '),
  };
}

function causeText(cause: Cause | null, from: string, to: string): { zh: string; en: string } {
  const n = cause?.node ?? '?';
  switch (cause?.reason) {
    case 'noDueDuration': return { zh: `用户任务「${n}」没有设计时可知的办理时限（ggzy:dueDuration）`, en: `user task "${n}" has no due duration known at design time (ggzy:dueDuration)` };
    case 'messageWait': return { zh: `「${n}」等待消息，没有定时兜底`, en: `"${n}" waits for a message with no timer to end the wait` };
    case 'signalWait': return { zh: `「${n}」等待信号，没有定时兜底`, en: `"${n}" waits for a signal with no timer to end the wait` };
    case 'conditionWait': return { zh: `「${n}」等待条件成立，没有定时兜底`, en: `"${n}" waits for a condition with no timer to end the wait` };
    case 'callActivity': return { zh: `调用活动「${n}」的时长没有上限`, en: `call activity "${n}" has no bounded duration` };
    case 'timerNotFixed': return { zh: `定时「${n}」的时长在设计时无法确定`, en: `the duration of timer "${n}" is not known at design time` };
    case 'workingDaysInCalendarDays': return { zh: `「${n}」按工作日计时，换算为自然日没有上限（节假日由各地设定）`, en: `"${n}" counts working days, which have no upper bound in calendar days (holidays are set per region)` };
    case 'sequentialInstances': return { zh: `顺序多实例「${n}」的实例数不定`, en: `sequential multi-instance "${n}" has no bounded number of instances` };
    case 'compensation': return { zh: `「${n}」触发的补偿含有需要人工办理的步骤`, en: `the compensation thrown at "${n}" includes steps that wait for people` };
    case 'loop': return { zh: `经过「${n}」的循环可以重复任意次`, en: `the loop through "${n}" can repeat any number of times` };
    case 'parallelJoin': return { zh: `并行网关「${n}」还要等待一条不从「${from}」开始、时长没有上限的分支`, en: `parallel gateway "${n}" also waits for a branch that does not start at "${from}" and has no bounded duration` };
    case 'repeatingTimer': return { zh: `循环定时「${n}」可以无限次触发`, en: `repeating timer "${n}" can fire without limit` };
    case 'beforeSource': return { zh: `「${n}」的非中断边界事件使「${to}」可能在「${from}」完成之前发生`, en: `the non-interrupting boundary event of "${n}" lets "${to}" happen before "${from}" is done` };
    default: return { zh: '时长没有上限', en: 'no bounded duration' };
  }
}

/** The way the bound came about, from A to B: "docs → gw → open"; ⇢ enters a boundary event, ↩ a return (驳回) or withdrawal (撤回). */
function witnessPath(analysis: TimingAnalysis, source: string, target: string): string {
  const parts: string[] = [target];
  const seen = new Set<string>();
  let id = target;
  let complete = false;
  for (let i = 0; i < MAX_PATH_STEPS; i++) {
    const via: TimingEdge | null | undefined = analysis.arrival(id)?.via;
    if (!via || seen.has(`${via.from}>${via.to}`)) break;
    seen.add(`${via.from}>${via.to}`);
    parts.unshift(via.kind === 'boundary' ? ' ⇢ ' : via.kind === 'flow' ? ' → ' : ' ↩ ');
    parts.unshift(via.from);
    if (via.from === source && via.kind === 'flow') {
      complete = true;
      break;
    }
    id = via.from;
  }
  return `${complete ? '' : '… '}${parts.join('')}`;
}

function hasCalendarTimer(graph: TimingGraph, path: string): boolean {
  return path.split(/ [→⇢↩] /).some((id) => {
    const node = graph.nodes[id.replace(/^… /, '')];
    const timer = node?.kind === 'timerCatch' ? node.timer : node?.kind === 'boundaryEvent' && node.trigger.type === 'timer' ? node.trigger.timer : null;
    return timer !== null && timer.type !== 'date' && timer.calendar === 'calendar';
  });
}

class RuleCheck {
  private readonly timing: StepTiming;

  constructor(private readonly graph: TimingGraph, private readonly rule: StatutoryRule, private readonly froms: string[], private readonly tos: string[]) {
    this.timing = new StepTiming(graph, rule.period.unit);
  }

  run(): Problem[] {
    const problems: Problem[] = [];
    const sinks = new Set(this.tos);
    for (const source of this.froms) {
      const cuts = new Set(this.froms.filter((f) => f !== source));
      const analysis = new TimingAnalysis(this.graph, this.timing, { mode: this.rule.kind, source, cuts, sinks, refineJoins: true });
      for (const target of this.tos) {
        if (target === source) continue;
        const arrival = analysis.arrival(target);
        if (!arrival) continue;
        const p = this.rule.kind === 'min' ? this.checkMin(analysis, arrival, source, target) : this.checkMax(analysis, arrival, source, target);
        if (p) problems.push(p);
      }
    }
    return problems;
  }

  private common(source: string, target: string) {
    const required = formatPeriod(this.rule.period);
    const basis = basisText(this.rule.basis);
    return { rule: this.rule.id, from: source, to: target, requiredZh: required.zh, requiredEn: required.en, basisZh: basis.zh, basisEn: basis.en };
  }

  private checkMin(analysis: TimingAnalysis, arrival: Bound, source: string, target: string): Problem | null {
    if (arrival.value >= periodValue(this.rule.period)) return null;
    const path = witnessPath(analysis, source, target);
    let guaranteed = formatAmount(arrival.value, this.rule.period.unit);
    if (arrival.value === -Infinity) {
      const n = arrival.cause?.node ?? '?';
      const why = arrival.cause?.reason === 'loop'
        ? { zh: `经过「${n}」的循环无法确定下限`, en: `no lower bound could be found through the loop at "${n}"` }
        : causeText(arrival.cause, source, target);
      guaranteed = { zh: `0（${why.zh}）`, en: `nothing (${why.en})` };
    } else if (this.rule.period.unit === 'workingDays' && hasCalendarTimer(this.graph, path)) {
      guaranteed = {
        zh: `${guaranteed.zh}（自然日定时不保证任何工作日，请用 ggzy:calendar="working"）`,
        en: `${guaranteed.en} (calendar-day timers guarantee no working days: use ggzy:calendar="working")`,
      };
    }
    return problem('STATUTORY_PERIOD_TOO_SHORT', target, { ...this.common(source, target), guaranteedZh: guaranteed.zh, guaranteedEn: guaranteed.en, path });
  }

  private checkMax(analysis: TimingAnalysis, arrival: Bound, source: string, target: string): Problem | null {
    const own = this.timing.step(target);
    const value = arrival.value + own.hi;
    if (value <= periodValue(this.rule.period)) return null;
    const path = witnessPath(analysis, source, target);
    let bound: { zh: string; en: string };
    if (value === Infinity) {
      const why = causeText(Number.isFinite(arrival.value) ? own.cause ?? null : arrival.cause, source, target);
      bound = { zh: `无法保证上限：${why.zh}`, en: `sets no limit: ${why.en}` };
    } else {
      const most = formatAmount(value, this.rule.period.unit);
      bound = { zh: `最长可能需要 ${most.zh}`, en: `allows up to ${most.en}` };
    }
    return problem('STATUTORY_PERIOD_NOT_GUARANTEED', target, { ...this.common(source, target), boundZh: bound.zh, boundEn: bound.en, path });
  }
}

/**
 * Checks a model against the statutory rules of its procedure kind. Models without a procedure kind are not
 * checked; a kind without rules is a warning.
 */
export function checkStatutoryPeriods(model: StatutoryModel, rules: StatutoryRuleSet = STATUTORY_RULES): StatutoryCheckResult {
  const result: StatutoryCheckResult = { errors: [], warnings: [] };
  const kind = model.procedureKind;
  if (!kind) return result;
  const kindRules = Object.prototype.hasOwnProperty.call(rules, kind) ? rules[kind]! : undefined;
  if (!kindRules) {
    result.warnings.push(problem('UNKNOWN_PROCEDURE_KIND', null, { procedureKind: kind, known: Object.keys(rules).join(', ') }));
    return result;
  }
  if (!model.nodes[model.startNode]) return result;

  const nodes = Object.values(model.nodes).filter((n) => !n.isForCompensation);
  const ambiguous = new Set<string>();
  const steps = (matchers: StatutoryRule['from']) => nodes.flatMap((node) => {
    const m = matchAny(node, matchers);
    if (m === 'yes') return [node.id];
    if (m !== 'no' && !ambiguous.has(`${node.id}/${m.ambiguousInput}`)) {
      ambiguous.add(`${node.id}/${m.ambiguousInput}`);
      const taskType = node.kind === 'serviceTask' ? node.taskType : node.kind;
      result.errors.push(problem('STATUTORY_STEP_AMBIGUOUS', node.id, { procedureKind: kind, taskType, input: m.ambiguousInput, example: m.example }));
    }
    return [];
  });

  let graph: TimingGraph | null = null;
  for (const rule of kindRules) {
    const froms = steps(rule.from);
    const tos = steps(rule.to);
    if (!froms.length || !tos.length) continue;
    graph ??= buildTimingGraph(model.nodes, model.flows, model.startNode);
    result.errors.push(...new RuleCheck(graph, rule, froms, tos).run());
  }
  return result;
}
