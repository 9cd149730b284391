// The conformance suite: each fixture is a BPMN process (committed as fixtures/<name>.bpmn), scripted inputs,
// and the expected trace and variables. At least one per element and gateway combination the engine supports.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addDuration } from '@ggzy/process';
import type { Fixture, HistoryEvent } from './harness';

const DAY = 86_400_000;
/** The timer a history started: when (workflow time) and for how long. */
function timerStarted(events: HistoryEvent[]): { at: number; ms: number } {
  const event = events.find((e) => e.timerStartedEventAttributes);
  if (!event) throw new Error('no timer was started');
  const timeout = event.timerStartedEventAttributes!.startToFireTimeout!;
  return { at: Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6), ms: Number(timeout.seconds) * 1000 + Math.floor((timeout.nanos ?? 0) / 1e6) };
}
const localDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
/** Seven public holidays from the day after `now` (the server's clock): five working days must start after them. */
const holidayWeek = (now: number) => ({ holidays: Array.from({ length: 7 }, (_, i) => localDate(now + (i + 1) * DAY)), workdays: [], utcOffsetMinutes: 480 });
import { STAFF } from './harness';

const COMMITTEE_SIZE_DMN = readFileSync(path.join(__dirname, '..', '..', 'process', 'reference', 'decisions', 'procurement_committee_size.dmn'), 'utf8');
/** A UNIQUE table whose two rules both hold for a big 服务 project: it cannot decide. */
const OVERLAPPING_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="overlap_defs" name="评标办法" namespace="urn:ggzy:test">
  <decision id="evaluation_method" name="评标办法">
    <decisionTable id="t" hitPolicy="UNIQUE">
      <input id="i1" label="类别"><inputExpression id="e1" typeRef="string"><text>category</text></inputExpression></input>
      <input id="i2" label="预算"><inputExpression id="e2" typeRef="number"><text>estimateFen</text></inputExpression></input>
      <output id="o1" name="method" typeRef="string"/>
      <rule id="services"><inputEntry id="a1"><text>"服务"</text></inputEntry><inputEntry id="a2"><text>-</text></inputEntry><outputEntry id="a3"><text>"综合评分法"</text></outputEntry></rule>
      <rule id="big"><inputEntry id="b1"><text>-</text></inputEntry><inputEntry id="b2"><text>&gt;= 100000000</text></inputEntry><outputEntry id="b3"><text>"综合评分法"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const echo = (id: string, inputs: Record<string, string> = {}) => ({ id, type: 'serviceTask' as const, taskType: 'demo.echo', inputs });
const record = (id: string, entry: string, extra: Record<string, unknown> = {}) => ({ id, type: 'serviceTask' as const, taskType: 'demo.record', inputs: { entry: `'${entry}'` }, ...extra });
const user = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'userTask' as const, role: 'staff', ...extra });
const start = { id: 'start', type: 'startEvent' as const };
const end = { id: 'end', type: 'endEvent' as const };

export const FIXTURES: Fixture[] = [
  {
    name: 'sequence_service_tasks',
    shows: 'start, service tasks in sequence (activities by catalog name), input mappings as expressions, end',
    spec: { id: 'sequence_service_tasks', nodes: [start, echo('a', { a: '1' }), echo('b', { b: 'a + 1', label: "'第' + string(a + 1)" }), end], flows: [['start', 'a'], ['a', 'b'], ['b', 'end']] },
    expect: { visited: ['start', 'a', 'b', 'end'], variables: { a: 1, b: 2, label: '第2' } },
  },
  {
    name: 'exclusive_gateway_condition',
    shows: 'exclusive gateway: the first condition that holds is taken',
    spec: {
      id: 'exclusive_gateway_condition',
      nodes: [start, { id: 'gw', type: 'exclusiveGateway', default: 'toLow' }, echo('high', { level: "'high'" }), echo('low', { level: "'low'" }), { id: 'merge', type: 'exclusiveGateway' }, end],
      flows: [['start', 'gw'], ['gw', 'high', 'amount > 1000000'], { id: 'toLow', from: 'gw', to: 'low' }, ['high', 'merge'], ['low', 'merge'], ['merge', 'end']],
    },
    variables: { amount: 5000000 },
    expect: { visited: ['start', 'gw', 'high', 'merge', 'end'], variables: { level: 'high' } },
  },
  {
    name: 'exclusive_gateway_default',
    shows: 'exclusive gateway: the default flow when no condition holds',
    spec: {
      id: 'exclusive_gateway_default',
      nodes: [start, { id: 'gw', type: 'exclusiveGateway', default: 'toLow' }, echo('high', { level: "'high'" }), echo('low', { level: "'low'" }), { id: 'merge', type: 'exclusiveGateway' }, end],
      flows: [['start', 'gw'], ['gw', 'high', '${amount > 1000000}'], { id: 'toLow', from: 'gw', to: 'low' }, ['high', 'merge'], ['low', 'merge'], ['merge', 'end']],
    },
    variables: { amount: 300 },
    expect: { visited: ['start', 'gw', 'low', 'merge', 'end'], variables: { level: 'low' } },
  },
  {
    name: 'parallel_fork_join',
    shows: 'parallel gateway: fork to three branches, join waits for all',
    spec: {
      id: 'parallel_fork_join',
      nodes: [start, { id: 'fork', type: 'parallelGateway' }, echo('venue', { venue: "'A厅'" }), echo('notice', { notice: 'true' }), user('review'), { id: 'join', type: 'parallelGateway' }, echo('after', { joined: 'venue + (notice ? "+公告" : "")' }), end],
      flows: [['start', 'fork'], ['fork', 'venue'], ['fork', 'notice'], ['fork', 'review'], ['venue', 'join'], ['notice', 'join'], ['review', 'join'], ['join', 'after'], ['after', 'end']],
    },
    steps: [{ complete: 'review' }],
    expect: { visitedUnordered: ['start', 'fork', 'venue', 'notice', 'review', 'join', 'join', 'join', 'after', 'end'], variables: { joined: 'A厅+公告' } },
  },
  {
    name: 'inclusive_fork_join',
    shows: 'inclusive gateway: fork on every condition that holds; the join waits only for branches that were started',
    spec: {
      id: 'inclusive_fork_join',
      nodes: [start, { id: 'fork', type: 'inclusiveGateway', default: 'toNone' }, echo('lot1', { s1: "'一标段'" }), user('lot2'), echo('none', { none: 'true' }), { id: 'join', type: 'inclusiveGateway' }, echo('after', { done: 'true' }), end],
      flows: [['start', 'fork'], ['fork', 'lot1', 'contains(lots, 1)'], ['fork', 'lot2', 'contains(lots, 2)'], { id: 'toNone', from: 'fork', to: 'none' }, ['lot1', 'join'], ['lot2', 'join'], ['none', 'join'], ['join', 'after'], ['after', 'end']],
    },
    variables: { lots: [1, 2] },
    steps: [{ expectOpen: ['lot2'] }, { check: (s) => { if (!s.visited.includes('lot1') || s.visited.includes('after')) throw new Error('the join fired before lot2'); } }, { complete: 'lot2' }],
    expect: { visitedUnordered: ['start', 'fork', 'lot1', 'lot2', 'join', 'join', 'after', 'end'], variables: { s1: '一标段', done: true } },
  },
  {
    name: 'inclusive_single_branch',
    shows: 'inclusive gateway: one branch taken, the join fires at once',
    spec: {
      id: 'inclusive_single_branch',
      nodes: [start, { id: 'fork', type: 'inclusiveGateway', default: 'toNone' }, echo('lot1', { s1: 'true' }), echo('lot2', { s2: 'true' }), echo('none', { none: 'true' }), { id: 'join', type: 'inclusiveGateway' }, end],
      flows: [['start', 'fork'], ['fork', 'lot1', 'contains(lots, 1)'], ['fork', 'lot2', 'contains(lots, 2)'], { id: 'toNone', from: 'fork', to: 'none' }, ['lot1', 'join'], ['lot2', 'join'], ['none', 'join'], ['join', 'end']],
    },
    variables: { lots: [] },
    expect: { visited: ['start', 'fork', 'none', 'join', 'end'], variables: { none: true } },
  },
  {
    name: 'user_task_form',
    shows: 'user task with a form: completion without a required field is refused (no history written), then accepted',
    spec: { id: 'user_task_form', nodes: [start, user('register', { formKey: 'registration', due: 'P3D', calendar: 'working' }), echo('after', { ok: 'projectName != null' }), end], flows: [['start', 'register'], ['register', 'after'], ['after', 'end']] },
    forms: { registration: { type: 'object', properties: { projectName: { type: 'string', required: true, 'x-component': 'Input' }, budget: { type: 'number', 'x-validator': 'required' }, note: { type: 'string' } } } },
    steps: [
      { expectRefused: { complete: 'register', data: { projectName: '示范项目' } }, code: 'FORM_INCOMPLETE' },
      { expectRefused: { complete: 'register', data: { projectName: '示范项目', budget: 1 }, as: { ...STAFF, role: 'supervisor' } }, code: 'TASK_NOT_YOURS' },
      { complete: 'register', data: { projectName: '示范项目', budget: 1200000 } },
    ],
    expect: { visited: ['start', 'register', 'after', 'end'], variables: { projectName: '示范项目', budget: 1200000, ok: true } },
  },
  {
    name: 'message_catch',
    shows: 'intermediate message catch: the api delivers the message with variables',
    spec: { id: 'message_catch', nodes: [start, { id: 'paid', type: 'messageCatch', message: 'deposit-paid' }, end], flows: [['start', 'paid'], ['paid', 'end']] },
    steps: [{ check: (s) => { if (!s.tokens.some((t) => t.nodeId === 'paid' && t.waiting)) throw new Error('not waiting at paid'); } }, { message: 'deposit-paid', variables: { amountFen: 200000 } }],
    expect: { visited: ['start', 'paid', 'end'], variables: { amountFen: 200000 } },
  },
  {
    name: 'message_buffered',
    shows: 'a message that arrives before its catch event is buffered and consumed when the token gets there',
    spec: { id: 'message_buffered', nodes: [start, user('prepare'), { id: 'paid', type: 'messageCatch', message: 'deposit-paid' }, end], flows: [['start', 'prepare'], ['prepare', 'paid'], ['paid', 'end']] },
    steps: [{ message: 'deposit-paid', variables: { early: true } }, { complete: 'prepare' }],
    expect: { visited: ['start', 'prepare', 'paid', 'end'], variables: { early: true } },
  },
  {
    name: 'event_gateway_message',
    shows: 'event-based gateway: the message arrives before the timer; the timer is withdrawn',
    spec: {
      id: 'event_gateway_message',
      nodes: [start, { id: 'gw', type: 'eventBasedGateway' }, { id: 'answer', type: 'messageCatch', message: 'objection-answered' }, { id: 'late', type: 'timerCatch', duration: 'P3D' }, echo('ok', { path: "'answered'" }), echo('escalate', { path: "'late'" }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'gw'], ['gw', 'answer'], ['gw', 'late'], ['answer', 'ok'], ['late', 'escalate'], ['ok', 'end'], ['escalate', 'end2']],
    },
    steps: [{ message: 'objection-answered', variables: { answer: '已答复' } }],
    expect: { visited: ['start', 'gw', 'answer', 'ok', 'end'], variables: { path: 'answered', answer: '已答复' } },
  },
  {
    name: 'event_gateway_timer',
    shows: 'event-based gateway: no answer within 3 days (§22), the timer path is taken',
    timeSkipping: true,
    spec: {
      id: 'event_gateway_timer',
      nodes: [start, { id: 'gw', type: 'eventBasedGateway' }, { id: 'answer', type: 'messageCatch', message: 'objection-answered' }, { id: 'late', type: 'timerCatch', duration: 'P3D' }, echo('ok', { path: "'answered'" }), echo('escalate', { path: "'late'" }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'gw'], ['gw', 'answer'], ['gw', 'late'], ['answer', 'ok'], ['late', 'escalate'], ['ok', 'end'], ['escalate', 'end2']],
    },
    expect: { visited: ['start', 'gw', 'late', 'escalate', 'end2'], variables: { path: 'late' } },
  },
  {
    name: 'timer_intermediate_calendar_days',
    shows: 'timer intermediate event: a 20-day bidding period (招标投标法 §24) in calendar days',
    timeSkipping: true,
    spec: { id: 'timer_intermediate_calendar_days', nodes: [start, echo('issue', { issuedAt: 'true' }), { id: 'bidding', type: 'timerCatch', duration: 'P20D' }, echo('open', { opened: 'true' }), end], flows: [['start', 'issue'], ['issue', 'bidding'], ['bidding', 'open'], ['open', 'end']] },
    expect: { visited: ['start', 'issue', 'bidding', 'open', 'end'], variables: { opened: true }, checkHistory: (events) => expect(timerStarted(events).ms).toBe(20 * DAY) },
  },
  {
    name: 'message_throw_event',
    shows: 'intermediate message throw event: the message is sent by the catalog activity it names, like a send task',
    spec: {
      id: 'message_throw_event',
      nodes: [start, { id: 'notify', type: 'messageThrow', message: 'bidders_notified', taskType: 'demo.echo', inputs: { notified: "'已通知投标人'" } }, end],
      flows: [['start', 'notify'], ['notify', 'end']],
    },
    expect: { visited: ['start', 'notify', 'end'], variables: { notified: '已通知投标人' } },
  },
  {
    name: 'message_end_event',
    shows: 'message end event: the message is sent by the catalog activity it names, then the token ends',
    spec: {
      id: 'message_end_event',
      nodes: [start, echo('award', { awarded: 'true' }), { id: 'notifyWinner', type: 'messageEndEvent', message: 'winner_notified', taskType: 'demo.echo', inputs: { notice: "'中标通知已发出'" } }],
      flows: [['start', 'award'], ['award', 'notifyWinner']],
    },
    expect: { visited: ['start', 'award', 'notifyWinner'], variables: { awarded: true, notice: '中标通知已发出' } },
  },
  {
    name: 'signal_start_event',
    shows: 'signal start event of the process: a deal started by a broadcast begins at it, with the signal\'s variables',
    spec: {
      id: 'signal_start_event',
      nodes: [{ id: 'onPolicy', type: 'signalStart', signal: '政策调整' }, echo('recheck', { rechecked: 'policy + \'复核\'' }), end],
      flows: [['onPolicy', 'recheck'], ['recheck', 'end']],
    },
    variables: { policy: '保证金比例下调' },
    expect: { visited: ['onPolicy', 'recheck', 'end'], variables: { rechecked: '保证金比例下调复核' } },
  },
  {
    name: 'conditional_start_event',
    shows: 'conditional start event of the process (Camunda 8.9): a deal started because its condition held begins at it, with the variables it was evaluated with',
    spec: {
      id: 'conditional_start_event',
      nodes: [{ id: 'large', type: 'triggeredStart', trigger: 'conditional', value: 'estimateFen >= 100000000000' }, echo('register', { watched: "title + '（重点监管）'" }), end],
      flows: [['large', 'register'], ['register', 'end']],
    },
    variables: { estimateFen: 120_000_000_000, title: '新机场航站楼工程' },
    expect: { visited: ['large', 'register', 'end'], variables: { watched: '新机场航站楼工程（重点监管）' } },
  },
  {
    name: 'timer_date_follows_variable',
    shows: '顺延: the opening time moved later while its timer waits; the timer follows it (cancelled, armed for the new date); a date brought forward is refused',
    timeSkipping: true,
    spec: {
      id: 'timer_date_follows_variable',
      nodes: [start, { id: 'untilOpening', type: 'timerCatch', date: '${openingAt}' }, echo('open', { opened: 'true' }), end],
      flows: [['start', 'untilOpening'], ['untilOpening', 'open'], ['open', 'end']],
    },
    variables: (now) => ({ openingAt: new Date(now + 20 * DAY).toISOString() }),
    steps: [
      { expectRefused: { reschedule: { openingAt: 'P10D' } }, code: 'RESCHEDULE_REFUSED' },
      { reschedule: { openingAt: 'P35D' } },
    ],
    expect: {
      visited: ['start', 'untilOpening', 'open', 'end'], variables: { opened: true },
      checkHistory: (events) => {
        const started = events.filter((e) => e.timerStartedEventAttributes);
        expect(started).toHaveLength(2);
        expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(1);
        const first = timerStarted(started.slice(0, 1));
        const second = timerStarted(started.slice(1));
        expect(Math.abs(first.at + first.ms - (first.at + 20 * DAY))).toBeLessThan(60_000);
        // armed again for 35 days after the move, which came right after the start
        expect(Math.abs(second.at + second.ms - (first.at + 35 * DAY))).toBeLessThan(60_000);
      },
    },
  },
  {
    name: 'reschedule_shifts_following_dates',
    shows: '顺延 of the opening moves the dates after it by the same span (the evaluation), and leaves an earlier one where it was',
    timeSkipping: true,
    spec: {
      id: 'reschedule_shifts_following_dates',
      nodes: [start, { id: 'untilOpening', type: 'timerCatch', date: '${openingAt}' }, { id: 'untilEvaluation', type: 'timerCatch', date: '${evaluationAt}' }, echo('evaluate', { evaluated: 'true' }), end],
      flows: [['start', 'untilOpening'], ['untilOpening', 'untilEvaluation'], ['untilEvaluation', 'evaluate'], ['evaluate', 'end']],
    },
    variables: (now) => ({
      documentsOnSaleUntil: new Date(now + 5 * DAY).toISOString(), openingAt: new Date(now + 20 * DAY).toISOString(), evaluationAt: new Date(now + 21 * DAY).toISOString(),
    }),
    steps: [{ reschedule: { openingAt: 'P30D' }, alsoShift: ['evaluationAt', 'documentsOnSaleUntil', 'noSuchDate'] }],
    expect: {
      visited: ['start', 'untilOpening', 'untilEvaluation', 'evaluate', 'end'],
      check: (result) => {
        const at = (name: string) => Date.parse(String(result.variables[name]));
        // the evaluation keeps its day after the opening; the sale period, before the opening, did not move
        expect(at('evaluationAt') - at('openingAt')).toBe(DAY);
        expect(at('openingAt') - at('documentsOnSaleUntil')).toBeGreaterThan(20 * DAY);
        expect(result.variables).not.toHaveProperty('noSuchDate');
      },
      checkHistory: (events) => {
        const started = events.filter((e) => e.timerStartedEventAttributes).map((e) => timerStarted([e]));
        // the opening armed for 20 days, again for 30; the evaluation one day after that
        expect(started).toHaveLength(3);
        expect(Math.abs(started[1]!.at + started[1]!.ms - (started[0]!.at + 30 * DAY))).toBeLessThan(60_000);
        expect(Math.abs(started[2]!.at + started[2]!.ms - (started[0]!.at + 31 * DAY))).toBeLessThan(60_000);
      },
    },
  },
  {
    name: 'timer_working_days',
    shows: 'timer in working days: weekends and holidays skipped, make-up days (调休) counted',
    timeSkipping: true,
    spec: { id: 'timer_working_days', nodes: [start, { id: 'wait', type: 'timerCatch', duration: 'P5D', calendar: 'working' }, echo('after', { done: 'true' }), end], flows: [['start', 'wait'], ['wait', 'after'], ['after', 'end']] },
    calendar: holidayWeek,
    expect: {
      visited: ['start', 'wait', 'after', 'end'], variables: { done: true },
      checkHistory: (events) => {
        const timer = timerStarted(events);
        expect(timer.ms).toBe(addDuration(timer.at, 'P5D', 'working', holidayWeek(timer.at)) - timer.at);
        expect(timer.ms).toBeGreaterThanOrEqual(12 * DAY); // 7 holidays, then at least 5 days
        expect(timer.ms).toBeLessThanOrEqual(14 * DAY); // … of which at most one weekend
      },
    },
  },
  {
    name: 'boundary_timer_interrupting',
    shows: 'interrupting boundary timer on a user task: overdue after 2 days, the task is cancelled and escalated',
    timeSkipping: true,
    spec: {
      id: 'boundary_timer_interrupting',
      nodes: [start, user('answer'), { id: 'overdue', type: 'boundaryTimer', attachedTo: 'answer', duration: 'P2D' }, echo('escalate', { escalated: 'true' }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'answer'], ['answer', 'end'], ['overdue', 'escalate'], ['escalate', 'end2']],
    },
    expect: { visited: ['start', 'answer', 'overdue', 'escalate', 'end2'], variables: { escalated: true } },
  },
  {
    name: 'receive_task_boundary_timer',
    shows: 'a receive task with an interrupting boundary timer: no answer within 2 days, the wait is cancelled and the deal goes the late way',
    timeSkipping: true,
    spec: {
      id: 'receive_task_boundary_timer',
      nodes: [start, { id: 'answer', type: 'receiveTask', message: 'bidder-answer' }, { id: 'overdue', type: 'boundaryTimer', attachedTo: 'answer', duration: 'P2D' }, echo('escalate', { escalated: 'true' }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'answer'], ['answer', 'end'], ['overdue', 'escalate'], ['escalate', 'end2']],
    },
    expect: { visited: ['start', 'answer', 'overdue', 'escalate', 'end2'], variables: { escalated: true } },
  },
  {
    name: 'receive_task_multi_instance',
    shows: 'a parallel multi-instance receive task: one wait per invited bidder, each correlated by its own key; the answers come in any order and are collected in the list\'s order',
    spec: {
      id: 'receive_task_multi_instance',
      nodes: [start, { id: 'answers', type: 'receiveTask', message: 'bidder-answer', correlationKey: 'b', mi: { collection: 'invited', element: 'b', outputCollection: 'replies' } }, end],
      flows: [['start', 'answers'], ['answers', 'end']],
    },
    variables: { invited: ['B1', 'B2'] },
    steps: [
      { message: 'bidder-answer', correlationKey: 'B2', variables: { reply: '乙' } },
      { check: (s) => { if (s.lifecycle !== 'active') throw new Error('ended after one answer'); } },
      { message: 'bidder-answer', correlationKey: 'B1', variables: { reply: '甲' } },
    ],
    expect: { visited: ['start', 'answers', 'end'], variables: { replies: [{ reply: '甲' }, { reply: '乙' }] } },
  },
  {
    name: 'boundary_timer_date_follows_variable',
    shows: '顺延 on a boundary: the reply deadline moved later while the task is open; its interrupting timer follows',
    timeSkipping: true,
    spec: {
      id: 'boundary_timer_date_follows_variable',
      nodes: [start, user('answer'), { id: 'overdue', type: 'boundaryTimer', attachedTo: 'answer', date: '${replyDueAt}' }, echo('escalate', { escalated: 'true' }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'answer'], ['answer', 'end'], ['overdue', 'escalate'], ['escalate', 'end2']],
    },
    variables: (now) => ({ replyDueAt: new Date(now + 5 * DAY).toISOString() }),
    steps: [{ expectOpen: ['answer'] }, { reschedule: { replyDueAt: 'P12D' }, reason: '答复期限顺延' }],
    expect: {
      visited: ['start', 'answer', 'overdue', 'escalate', 'end2'], variables: { escalated: true },
      checkHistory: (events) => {
        const started = events.filter((e) => e.timerStartedEventAttributes);
        expect(started).toHaveLength(2);
        const first = timerStarted(started.slice(0, 1));
        const second = timerStarted(started.slice(1));
        expect(Math.abs(second.at + second.ms - (first.at + 12 * DAY))).toBeLessThan(60_000);
      },
    },
  },
  {
    name: 'boundary_timer_non_interrupting',
    shows: 'non-interrupting boundary timer (cycle): an overdue alert every day, twice, while the task stays open',
    timeSkipping: true,
    spec: {
      id: 'boundary_timer_non_interrupting',
      nodes: [start, user('evaluate'), { id: 'alert', type: 'boundaryTimer', attachedTo: 'evaluate', cycle: 'R2/P1D', interrupting: false }, record('warn', '预警'), end, { id: 'alertEnd', type: 'endEvent' }],
      flows: [['start', 'evaluate'], ['evaluate', 'end'], ['alert', 'warn'], ['warn', 'alertEnd']],
    },
    steps: [{ skip: 'P3D' }, { expectOpen: ['evaluate'] }, { complete: 'evaluate' }],
    expect: { visitedUnordered: ['start', 'evaluate', 'alert', 'warn', 'alertEnd', 'alert', 'warn', 'alertEnd', 'end'], variables: { journal: ['预警', '预警'] } },
  },
  {
    name: 'boundary_timer_cron',
    shows: 'a non-interrupting boundary timer with a cron cycle as Camunda 8 writes it: a reminder at 9:00 China time every day while the task stays open (three days, three reminders)',
    timeSkipping: true,
    spec: {
      id: 'boundary_timer_cron',
      nodes: [start, user('evaluate'), { id: 'remind', type: 'boundaryTimer', attachedTo: 'evaluate', cycle: '0 0 9 * * *', interrupting: false }, record('note', '提醒'), end, { id: 'remindEnd', type: 'endEvent' }],
      flows: [['start', 'evaluate'], ['evaluate', 'end'], ['remind', 'note'], ['note', 'remindEnd']],
    },
    steps: [{ skip: 'P3D' }, { expectOpen: ['evaluate'] }, { complete: 'evaluate' }],
    expect: { visitedUnordered: ['start', 'evaluate', 'remind', 'note', 'remindEnd', 'remind', 'note', 'remindEnd', 'remind', 'note', 'remindEnd', 'end'], variables: { journal: ['提醒', '提醒', '提醒'] } },
  },
  {
    name: 'boundary_message_interrupting',
    shows: 'interrupting message boundary on a user task: a complaint withdraws the task',
    spec: {
      id: 'boundary_message_interrupting',
      nodes: [start, user('evaluate'), { id: 'complaint', type: 'boundaryMessage', attachedTo: 'evaluate', message: 'complaint-accepted' }, echo('handle', { handled: 'true' }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'evaluate'], ['evaluate', 'end'], ['complaint', 'handle'], ['handle', 'end2']],
    },
    steps: [{ expectOpen: ['evaluate'] }, { message: 'complaint-accepted' }, { expectOpen: [] }],
    expect: { visited: ['start', 'evaluate', 'complaint', 'handle', 'end2'], variables: { handled: true } },
  },
  {
    name: 'error_boundary',
    shows: 'error boundary on a service task: a BPMN error (fewer than 3 bids, §44) leads to re-tender',
    spec: {
      id: 'error_boundary',
      nodes: [start, { id: 'opening', type: 'serviceTask', taskType: 'demo.fail', inputs: { errorCode: "bids < 3 ? 'TOO_FEW_BIDS' : ''" } }, { id: 'tooFew', type: 'boundaryError', attachedTo: 'opening', errorCode: 'TOO_FEW_BIDS' }, echo('retender', { retender: 'true' }), end, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'opening'], ['opening', 'end'], ['tooFew', 'retender'], ['retender', 'end2']],
    },
    variables: { bids: 2 },
    expect: { visited: ['start', 'opening', 'tooFew', 'retender', 'end2'], variables: { retender: true, lastErrorCode: 'TOO_FEW_BIDS' } },
  },
  {
    name: 'service_task_retries',
    shows: 'service task retries: two transient failures, then success (Temporal retry policy from the model)',
    spec: { id: 'service_task_retries', nodes: [start, { id: 'flaky', type: 'serviceTask', taskType: 'demo.fail', inputs: { failAttempts: '2' }, retry: 5 }, end], flows: [['start', 'flaky'], ['flaky', 'end']] },
    expect: { visited: ['start', 'flaky', 'end'], variables: { attempts: 3 } },
  },
  {
    name: 'error_end_unhandled',
    shows: 'an error end event with no boundary to catch it fails the process with that error code',
    spec: { id: 'error_end_unhandled', nodes: [start, { id: 'bad', type: 'errorEndEvent', errorCode: 'INVALID_TENDER' }], flows: [['start', 'bad']] },
    expect: { failsWith: 'INVALID_TENDER' },
  },
  {
    name: 'business_error_unhandled',
    shows: 'a business error of a service task that no boundary catches fails the process with its code (an incident names the node)',
    spec: { id: 'business_error_unhandled', nodes: [start, { id: 'unseal', type: 'serviceTask', taskType: 'demo.fail', inputs: { errorCode: "'COMMITTEE_INCOMPLETE'" } }, end], flows: [['start', 'unseal'], ['unseal', 'end']] },
    expect: { failsWith: 'COMMITTEE_INCOMPLETE' },
  },
  {
    name: 'call_activity',
    shows: 'call activity: a reusable expert-draw sub-process runs as a child workflow, with input and output mappings',
    called: [{ id: 'expert_draw_sub', nodes: [start, echo('draw', { committee: 'size * 1', seed: "'recorded'" }), end], flows: [['start', 'draw'], ['draw', 'end']] }],
    spec: {
      id: 'call_activity',
      nodes: [start, { id: 'drawExperts', type: 'callActivity', calledElement: 'expert_draw_sub', inputs: { size: 'committeeSize' }, outputs: { committee: 'committeeDrawn' } }, end],
      flows: [['start', 'drawExperts'], ['drawExperts', 'end']],
    },
    variables: { committeeSize: 5 },
    expect: { visited: ['start', 'drawExperts', 'end'], variables: { committeeDrawn: 5 }, check: (r) => { if ('seed' in r.variables) throw new Error('only mapped outputs come back'); } },
  },
  {
    name: 'multi_instance_parallel_countersign',
    shows: 'parallel multi-instance user task (会签): one task per approver, done when 2 of 3 approve',
    spec: {
      id: 'multi_instance_parallel_countersign',
      nodes: [start, user('countersign', { assignee: '${approver}', mi: { collection: 'approvers', element: 'approver', completion: 'nrOfCompletedInstances >= 2', outputCollection: 'votes', outputElement: 'approved' } }), echo('after', { passed: 'len(votes) == 3' }), end],
      flows: [['start', 'countersign'], ['countersign', 'after'], ['after', 'end']],
    },
    variables: { approvers: ['li', 'wang', 'zhao'] },
    steps: [
      { expectOpen: ['countersign', 'countersign', 'countersign'] },
      { check: (s) => { const names = s.openTasks.map((t) => t.assignee).sort().join(','); if (names !== 'li,wang,zhao') throw new Error(`assignees ${names}`); } },
      { expectRefused: { complete: 'countersign', data: { approved: true } }, code: 'TASK_NOT_YOURS' },
      { complete: 'countersign', assignee: 'wang', as: { ...STAFF, username: 'wang' }, data: { approved: true }, expectOpen: ['countersign', 'countersign'] },
      { complete: 'countersign', assignee: 'zhao', as: { ...STAFF, username: 'zhao' }, data: { approved: false }, expectOpen: [] },
    ],
    expect: { visited: ['start', 'countersign', 'after', 'end'], variables: { votes: [null, true, false], passed: true } },
  },
  {
    name: 'multi_instance_sequential_service',
    shows: 'sequential multi-instance service task: one execution per section (标段), results collected in order',
    spec: {
      id: 'multi_instance_sequential_service',
      nodes: [start, { id: 'perSection', type: 'serviceTask', taskType: 'demo.echo', inputs: { code: "section + '-已登记'" }, mi: { sequential: true, collection: 'sections', element: 'section', outputCollection: 'registered', outputElement: 'code' } }, end],
      flows: [['start', 'perSection'], ['perSection', 'end']],
    },
    variables: { sections: ['BD01', 'BD02', 'BD03'] },
    expect: { visited: ['start', 'perSection', 'end'], variables: { registered: ['BD01-已登记', 'BD02-已登记', 'BD03-已登记'] } },
  },
  {
    name: 'compensation',
    shows: 'compensation: completed bookings and deposits are undone, most recent first, by their handlers',
    spec: {
      id: 'compensation',
      nodes: [
        start, record('book', '预约场地'), { id: 'bookComp', type: 'boundaryCompensation', attachedTo: 'book', handler: 'release' }, record('release', '释放场地', { forCompensation: true }),
        record('collect', '收取保证金'), { id: 'collectComp', type: 'boundaryCompensation', attachedTo: 'collect', handler: 'refund' }, record('refund', '退还保证金', { forCompensation: true }),
        { id: 'undo', type: 'compensateEndEvent' },
      ],
      flows: [['start', 'book'], ['book', 'collect'], ['collect', 'undo']],
    },
    expect: { visited: ['start', 'book', 'collect', 'undo', 'refund', 'release'], variables: { journal: ['预约场地', '收取保证金', '退还保证金', '释放场地'] } },
  },
  {
    name: 'terminate_end_event',
    shows: 'terminate end event: ends the process at once; the other branch\'s open task is cancelled',
    spec: {
      id: 'terminate_end_event',
      nodes: [start, { id: 'fork', type: 'parallelGateway' }, user('slow'), echo('fast', { fast: 'true' }), { id: 'stop', type: 'terminateEndEvent' }, end],
      flows: [['start', 'fork'], ['fork', 'slow'], ['fork', 'fast'], ['fast', 'stop'], ['slow', 'end']],
    },
    expect: { lifecycle: 'completed', visitedUnordered: ['start', 'fork', 'slow', 'fast', 'stop'], variables: { fast: true } },
  },
  {
    name: 'return_and_withdraw',
    shows: 'approval verbs: return to an earlier task (驳回), withdraw by the previous actor before the next acts (撤回)',
    spec: {
      id: 'return_and_withdraw',
      nodes: [start, user('draft'), user('review'), user('approve', { role: 'supervisor' }), end],
      flows: [['start', 'draft'], ['draft', 'review'], ['review', 'approve'], ['approve', 'end']],
    },
    steps: [
      { complete: 'draft', data: { v: 1 } },
      { return: 'review', to: 'draft' },
      { expectOpen: ['draft'] },
      { complete: 'draft', data: { v: 2 } },
      { complete: 'review' },
      { expectOpen: ['approve'] },
      { withdraw: 'review' },
      { expectOpen: ['review'] },
      { complete: 'review', data: { reviewed: true } },
      { complete: 'approve', as: { userId: 3, username: 'supervisor', role: 'supervisor', regionCode: '990100' } },
    ],
    expect: { visited: ['start', 'draft', 'review', 'draft', 'review', 'approve', 'review', 'approve', 'end'], variables: { v: 2, reviewed: true } },
  },
  {
    name: 'claim_and_delegate',
    shows: 'claim and delegate (转办): only the assignee may then complete',
    spec: { id: 'claim_and_delegate', nodes: [start, user('check'), end], flows: [['start', 'check'], ['check', 'end']] },
    steps: [
      { claim: 'check' },
      { delegate: 'check', to: 'staff3' },
      { expectRefused: { complete: 'check' }, code: 'TASK_NOT_YOURS' },
      { complete: 'check', as: { userId: 9, username: 'staff3', role: 'staff', regionCode: '990100' }, data: { by: 'staff3' } },
    ],
    expect: { visited: ['start', 'check', 'end'], variables: { by: 'staff3' } },
  },
  {
    name: 'directives_suspend_resume',
    shows: 'directives: suspended, a completion is refused with a clear code; resumed, it goes through',
    spec: { id: 'directives_suspend_resume', nodes: [start, user('evaluate'), echo('after', { after: 'true' }), end], flows: [['start', 'evaluate'], ['evaluate', 'after'], ['after', 'end']] },
    steps: [
      { expectOpen: ['evaluate'] },
      { directive: 'suspend' },
      { expectRefused: { complete: 'evaluate' }, code: 'PROCESS_SUSPENDED' },
      { expectRefused: { directive: 'suspend' }, code: 'DIRECTIVE_NOT_ALLOWED' },
      { directive: 'resume' },
      { complete: 'evaluate' },
    ],
    expect: { lifecycle: 'completed', visited: ['start', 'evaluate', 'after', 'end'], variables: { after: true } },
  },
  {
    name: 'directive_terminate_compensates',
    shows: 'terminate directive: every token stops and compensation releases the venue',
    spec: {
      id: 'directive_terminate_compensates',
      nodes: [start, record('book', '预约场地'), { id: 'bookComp', type: 'boundaryCompensation', attachedTo: 'book', handler: 'release' }, record('release', '释放场地', { forCompensation: true }), user('wait'), end],
      flows: [['start', 'book'], ['book', 'wait'], ['wait', 'end']],
    },
    steps: [{ expectOpen: ['wait'] }, { directive: 'terminate', reason: '违规' }],
    expect: { lifecycle: 'terminated', visited: ['start', 'book', 'wait', 'release'], variables: { journal: ['预约场地', '释放场地'] } },
  },
  {
    name: 'directive_rectify',
    shows: 'rectification (整改): a task for the centre with a deadline; the deal waits until the supervisor accepts',
    spec: { id: 'directive_rectify', nodes: [start, user('publish'), end], flows: [['start', 'publish'], ['publish', 'end']] },
    steps: [
      { expectOpen: ['publish'] },
      { directive: 'rectify', reason: '公告内容不全', deadline: 'P3D' },
      { expectOpen: ['publish', '__rectification__'] },
      { expectRefused: { complete: 'publish' }, code: 'PROCESS_SUSPENDED' },
      { expectRefused: { directive: 'accept-rectification' }, code: 'DIRECTIVE_NOT_ALLOWED' },
      { complete: '__rectification__', data: { report: '已补充公告内容' } },
      { directive: 'accept-rectification' },
      { complete: 'publish' },
    ],
    expect: { lifecycle: 'completed', variables: { rectificationReport: { report: '已补充公告内容' } } },
  },
  {
    name: 'incident_no_matching_flow',
    shows: 'an exclusive gateway with no condition holding and no default raises an incident instead of guessing',
    spec: {
      id: 'incident_no_matching_flow',
      nodes: [start, { id: 'gw', type: 'exclusiveGateway' }, echo('a', { a: 'true' }), echo('b', { b: 'true' }), end],
      flows: [['start', 'gw'], ['gw', 'a', 'kind == "a"'], ['gw', 'b', 'kind == "b"'], ['a', 'end'], ['b', 'end']],
    },
    variables: { kind: 'c' },
    steps: [{ expectIncident: 'gw' }, { directive: 'terminate' }],
    expect: { lifecycle: 'terminated', visited: ['start', 'gw'] },
  },
  {
    name: 'incident_endless_loop',
    shows: 'a loop of gateways with no wait state is stopped as an incident instead of spinning the worker',
    spec: {
      id: 'incident_endless_loop',
      nodes: [start, { id: 'g1', type: 'exclusiveGateway' }, { id: 'g2', type: 'exclusiveGateway' }, end],
      flows: [['start', 'g1'], ['g1', 'g2'], ['g2', 'g1', 'true'], ['g2', 'end', 'false']],
    },
    steps: [{ expectIncident: 'g' }, { directive: 'terminate' }],
    expect: { lifecycle: 'terminated', check: (r) => { if (r.visited.length < 1000) throw new Error('expected the loop to run before it was stopped'); } },
  },
  {
    name: 'milestone_and_conditional_flows',
    shows: 'a none intermediate event (milestone) and conditional sequence flows leaving an activity',
    spec: {
      id: 'milestone_and_conditional_flows',
      nodes: [start, { id: 'milestone', type: 'intermediateThrowEvent' }, echo('check', { checked: 'true' }), echo('big', { big: 'true' }), echo('always', { always: 'true' }), { id: 'join', type: 'parallelGateway' }, end],
      flows: [['start', 'milestone'], ['milestone', 'check'], ['check', 'big', 'amount > 10'], ['check', 'always'], ['big', 'join'], ['always', 'join'], ['join', 'end']],
    },
    variables: { amount: 11 },
    expect: { visitedUnordered: ['start', 'milestone', 'check', 'big', 'always', 'join', 'join', 'end'], variables: { big: true, always: true } },
  },
  {
    name: 'continue_as_new_loop',
    shows: 'a long loop of reviews continues as new, carrying tokens, tasks and variables',
    spec: {
      id: 'continue_as_new_loop',
      nodes: [start, user('review'), echo('count', { rounds: 'rounds + 1' }), { id: 'more', type: 'exclusiveGateway', default: 'again' }, end],
      flows: [['start', 'review'], ['review', 'count'], ['count', 'more'], ['more', 'end', 'rounds >= 6'], { id: 'again', from: 'more', to: 'review' }],
    },
    variables: { rounds: 0 },
    continueAsNewAfterEvents: 40,
    steps: [
      { complete: 'review' }, { complete: 'review' }, { complete: 'review' },
      { complete: 'review' }, { complete: 'review' }, { complete: 'review' },
    ],
    expect: { variables: { rounds: 6 }, check: (r) => { if (r.visited.filter((v) => v === 'review').length !== 6) throw new Error('six reviews expected'); } },
  },
  {
    name: 'undefined_and_manual_tasks',
    shows: 'an undefined task (bpmn:Task) and a manual task run nothing: the token passes (as in Camunda 8), a multi-instance one too',
    spec: {
      id: 'undefined_and_manual_tasks',
      nodes: [start, { id: 'plan', type: 'task' }, { id: 'sign', type: 'manualTask', mi: { cardinality: '3' } }, echo('after', { passed: 'true' }), end],
      flows: [['start', 'plan'], ['plan', 'sign'], ['sign', 'after'], ['after', 'end']],
    },
    expect: { visited: ['start', 'plan', 'sign', 'after', 'end'], variables: { passed: true } },
  },
  {
    name: 'script_task',
    shows: 'script tasks evaluate the expression language in the workflow: one value, and one per element of a multi-instance',
    spec: {
      id: 'script_task',
      nodes: [
        start, { id: 'deposit', type: 'scriptTask', script: 'estimate * 2 / 100', resultVariable: 'depositCap' },
        { id: 'each', type: 'scriptTask', script: 'x * 10', resultVariable: 'y', mi: { collection: 'items', element: 'x', outputCollection: 'tens', outputElement: 'y' } },
        { id: 'gw', type: 'exclusiveGateway', default: 'toSmall' }, echo('big', { size: "'big'" }), echo('small', { size: "'small'" }), end,
      ],
      flows: [['start', 'deposit'], ['deposit', 'each'], ['each', 'gw'], ['gw', 'big', 'depositCap > 1000'], { id: 'toSmall', from: 'gw', to: 'small' }, ['big', 'end'], ['small', 'end']],
    },
    variables: { estimate: 100000, items: [1, 2, 3] },
    expect: { visited: ['start', 'deposit', 'each', 'gw', 'big', 'end'], variables: { depositCap: 2000, tens: [10, 20, 30], size: 'big' } },
  },
  {
    name: 'send_task',
    shows: 'a send task sends through an activity of the catalog, as a service task runs one',
    spec: {
      id: 'send_task',
      nodes: [start, { id: 'notify', type: 'sendTask', taskType: 'demo.echo', inputs: { sent: "'已通知'" } }, end],
      flows: [['start', 'notify'], ['notify', 'end']],
    },
    expect: { visited: ['start', 'notify', 'end'], variables: { sent: '已通知' } },
  },
  {
    name: 'link_events',
    shows: 'a link throw event goes on at the link catch event of its name (an off-page connector), also back into a loop',
    spec: {
      id: 'link_events',
      nodes: [
        start, echo('first', { rounds: 'rounds + 1' }), { id: 'toSecond', type: 'linkThrow', link: '续页' },
        { id: 'fromFirst', type: 'linkCatch', link: '续页' }, { id: 'again', type: 'exclusiveGateway', default: 'done' },
        { id: 'toStart', type: 'linkThrow', link: 'loop' }, { id: 'fromLoop', type: 'linkCatch', link: 'loop' }, end,
      ],
      flows: [['start', 'first'], ['first', 'toSecond'], ['fromFirst', 'again'], ['again', 'toStart', 'rounds < 2'], { id: 'done', from: 'again', to: 'end' }, ['fromLoop', 'first']],
    },
    variables: { rounds: 0 },
    expect: {
      visited: ['start', 'first', 'toSecond', 'fromFirst', 'again', 'toStart', 'fromLoop', 'first', 'toSecond', 'fromFirst', 'again', 'end'],
      variables: { rounds: 2 },
    },
  },
  {
    name: 'add_signer',
    shows: '加签: a signer before the holder (the task comes back), one after; form data merged in order; the step moves on after the last',
    spec: { id: 'add_signer', nodes: [start, user('review'), echo('after', { seen: 'opinion + \'/\' + note' }), end], flows: [['start', 'review'], ['review', 'after'], ['after', 'end']] },
    steps: [
      { expectRefused: { addSigner: 'review', signer: 'staff', mode: 'after' }, code: 'SIGNER_NOT_ALLOWED' },
      { addSigner: 'review', signer: 'colleague', mode: 'before', expectOpen: [['review', 'colleague']] },
      { complete: 'review', assignee: 'colleague', as: { ...STAFF, userId: 9, username: 'colleague' }, data: { opinion: '同意', note: '初稿' } },
      { addSigner: 'review', assignee: 'staff', signer: 'chief', mode: 'after', expectOpen: [['review', 'staff']] },
      { complete: 'review', assignee: 'staff', data: { note: '复核' }, expectOpen: ['review'] },
      { complete: 'review', assignee: 'chief', as: { ...STAFF, userId: 10, username: 'chief' }, data: { chiefApproved: true } },
    ],
    expect: { visited: ['start', 'review', 'after', 'end'], variables: { opinion: '同意', note: '复核', chiefApproved: true, seen: '同意/复核' } },
  },
  {
    name: 'conditional_catch',
    shows: 'a conditional catch event waits until its condition holds: a task in another branch sets the variable',
    spec: {
      id: 'conditional_catch',
      nodes: [
        start, { id: 'fork', type: 'parallelGateway' }, { id: 'untilApproved', type: 'conditionalCatch', condition: 'approved == true && amount > 10' },
        echo('notify', { notified: 'true' }), user('approve'), { id: 'join', type: 'parallelGateway' }, end,
      ],
      flows: [['start', 'fork'], ['fork', 'untilApproved'], ['fork', 'approve'], ['untilApproved', 'notify'], ['notify', 'join'], ['approve', 'join'], ['join', 'end']],
    },
    variables: { amount: 100 },
    steps: [{ expectOpen: ['approve'] }, { complete: 'approve', data: { approved: true } }],
    expect: { visitedUnordered: ['start', 'fork', 'untilApproved', 'approve', 'notify', 'join', 'join', 'end'], variables: { approved: true, notified: true } },
  },
  {
    name: 'conditional_boundary_and_gateway',
    shows: 'an interrupting conditional boundary ends a task when its condition comes to hold; an event-based gateway races a condition against a timer',
    spec: {
      id: 'conditional_boundary_and_gateway',
      nodes: [
        start, { id: 'fork', type: 'parallelGateway' }, user('review'), { id: 'whenCancelled', type: 'boundaryConditional', attachedTo: 'review', condition: 'cancelled' },
        echo('stopped', { stopped: 'true' }), { id: 'cancel', type: 'messageCatch', message: 'cancel-review' },
        { id: 'race', type: 'eventBasedGateway' }, { id: 'whenStopped', type: 'conditionalCatch', condition: 'stopped' }, { id: 'late', type: 'timerCatch', duration: 'P30D' },
        { id: 'join', type: 'exclusiveGateway' }, { id: 'end2', type: 'endEvent' }, end,
      ],
      flows: [
        ['start', 'fork'], ['fork', 'review'], ['fork', 'cancel'], ['review', 'end'], ['whenCancelled', 'stopped'], ['stopped', 'end'],
        ['cancel', 'race'], ['race', 'whenStopped'], ['race', 'late'], ['whenStopped', 'join'], ['late', 'join'], ['join', 'end2'],
      ],
    },
    variables: { cancelled: false, stopped: false },
    steps: [{ expectOpen: ['review'] }, { message: 'cancel-review', variables: { cancelled: true } }],
    expect: {
      visitedUnordered: ['start', 'fork', 'review', 'cancel', 'race', 'whenCancelled', 'stopped', 'end', 'whenStopped', 'join', 'end2'],
      variables: { cancelled: true, stopped: true },
    },
  },
  {
    name: 'conditional_incident',
    shows: 'a condition that fails to evaluate is an incident (not a failed workflow task) until the variables change so that it evaluates',
    spec: {
      id: 'conditional_incident',
      nodes: [
        start, { id: 'fork', type: 'parallelGateway' }, { id: 'untilBig', type: 'conditionalCatch', condition: 'number(code) > 5' },
        { id: 'fix', type: 'messageCatch', message: 'fix-code' }, { id: 'join', type: 'parallelGateway' }, end,
      ],
      flows: [['start', 'fork'], ['fork', 'untilBig'], ['fork', 'fix'], ['untilBig', 'join'], ['fix', 'join'], ['join', 'end']],
    },
    variables: { code: 'abc' },
    steps: [{ expectIncident: 'untilBig:' }, { message: 'fix-code', variables: { code: '9' } }],
    expect: { visitedUnordered: ['start', 'fork', 'untilBig', 'fix', 'join', 'join', 'end'], variables: { code: '9' } },
  },
  {
    name: 'signal_throw_catch',
    shows: 'a signal thrown is caught by what waits for it in the deals of the region — here a branch of the same deal',
    spec: {
      id: 'signal_throw_catch',
      nodes: [
        start, { id: 'fork', type: 'parallelGateway' }, { id: 'waitReady', type: 'signalCatch', signal: '文件已发出' }, echo('gotIt', { got: 'true' }),
        user('prepare'), { id: 'announce', type: 'signalThrow', signal: '文件已发出' }, { id: 'join', type: 'parallelGateway' }, end,
      ],
      flows: [['start', 'fork'], ['fork', 'waitReady'], ['fork', 'prepare'], ['waitReady', 'gotIt'], ['gotIt', 'join'], ['prepare', 'announce'], ['announce', 'join'], ['join', 'end']],
    },
    steps: [{ expectOpen: ['prepare'] }, { complete: 'prepare' }],
    expect: { visitedUnordered: ['start', 'fork', 'waitReady', 'prepare', 'announce', 'gotIt', 'join', 'join', 'end'], variables: { got: true } },
  },
  {
    name: 'signal_boundary_and_end',
    shows: 'a signal end event broadcasts as its token ends; an interrupting signal boundary ends the task it is attached to',
    spec: {
      id: 'signal_boundary_and_end',
      nodes: [
        start, { id: 'fork', type: 'parallelGateway' }, user('review'), { id: 'onRecall', type: 'boundarySignal', attachedTo: 'review', signal: 'recall' },
        echo('recalled', { recalled: 'true' }), user('trigger'), { id: 'recallAll', type: 'signalEndEvent', signal: 'recall' }, end, { id: 'end2', type: 'endEvent' },
      ],
      flows: [['start', 'fork'], ['fork', 'review'], ['fork', 'trigger'], ['review', 'end'], ['onRecall', 'recalled'], ['recalled', 'end2'], ['trigger', 'recallAll']],
    },
    steps: [{ expectOpen: ['review', 'trigger'] }, { complete: 'trigger' }],
    expect: { visitedUnordered: ['start', 'fork', 'review', 'trigger', 'recallAll', 'onRecall', 'recalled', 'end2'], variables: { recalled: true } },
  },
  {
    name: 'subprocess_embedded',
    shows: 'an embedded subprocess: the token enters at its start, a user task inside, what is written inside reaches the process, it completes at its end',
    spec: {
      id: 'subprocess_embedded',
      nodes: [
        start, echo('prep', { a: '1' }),
        {
          id: 'sub', type: 'subProcess', name: '资格审查',
          nodes: [{ id: 's_start', type: 'startEvent' }, user('check'), echo('s_echo', { b: 'a + 1' }), { id: 's_end', type: 'endEvent' }],
          flows: [['s_start', 'check'], ['check', 's_echo'], ['s_echo', 's_end']],
        },
        echo('after', { c: 'b + 1' }), end,
      ],
      flows: [['start', 'prep'], ['prep', 'sub'], ['sub', 'after'], ['after', 'end']],
    },
    steps: [{ expectOpen: ['check'] }, { complete: 'check' }],
    expect: { visited: ['start', 'prep', 'sub', 's_start', 'check', 's_echo', 's_end', 'after', 'end'], variables: { a: 1, b: 2, c: 3 } },
  },
  {
    name: 'subprocess_local_variables',
    shows: "a subprocess's input mappings are local to it (written there, gone after), other writes reach the process, output mappings carry values out",
    spec: {
      id: 'subprocess_local_variables',
      nodes: [
        start,
        {
          id: 'sub', type: 'subProcess', inputs: { lots: 'count * 2', note: "'内部'" }, outputs: { total: 'lots + 1', noteOut: 'note' },
          nodes: [
            { id: 's_start', type: 'startEvent' }, echo('seeLots', { seen: 'lots' }),
            { id: 'renote', type: 'scriptTask', script: "note + '！'", resultVariable: 'note' },
            { id: 'relots', type: 'scriptTask', script: 'lots + 10', resultVariable: 'lots' },
            { id: 's_end', type: 'endEvent' },
          ],
          flows: [['s_start', 'seeLots'], ['seeLots', 'renote'], ['renote', 'relots'], ['relots', 's_end']],
        },
        end,
      ],
      flows: [['start', 'sub'], ['sub', 'end']],
    },
    variables: { count: 3 },
    expect: {
      visited: ['start', 'sub', 's_start', 'seeLots', 'renote', 'relots', 's_end', 'end'],
      variables: { count: 3, seen: 6, total: 17, noteOut: '内部！' },
      check: (result) => {
        expect(result.variables).not.toHaveProperty('lots');
        expect(result.variables).not.toHaveProperty('note');
      },
    },
  },
  {
    name: 'subprocess_boundary_timer',
    shows: 'an interrupting timer boundary on a subprocess ends every token inside it (its open task is cancelled) and leaves by the boundary',
    // on the time-skipping server: the steps run before the timer can fire, however slow the machine
    timeSkipping: true,
    spec: {
      id: 'subprocess_boundary_timer',
      nodes: [
        start,
        {
          id: 'sub', type: 'subProcess',
          nodes: [{ id: 's_start', type: 'startEvent' }, { id: 's_fork', type: 'parallelGateway' }, user('waitA'), user('waitB'), { id: 's_join', type: 'parallelGateway' }, { id: 's_end', type: 'endEvent' }],
          flows: [['s_start', 's_fork'], ['s_fork', 'waitA'], ['s_fork', 'waitB'], ['waitA', 's_join'], ['waitB', 's_join'], ['s_join', 's_end']],
        },
        { id: 'late', type: 'boundaryTimer', attachedTo: 'sub', duration: 'P1D' },
        echo('escalate', { escalated: 'true' }), end, { id: 'end2', type: 'endEvent' },
      ],
      flows: [['start', 'sub'], ['sub', 'end'], ['late', 'escalate'], ['escalate', 'end2']],
    },
    steps: [{ expectOpen: ['waitA', 'waitB'] }, { complete: 'waitA' }],
    expect: {
      visitedUnordered: ['start', 'sub', 's_start', 's_fork', 'waitA', 'waitB', 's_join', 'late', 'escalate', 'end2'],
      variables: { escalated: true },
    },
  },
  {
    name: 'subprocess_error_boundary',
    shows: 'an error end event inside a subprocess is caught by the error boundary of the subprocess; the other branch inside is cancelled',
    spec: {
      id: 'subprocess_error_boundary',
      nodes: [
        start,
        {
          id: 'sub', type: 'subProcess',
          nodes: [
            { id: 's_start', type: 'startEvent' }, { id: 's_fork', type: 'parallelGateway' }, user('review'),
            { id: 's_gw', type: 'exclusiveGateway', default: 's_ok' }, { id: 'invalid', type: 'errorEndEvent', errorCode: 'INVALID_BIDS' },
            { id: 's_end', type: 'endEvent' }, { id: 's_end2', type: 'endEvent' },
          ],
          flows: [['s_start', 's_fork'], ['s_fork', 'review'], ['s_fork', 's_gw'], ['s_gw', 'invalid', 'bids < 3'], { id: 's_ok', from: 's_gw', to: 's_end2' }, ['review', 's_end']],
        },
        { id: 'caught', type: 'boundaryError', attachedTo: 'sub', errorCode: 'INVALID_BIDS' },
        echo('retender', { retender: 'true' }), end, { id: 'end2', type: 'endEvent' },
      ],
      flows: [['start', 'sub'], ['sub', 'end'], ['caught', 'retender'], ['retender', 'end2']],
    },
    variables: { bids: 2 },
    expect: {
      visitedUnordered: ['start', 'sub', 's_start', 's_fork', 'review', 's_gw', 'invalid', 'caught', 'retender', 'end2'],
      variables: { retender: true, lastErrorCode: 'INVALID_BIDS' },
    },
  },
  {
    name: 'subprocess_terminate',
    shows: 'a terminate end event inside a subprocess ends only that subprocess (its open task is cancelled); the process goes on',
    spec: {
      id: 'subprocess_terminate',
      nodes: [
        start,
        {
          id: 'sub', type: 'subProcess',
          nodes: [{ id: 's_start', type: 'startEvent' }, { id: 's_fork', type: 'parallelGateway' }, user('longReview'), echo('quick', { quick: 'true' }), { id: 'stop', type: 'terminateEndEvent' }, { id: 's_end', type: 'endEvent' }],
          flows: [['s_start', 's_fork'], ['s_fork', 'longReview'], ['s_fork', 'quick'], ['quick', 'stop'], ['longReview', 's_end']],
        },
        echo('after', { after: 'true' }), end,
      ],
      flows: [['start', 'sub'], ['sub', 'after'], ['after', 'end']],
    },
    expect: {
      visitedUnordered: ['start', 'sub', 's_start', 's_fork', 'longReview', 'quick', 'stop', 'after', 'end'],
      variables: { quick: true, after: true },
    },
  },
  {
    name: 'adhoc_subprocess',
    shows: 'an ad-hoc subprocess (Camunda 8.7+): the elements a variable names start side by side — one of them a chain inside it, one not named never runs — and it completes once every started flow has ended; its output mapping carries a value out',
    spec: {
      id: 'adhoc_subprocess',
      nodes: [
        start, echo('choose', { chosen: "['review', 'check']" }),
        {
          id: 'adhoc', type: 'subProcess', name: '按需办理', adHoc: { activeElements: 'chosen' }, outputs: { recorded: 'checked' },
          nodes: [user('review'), echo('check', { checked: 'true' }), echo('afterCheck', { chained: 'true' }), echo('notChosen', { skipped: 'false' })],
          flows: [['check', 'afterCheck']],
        },
        echo('after', { after: 'true' }), end,
      ],
      flows: [['start', 'choose'], ['choose', 'adhoc'], ['adhoc', 'after'], ['after', 'end']],
    },
    steps: [{ expectOpen: ['review'] }, { complete: 'review' }],
    expect: {
      visitedUnordered: ['start', 'choose', 'adhoc', 'review', 'check', 'afterCheck', 'after', 'end'],
      variables: { chosen: ['review', 'check'], checked: true, chained: true, recorded: true, after: true },
      check: (result) => expect(result.visited).not.toContain('notChosen'),
    },
  },
  {
    name: 'adhoc_completion_condition',
    shows: 'an ad-hoc subprocess as Camunda 8 writes it (zeebe:adHoc activeElementsCollection and a FEEL completion condition): once the condition holds it completes at once, cancelling the task still open',
    spec: {
      id: 'adhoc_completion_condition',
      nodes: [
        start,
        {
          id: 'adhoc', type: 'subProcess', adHoc: { activeElements: "['longReview', 'quick']", completionCondition: 'quickDone == true', zeebe: true },
          nodes: [user('longReview'), echo('quick', { quickDone: 'true' })],
          flows: [],
        },
        echo('after', { after: 'true' }), end,
      ],
      flows: [['start', 'adhoc'], ['adhoc', 'after'], ['after', 'end']],
    },
    expect: {
      visitedUnordered: ['start', 'adhoc', 'longReview', 'quick', 'after', 'end'],
      variables: { quickDone: true, after: true },
    },
  },
  {
    name: 'subprocess_multi_instance',
    shows: 'a parallel multi-instance subprocess: one run per section, each with its own element variable and its own join, outputs collected in order',
    spec: {
      id: 'subprocess_multi_instance',
      nodes: [
        start,
        {
          id: 'perSection', type: 'subProcess', outputs: { offer: 'section.estimate * 9 / 10' },
          mi: { collection: 'sections', element: 'section', outputCollection: 'offers', outputElement: 'offer' },
          nodes: [
            { id: 's_start', type: 'startEvent' }, { id: 's_fork', type: 'parallelGateway' }, user('checkSection'),
            echo('note', { lastSection: 'section.code' }), { id: 's_join', type: 'parallelGateway' }, { id: 's_end', type: 'endEvent' },
          ],
          flows: [['s_start', 's_fork'], ['s_fork', 'checkSection'], ['s_fork', 'note'], ['checkSection', 's_join'], ['note', 's_join'], ['s_join', 's_end']],
        },
        end,
      ],
      flows: [['start', 'perSection'], ['perSection', 'end']],
    },
    variables: { sections: [{ code: 'BD01', estimate: 100 }, { code: 'BD02', estimate: 200 }] },
    steps: [
      { expectOpen: ['checkSection', 'checkSection'] },
      { complete: 'checkSection', expectOpen: ['checkSection'] },
      { check: (s) => { if (s.visited.filter((n) => n === 's_end').length !== 1) throw new Error('exactly the run whose task was done has ended'); } },
      { complete: 'checkSection' },
    ],
    expect: {
      visitedUnordered: [
        'start', 'perSection', 's_start', 's_fork', 'checkSection', 'note', 's_join', 's_join', 's_end',
        's_start', 's_fork', 'checkSection', 'note', 's_join', 's_join', 's_end', 'end',
      ],
      variables: { offers: [90, 180] },
      check: (result) => expect(result.variables).not.toHaveProperty('section'),
    },
  },
  {
    name: 'event_subprocess_timer_interrupting',
    shows: 'an interrupting timer event subprocess of the process: when it fires, the open task is cancelled and the process ends when the event subprocess ends',
    timeSkipping: true,
    spec: {
      id: 'event_subprocess_timer_interrupting',
      nodes: [
        start, user('review'), end,
        {
          id: 'onTimeout', type: 'subProcess', triggeredByEvent: true,
          nodes: [{ id: 'tooLong', type: 'triggeredStart', trigger: 'timer', value: 'P1D' }, echo('timedOut', { timedOut: 'true' }), { id: 'es_end', type: 'endEvent' }],
          flows: [['tooLong', 'timedOut'], ['timedOut', 'es_end']],
        },
      ],
      flows: [['start', 'review'], ['review', 'end']],
    },
    steps: [{ expectOpen: ['review'] }],
    expect: { visited: ['start', 'review', 'onTimeout', 'tooLong', 'timedOut', 'es_end'], variables: { timedOut: true } },
  },
  {
    name: 'event_subprocess_signal_and_condition',
    shows: 'event subprocesses started by a signal (non-interrupting: beside the task, each time it is broadcast) and by a condition over the variables (interrupting: the rest of the level ends with it)',
    spec: {
      id: 'event_subprocess_signal_and_condition',
      nodes: [
        start, user('review'), user('decide'), end,
        {
          id: 'onPolicy', type: 'subProcess', triggeredByEvent: true,
          nodes: [{ id: 'policy', type: 'triggeredStart', trigger: 'signal', value: '政策调整', interrupting: false }, { id: 'note', type: 'scriptTask', script: 'notices + 1', resultVariable: 'notices' }, { id: 'p_end', type: 'endEvent' }],
          flows: [['policy', 'note'], ['note', 'p_end']],
        },
        {
          id: 'onWithdrawn', type: 'subProcess', triggeredByEvent: true,
          nodes: [{ id: 'withdrawn', type: 'triggeredStart', trigger: 'conditional', value: "status == 'withdrawn'" }, echo('closeEarly', { closed: 'true' }), { id: 'w_end', type: 'endEvent' }],
          flows: [['withdrawn', 'closeEarly'], ['closeEarly', 'w_end']],
        },
      ],
      flows: [['start', 'review'], ['review', 'decide'], ['decide', 'end']],
    },
    variables: { notices: 0, status: 'open' },
    steps: [
      { expectOpen: ['review'] },
      { signal: '政策调整', variables: { policy: '保证金比例下调' } },
      { signal: '政策调整' },
      { expectOpen: ['review'] },
      // the review records the project withdrawn: the condition holds, and the level — its decision just opened — is
      // interrupted; the deal ends with the event subprocess
      { complete: 'review', data: { status: 'withdrawn' } },
      { expectOpen: [] },
    ],
    expect: {
      visitedUnordered: [
        'start', 'review', 'decide', 'onPolicy', 'policy', 'note', 'p_end', 'onPolicy', 'policy', 'note', 'p_end', 'onWithdrawn', 'withdrawn', 'closeEarly', 'w_end',
      ],
      variables: { notices: 2, status: 'withdrawn', closed: true, policy: '保证金比例下调' },
      check: (result) => expect(result.visited).not.toContain('end'),
    },
  },
  {
    name: 'event_subprocess_message_non_interrupting',
    shows: 'a non-interrupting message event subprocess starts beside the running task, each time the message comes, with its variables',
    spec: {
      id: 'event_subprocess_message_non_interrupting',
      nodes: [
        start, user('review'), end,
        {
          id: 'onMaterial', type: 'subProcess', triggeredByEvent: true,
          nodes: [{ id: 'material', type: 'triggeredStart', trigger: 'message', value: 'material-supplement', interrupting: false }, { id: 'count', type: 'scriptTask', script: 'received + 1', resultVariable: 'received' }, { id: 'es_end', type: 'endEvent' }],
          flows: [['material', 'count'], ['count', 'es_end']],
        },
      ],
      flows: [['start', 'review'], ['review', 'end']],
    },
    variables: { received: 0 },
    steps: [
      { expectOpen: ['review'] },
      { message: 'material-supplement', variables: { extra: '资质证书' } },
      { message: 'material-supplement' },
      { expectOpen: ['review'] },
      { complete: 'review' },
    ],
    expect: {
      visitedUnordered: ['start', 'review', 'onMaterial', 'material', 'count', 'es_end', 'onMaterial', 'material', 'count', 'es_end', 'end'],
      variables: { received: 2, extra: '资质证书' },
    },
  },
  {
    name: 'event_subprocess_error',
    shows: 'an error event subprocess catches a business error no boundary caught: the process goes on there instead of failing',
    spec: {
      id: 'event_subprocess_error',
      nodes: [
        start, { id: 'unseal', type: 'serviceTask', taskType: 'demo.fail', inputs: { errorCode: "'COMMITTEE_INCOMPLETE'" } }, end,
        {
          id: 'onError', type: 'subProcess', triggeredByEvent: true,
          nodes: [{ id: 'failed', type: 'triggeredStart', trigger: 'error', value: 'COMMITTEE_INCOMPLETE' }, echo('redraw', { redraw: 'true' }), { id: 'es_end', type: 'endEvent' }],
          flows: [['failed', 'redraw'], ['redraw', 'es_end']],
        },
      ],
      flows: [['start', 'unseal'], ['unseal', 'end']],
    },
    expect: { visited: ['start', 'unseal', 'onError', 'failed', 'redraw', 'es_end'], variables: { redraw: true, lastErrorCode: 'COMMITTEE_INCOMPLETE' } },
  },
  {
    name: 'escalation_boundary',
    shows: 'escalation: a throw inside a subprocess reaches its non-interrupting boundary (the work goes on); an escalation end event reaches its interrupting one (the rest is cancelled)',
    spec: {
      id: 'escalation_boundary',
      nodes: [
        start,
        {
          id: 'sub', type: 'subProcess',
          nodes: [
            { id: 's_start', type: 'startEvent' }, { id: 'warn', type: 'escalationThrow', escalation: 'SLOW' }, user('work'),
            { id: 's_gw', type: 'exclusiveGateway', default: 's_fine' }, { id: 'giveUp', type: 'escalationEndEvent', escalation: 'ABANDON' }, { id: 's_end', type: 'endEvent' },
          ],
          flows: [['s_start', 'warn'], ['warn', 'work'], ['work', 's_gw'], ['s_gw', 'giveUp', 'abandon'], { id: 's_fine', from: 's_gw', to: 's_end' }],
        },
        { id: 'onSlow', type: 'boundaryEscalation', attachedTo: 'sub', escalation: 'SLOW', interrupting: false },
        { id: 'onAbandon', type: 'boundaryEscalation', attachedTo: 'sub', escalation: 'ABANDON' },
        echo('notify', { notified: 'true' }), { id: 'end2', type: 'endEvent' },
        echo('retender', { retender: 'true' }), { id: 'end3', type: 'endEvent' }, end,
      ],
      flows: [['start', 'sub'], ['sub', 'end'], ['onSlow', 'notify'], ['notify', 'end2'], ['onAbandon', 'retender'], ['retender', 'end3']],
    },
    steps: [{ expectOpen: ['work'] }, { complete: 'work', data: { abandon: true } }],
    expect: {
      visitedUnordered: ['start', 'sub', 's_start', 'warn', 'work', 'onSlow', 'notify', 'end2', 's_gw', 'giveUp', 'onAbandon', 'retender', 'end3'],
      variables: { notified: true, retender: true, lastEscalationCode: 'ABANDON' },
    },
  },
  {
    name: 'escalation_event_subprocess',
    shows: 'an escalation thrown inside a subprocess is caught first by an escalation event subprocess of that subprocess (non-interrupting: the rest goes on); an uncaught one is only noted',
    spec: {
      id: 'escalation_event_subprocess',
      nodes: [
        start,
        {
          id: 'sub', type: 'subProcess',
          nodes: [
            { id: 's_start', type: 'startEvent' }, { id: 'ask', type: 'escalationThrow', escalation: 'NEED_HELP' }, user('work'), { id: 's_end', type: 'endEvent' },
            {
              id: 'helpDesk', type: 'subProcess', triggeredByEvent: true,
              nodes: [{ id: 'needHelp', type: 'triggeredStart', trigger: 'escalation', value: 'NEED_HELP', interrupting: false }, echo('help', { helped: 'true' }), { id: 'h_end', type: 'endEvent' }],
              flows: [['needHelp', 'help'], ['help', 'h_end']],
            },
          ],
          flows: [['s_start', 'ask'], ['ask', 'work'], ['work', 's_end']],
        },
        { id: 'unheard', type: 'escalationThrow', escalation: 'NOBODY_LISTENS' }, echo('after', { after: 'true' }), end,
      ],
      flows: [['start', 'sub'], ['sub', 'unheard'], ['unheard', 'after'], ['after', 'end']],
    },
    steps: [{ expectOpen: ['work'] }, { complete: 'work' }],
    expect: {
      visitedUnordered: ['start', 'sub', 's_start', 'ask', 'helpDesk', 'needHelp', 'help', 'h_end', 'work', 's_end', 'unheard', 'after', 'end'],
      variables: { helped: true, after: true, lastEscalationCode: 'NEED_HELP' },
    },
  },
  {
    name: 'business_rule_task',
    shows: 'a business rule task evaluates the decision table in effect for the city (the reference committee-size table: a 1500万元 budget needs 7)',
    decisions: [COMMITTEE_SIZE_DMN],
    spec: {
      id: 'business_rule_task',
      nodes: [start, { id: 'sizeCommittee', type: 'businessRuleTask', name: '确定评标委员会人数', decisionRef: 'procurement_committee_size', resultVariable: 'committeeSize' }, echo('after', { drawn: 'committeeSize' }), end],
      flows: [['start', 'sizeCommittee'], ['sizeCommittee', 'after'], ['after', 'end']],
    },
    variables: { estimateFen: 1_500_000_000, committeeSize: 5 },
    expect: { visited: ['start', 'sizeCommittee', 'after', 'end'], variables: { committeeSize: 7, drawn: 7 } },
  },
  {
    name: 'multi_instance_business_rule_task',
    shows: 'a parallel multi-instance business rule task: the decision table evaluated once per lot with that lot\'s budget, the sizes collected in the lots\' order; before it a multi-instance undefined task passes',
    decisions: [COMMITTEE_SIZE_DMN],
    spec: {
      id: 'multi_instance_business_rule_task',
      nodes: [
        start, { id: 'prepare', type: 'task', mi: { cardinality: '2' } },
        { id: 'sizePerLot', type: 'businessRuleTask', decisionRef: 'procurement_committee_size', resultVariable: 'committeeSize', mi: { collection: 'lots', element: 'estimateFen', outputCollection: 'sizes', outputElement: 'committeeSize' } },
        end,
      ],
      flows: [['start', 'prepare'], ['prepare', 'sizePerLot'], ['sizePerLot', 'end']],
    },
    variables: { lots: [1_500_000_000, 300_000_000], committeeSize: 5 },
    expect: { visited: ['start', 'prepare', 'sizePerLot', 'end'], variables: { sizes: [7, 5], committeeSize: 5 } },
  },
  {
    name: 'business_rule_task_error',
    shows: 'a decision table that cannot decide (two rules under UNIQUE) is a business error of the step, caught by its error boundary',
    decisions: [OVERLAPPING_DMN],
    spec: {
      id: 'business_rule_task_error',
      nodes: [
        start, { id: 'method', type: 'businessRuleTask', decisionRef: 'evaluation_method', resultVariable: 'method' },
        { id: 'ambiguous', type: 'boundaryError', attachedTo: 'method', errorCode: 'DECISION_NOT_UNIQUE' }, user('chooseByHand'), end, { id: 'end2', type: 'endEvent' },
      ],
      flows: [['start', 'method'], ['method', 'end'], ['ambiguous', 'chooseByHand'], ['chooseByHand', 'end2']],
    },
    variables: { category: '服务', estimateFen: 500_000_000 },
    steps: [{ expectOpen: ['chooseByHand'] }, { complete: 'chooseByHand', data: { method: '综合评分法' } }],
    expect: { visited: ['start', 'method', 'ambiguous', 'chooseByHand', 'end2'], variables: { lastErrorCode: 'DECISION_NOT_UNIQUE', method: '综合评分法' } },
  },
  {
    name: 'migrate_to_new_version',
    shows: 'a running deal moved to the next version of its procedure: the dry run names what does not map, the move renames its open task and the deal goes on by the new model',
    spec: {
      id: 'migrate_to_new_version',
      nodes: [start, user('review', { name: '审核' }), end],
      flows: [['start', 'review'], ['review', 'end']],
    },
    steps: [
      { expectOpen: ['review'] },
      {
        migrationCheck: { id: 'migrate_to_new_version', nodes: [start, user('review2', { name: '复核' }), echo('added', { added: 'true' }), end], flows: [['start', 'review2'], ['review2', 'added'], ['added', 'end']] },
        expectProblems: ['NODE_MISSING'],
      },
      {
        migrateTo: { id: 'migrate_to_new_version', nodes: [start, user('review2', { name: '复核' }), echo('added', { added: 'true' }), end], flows: [['start', 'review2'], ['review2', 'added'], ['added', 'end']] },
        mapping: { review: 'review2' },
        variables: { note: '迁移默认值' },
      },
      { expectOpen: ['review2'] },
      { complete: 'review2' },
    ],
    expect: { visited: ['start', 'review', 'added', 'end'], variables: { added: true, note: '迁移默认值' } },
  },
  {
    name: 'gateway_incident_retry',
    shows: 'a gateway none of whose flows holds is an incident; once the data is put right, an operator\'s retry makes it look again',
    spec: {
      id: 'gateway_incident_retry',
      nodes: [
        start, { id: 'fork', type: 'parallelGateway' }, { id: 'route', type: 'exclusiveGateway' }, echo('big', { path: "'big'" }), echo('small', { path: "'small'" }),
        { id: 'merge', type: 'exclusiveGateway' }, user('correct'), { id: 'join', type: 'parallelGateway' }, end,
      ],
      flows: [
        ['start', 'fork'], ['fork', 'route'], ['fork', 'correct'], ['route', 'big', 'amount > 100'], ['route', 'small', 'amount > 0 && amount <= 100'],
        ['big', 'merge'], ['small', 'merge'], ['merge', 'join'], ['correct', 'join'], ['join', 'end'],
      ],
    },
    variables: { amount: -5 },
    steps: [{ expectIncident: 'route:' }, { complete: 'correct', data: { amount: 500 } }, { retryIncidents: '金额已更正' }],
    expect: { visitedUnordered: ['start', 'fork', 'route', 'correct', 'big', 'merge', 'join', 'join', 'end'], variables: { path: 'big', amount: 500 }, check: (r) => expect(r.visited.filter((n) => n === 'route')).toHaveLength(1) },
  },
  {
    name: 'gateway_incident_migrated',
    shows: 'a deal waiting on a gateway incident is moved onto a fixed version (a default flow added): it looks again on the new model and goes on',
    spec: {
      id: 'gateway_incident_migrated',
      nodes: [start, { id: 'route', type: 'exclusiveGateway' }, echo('big', { path: "'big'" }), echo('negative', { path: "'negative'" }), end],
      flows: [['start', 'route'], ['route', 'big', 'amount > 100'], ['route', 'negative', 'amount < 0'], ['big', 'end'], ['negative', 'end']],
    },
    variables: { amount: 5 },
    steps: [
      { expectIncident: 'route:' },
      {
        migrateTo: {
          id: 'gateway_incident_migrated',
          nodes: [start, { id: 'route', type: 'exclusiveGateway', default: 'toSmall' }, echo('big', { path: "'big'" }), echo('negative', { path: "'negative'" }), echo('small', { path: "'small'" }), end],
          flows: [['start', 'route'], ['route', 'big', 'amount > 100'], ['route', 'negative', 'amount < 0'], { id: 'toSmall', from: 'route', to: 'small' }, ['big', 'end'], ['negative', 'end'], ['small', 'end']],
        },
      },
    ],
    expect: { visited: ['start', 'route', 'small', 'end'], variables: { path: 'small' }, check: (r) => expect(r.variables).toMatchObject({ amount: 5 }) },
  },
  {
    name: 'add_signer_countersign',
    shows: '加签 into a 会签 in flight: a third signer joins the running countersign with an instance of their own; the step waits for all three and collects their opinions',
    spec: {
      id: 'add_signer_countersign',
      nodes: [
        start,
        user('approve', { assignee: 'approver', mi: { collection: 'approvers', element: 'approver', outputCollection: 'opinions', outputElement: 'opinion' } }),
        end,
      ],
      flows: [['start', 'approve'], ['approve', 'end']],
    },
    variables: { approvers: ['li.ming', 'wang.fang'] },
    steps: [
      { expectOpen: ['approve', 'approve'] },
      { expectRefused: { addSigner: 'approve', assignee: 'li.ming', signer: 'wang.fang', mode: 'parallel', as: { ...STAFF, username: 'li.ming' } }, code: 'SIGNER_NOT_ALLOWED' },
      { addSigner: 'approve', assignee: 'li.ming', signer: 'zhao.lei', mode: 'parallel', as: { ...STAFF, username: 'li.ming' }, expectOpen: [['approve', 'li.ming'], ['approve', 'wang.fang'], ['approve', 'zhao.lei']] },
      { complete: 'approve', assignee: 'li.ming', as: { ...STAFF, username: 'li.ming' }, data: { opinion: '同意' } },
      { complete: 'approve', assignee: 'zhao.lei', as: { ...STAFF, username: 'zhao.lei' }, data: { opinion: '有条件同意' }, expectOpen: ['approve'] },
      { complete: 'approve', assignee: 'wang.fang', as: { ...STAFF, username: 'wang.fang' }, data: { opinion: '同意' } },
    ],
    expect: { visited: ['start', 'approve', 'end'], variables: { opinions: ['同意', '同意', '有条件同意'] } },
  },
];
