// Statutory periods checked by the compiler at design time: reference procedures compile; models that cannot
// guarantee a period, on any path, are refused naming both steps, the period and the law.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileBpmn, listStatutoryRules, PROCEDURE_KINDS, STATUTORY_RULES, type CompileResult, type StatutoryRule } from '@ggzy/process';
import { buildBpmn, type FlowSpec, type NodeSpec, type ProcessSpec } from '../support/bpmn-builder';

const withKind = (xml: string, kind: string) => xml.replace(/<bpmn:process id="([^"]+)"/, `<bpmn:process id="$1" ggzy:procedureKind="${kind}"`);
const compile = (spec: ProcessSpec, kind?: string, options = {}) => compileBpmn(kind ? withKind(buildBpmn(spec), kind) : buildBpmn(spec), options);
const codes = (r: CompileResult) => r.errors.map((e) => `${e.code}@${e.element}`).sort();
const statutory = (r: CompileResult) => r.errors.filter((e) => e.code.startsWith('STATUTORY_'));
const notice = (id: string, noticeType: string): NodeSpec => ({ id, type: 'serviceTask', taskType: 'notices.publish', inputs: { noticeType: `'${noticeType}'` } });
const service = (id: string, taskType: string): NodeSpec => ({ id, type: 'serviceTask', taskType });
const task = (id: string, formKey: string, more: Partial<Extract<NodeSpec, { type: 'userTask' }>> = {}): NodeSpec => ({ id, type: 'userTask', role: 'staff', formKey, ...more });
const timer = (id: string, duration: string, calendar?: 'working'): NodeSpec => ({ id, type: 'timerCatch', duration, ...(calendar ? { calendar } : {}) });
const chain = (...ids: string[]): FlowSpec[] => ids.slice(1).map((id, i) => [ids[i]!, id]);

/** The reference construction open tender (工程建设项目公开招标), end to end. */
function tender(change: { biddingPeriod?: string; biddingCalendar?: 'working'; signDue?: string | null } = {}): ProcessSpec {
  return {
    id: 'construction_tender',
    nodes: [
      { id: 'start', type: 'startEvent' },
      service('acceptDeal', 'registration.acceptDeal'),
      service('bookVenue', 'venue.book'),
      notice('tenderNotice', 'tender'),
      task('issueDocuments', 'documents.issue', { due: 'P5D' }),
      timer('biddingPeriod', change.biddingPeriod ?? 'P20D', change.biddingCalendar),
      task('bidDeadline', 'bids.deadline'),
      service('openBids', 'bids.open'),
      service('drawExperts', 'experts.draw'),
      task('evaluate', 'evaluation.report', { role: 'expert' }),
      notice('publishCandidates', 'candidates'),
      timer('publicity', 'P3D'),
      task('confirmAward', 'award.confirm', { role: 'tenderee' }),
      service('awardNotice', 'awards.issueNotice'),
      task('signContract', 'contract.sign', { role: 'tenderee', ...(change.signDue === null ? {} : { due: change.signDue ?? 'P30D' }) }),
      service('refundDeposits', 'deposits.refundAll'),
      service('push', 'exchange.push'),
      service('seal', 'archive.seal'),
      { id: 'end', type: 'endEvent' },
    ],
    flows: chain('start', 'acceptDeal', 'bookVenue', 'tenderNotice', 'issueDocuments', 'biddingPeriod', 'bidDeadline', 'openBids', 'drawExperts',
      'evaluate', 'publishCandidates', 'publicity', 'confirmAward', 'awardNotice', 'signContract', 'refundDeposits', 'push', 'seal', 'end'),
  };
}

/** A small model around the rule construction.bidding-period: documents issued … bid opening. */
function bidding(middle: NodeSpec[], flows: FlowSpec[]): ProcessSpec {
  return {
    id: 'bidding',
    nodes: [{ id: 'start', type: 'startEvent' }, task('docs', 'documents.issue'), ...middle, service('open', 'bids.open'), { id: 'end', type: 'endEvent' }],
    flows: [['start', 'docs'], ...flows, ['open', 'end']],
  };
}

describe('statutory rules as data', () => {
  test('every procedure kind has rules; ids are unique; periods are positive whole numbers with a legal basis', () => {
    expect(Object.keys(STATUTORY_RULES).sort()).toEqual([...PROCEDURE_KINDS].sort());
    const all = listStatutoryRules();
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const rule of all) {
      expect(Number.isInteger(rule.period.amount) && rule.period.amount > 0).toBe(true);
      expect(rule.from.length && rule.to.length).toBeTruthy();
      expect(rule.basis.length).toBeGreaterThan(0);
      for (const b of rule.basis) expect(b.law.zh && b.law.en && b.article.zh && b.article.en).toBeTruthy();
    }
  });

  test('the values of the statute table', () => {
    const rule = (id: string) => listStatutoryRules().find((r) => r.id === id)!;
    expect(rule('construction.bidding-period')).toMatchObject({ kind: 'min', period: { amount: 20, unit: 'calendarDays' }, from: [{ formKey: 'documents.issue' }] });
    expect(rule('construction.bidding-period').basis[0]!.article.zh).toBe('第二十四条');
    expect(rule('construction.candidate-publicity')).toMatchObject({ kind: 'min', period: { amount: 3, unit: 'calendarDays' } });
    expect(rule('construction.contract-signing')).toMatchObject({ kind: 'max', period: { amount: 30, unit: 'calendarDays' } });
    expect(rule('construction.deposit-refund')).toMatchObject({ kind: 'max', period: { amount: 5, unit: 'calendarDays' } });
    expect(rule('procurement.winner-confirmation')).toMatchObject({ kind: 'max', period: { amount: 5, unit: 'workingDays' } });
    expect(rule('land.notice-period')).toMatchObject({ kind: 'min', period: { amount: 20, unit: 'calendarDays' } });
    expect(rule('land.listing-period')).toMatchObject({ kind: 'min', period: { amount: 10, unit: 'workingDays' } });
  });
});

describe('construction open tender', () => {
  test('the reference procedure compiles and keeps its procedure kind', async () => {
    const r = await compile(tender(), 'construction-open-tender');
    expect(r.errors).toEqual([]);
    expect(r.model!.procedureKind).toBe('construction-open-tender');
  });

  test('a city variant with a 15-day bidding period is refused, naming both steps, the period, the guarantee and the article', async () => {
    const r = await compile(tender({ biddingPeriod: 'P15D' }), 'construction-open-tender');
    expect(r.model).toBeNull();
    expect(codes(r)).toEqual([
      'STATUTORY_PERIOD_TOO_SHORT@bidDeadline', 'STATUTORY_PERIOD_TOO_SHORT@bidDeadline',
      'STATUTORY_PERIOD_TOO_SHORT@openBids', 'STATUTORY_PERIOD_TOO_SHORT@openBids',
    ]);
    const e = r.errors.find((x) => x.message.includes('construction.bidding-period') && x.element === 'openBids')!;
    expect(e.message).toBe('法定时限 construction.bidding-period：从「issueDocuments」到「openBids」不得少于 20 日（《中华人民共和国招标投标法》第二十四条），'
      + '模型只能保证 15 日；路径：issueDocuments → biddingPeriod → bidDeadline → openBids');
    expect(e.messageEn).toBe('Statutory period construction.bidding-period: from "issueDocuments" to "openBids" must be at least 20 days '
      + '(Tendering and Bidding Law of the PRC, Art. 24), but the model guarantees only 15 days; path: issueDocuments → biddingPeriod → bidDeadline → openBids');
    expect(r.errors.some((x) => x.message.includes('从「tenderNotice」到「openBids」'))).toBe(true);
  });

  test('hours count: 19 days 23 hours is short of 20 days', async () => {
    const r = await compile(tender({ biddingPeriod: 'P19DT23H' }), 'construction-open-tender');
    expect(statutory(r)[0]!.messageEn).toContain('guarantees only 19 days 23 hours');
  });

  test('a path around the timer through a gateway is refused, and the message shows that path', async () => {
    const r = await compile(bidding([
      { id: 'urgent', type: 'exclusiveGateway', default: 'flow_urgent_wait' },
      timer('wait', 'P20D'),
      { id: 'merge', type: 'exclusiveGateway' },
    ], [['docs', 'urgent'], { id: 'flow_urgent_wait', from: 'urgent', to: 'wait' }, ['urgent', 'merge', 'urgent == true'], ['wait', 'merge'], ['merge', 'open']]), 'construction-open-tender');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_TOO_SHORT@open']);
    expect(r.errors[0]!.messageEn).toContain('guarantees only 0 days; path: docs → urgent → merge → open');
  });

  test('a working-day timer of 20 days guarantees 20 calendar days; 19 working days do not', async () => {
    expect((await compile(tender({ biddingPeriod: 'P20D', biddingCalendar: 'working' }), 'construction-open-tender')).errors).toEqual([]);
    expect((await compile(tender({ biddingPeriod: 'P4W', biddingCalendar: 'working' }), 'construction-open-tender')).errors).toEqual([]);
    const r = await compile(tender({ biddingPeriod: 'P19D', biddingCalendar: 'working' }), 'construction-open-tender');
    expect(statutory(r)[0]!.messageEn).toContain('guarantees only 19 days');
  });

  test('timers on every parallel branch count at the join; on one inclusive branch they do not', async () => {
    const parallel = (kind: 'parallelGateway' | 'inclusiveGateway') => bidding([
      { id: 'fork', type: kind }, timer('wait', 'P20D'), task('clarify', 'clarification.answer'), { id: 'join', type: kind },
    ], [['docs', 'fork'], kind === 'inclusiveGateway' ? ['fork', 'wait', 'needWait == true'] : ['fork', 'wait'], kind === 'inclusiveGateway' ? ['fork', 'clarify', 'needClarify == true'] : ['fork', 'clarify'],
      ['wait', 'join'], ['clarify', 'join'], ['join', 'open']]);
    expect((await compile(parallel('parallelGateway'), 'construction-open-tender')).errors).toEqual([]);
    const r = await compile(parallel('inclusiveGateway'), 'construction-open-tender');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_TOO_SHORT@open']);
    expect(r.errors[0]!.messageEn).toContain('path: docs → fork → clarify → join → open');
  });

  test('a message that can end the wait early is a way around the timer; a timer racing it is not', async () => {
    const race = (target: 'open' | 'end') => bidding([
      { id: 'race', type: 'eventBasedGateway' }, timer('wait', 'P20D'), { id: 'withdrawn', type: 'messageCatch', message: 'withdrawn' },
    ], [['docs', 'race'], ['race', 'wait'], ['race', 'withdrawn'], ['wait', 'open'], ['withdrawn', target]]);
    expect((await compile(race('end'), 'construction-open-tender')).errors).toEqual([]);
    expect(codes(await compile(race('open'), 'construction-open-tender'))).toEqual(['STATUTORY_PERIOD_TOO_SHORT@open']);
  });

  test('an interrupting boundary timer guarantees its duration; completing the task early does not', async () => {
    const spec = (escalateTo: string, doneTo: string) => bidding([
      task('waitBids', 'bids.receive'), { id: 'deadlineReached', type: 'boundaryTimer', attachedTo: 'waitBids', duration: 'P20D' },
    ], [['docs', 'waitBids'], ['deadlineReached', escalateTo], ['waitBids', doneTo]]);
    expect((await compile(spec('open', 'end'), 'construction-open-tender')).errors).toEqual([]);
    expect(codes(await compile(spec('open', 'open'), 'construction-open-tender'))).toEqual(['STATUTORY_PERIOD_TOO_SHORT@open']);
  });

  test('a non-interrupting boundary event of the first step lets the second happen before it is done', async () => {
    const r = await compile(bidding([
      { id: 'reminder', type: 'boundaryTimer', attachedTo: 'docs', duration: 'P25D', interrupting: false }, timer('wait', 'P20D'),
    ], [['docs', 'wait'], ['wait', 'open'], ['reminder', 'open']]), 'construction-open-tender');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_TOO_SHORT@open']);
    expect(r.errors[0]!.messageEn).toContain('nothing (the non-interrupting boundary event of "docs" lets "open" happen before "docs" is done)');
  });

  test('a task before the timer that may be returned (驳回) to a task after it opens a way around the timer', async () => {
    const spec = (returnTargets?: string) => bidding([
      task('review', 'documents.review', returnTargets ? { returnTargets } : {}), timer('wait', 'P20D'), task('deadline', 'bids.deadline'),
      { id: 'again', type: 'exclusiveGateway', default: 'flow_again_open' }, task('reviewAgain', 'documents.recheck'),
    ], [['docs', 'review'], ['review', 'wait'], ['wait', 'deadline'], ['deadline', 'again'], { id: 'flow_again_open', from: 'again', to: 'open' },
      ['again', 'reviewAgain', 'recheck == true'], ['reviewAgain', 'review']]);
    // on a second pass "deadline" has been visited, so "review" may be returned to it
    const r = await compile(spec(), 'construction-open-tender');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_TOO_SHORT@deadline', 'STATUTORY_PERIOD_TOO_SHORT@open']);
    expect(r.errors.find((e) => e.element === 'deadline')!.messageEn).toContain('path: docs → review ↩ deadline');
    expect((await compile(spec('docs'), 'construction-open-tender')).errors).toEqual([]);
  });

  test('a later completion of the first step starts the period again (re-tender after a failed opening)', async () => {
    const r = await compile({
      id: 'retender',
      nodes: [
        { id: 'start', type: 'startEvent' }, task('docs', 'documents.issue'), timer('wait', 'P20D'), service('open', 'bids.open'),
        { id: 'tooFew', type: 'boundaryError', attachedTo: 'open', errorCode: 'FEWER_THAN_THREE_BIDS' }, task('amend', 'documents.amend'),
        { id: 'end', type: 'endEvent' },
      ],
      flows: [['start', 'docs'], ['docs', 'wait'], ['wait', 'open'], ['open', 'end'], ['tooFew', 'amend'], ['amend', 'docs']],
    }, 'construction-open-tender');
    expect(r.errors).toEqual([]);
  });

  test('the contract: within 30 days of the award notice only with a due duration, or a timer that ends the wait', async () => {
    expect((await compile(tender({ signDue: 'P30D' }), 'construction-open-tender')).errors).toEqual([]);
    const none = await compile(tender({ signDue: null }), 'construction-open-tender');
    expect(codes(none)).toEqual(['STATUTORY_PERIOD_NOT_GUARANTEED@signContract']);
    expect(none.errors[0]!.message).toBe('法定时限 construction.contract-signing：「signContract」须在「awardNotice」之后 30 日内完成（《中华人民共和国招标投标法》第四十六条），'
      + '模型无法保证上限：用户任务「signContract」没有设计时可知的办理时限（ggzy:dueDuration）；路径：awardNotice → signContract');
    expect(none.errors[0]!.messageEn).toContain('"signContract" must be done within 30 days of "awardNotice" (Tendering and Bidding Law of the PRC, Art. 46), but the model sets no limit');
    const long = await compile(tender({ signDue: 'P31D' }), 'construction-open-tender');
    expect(long.errors[0]!.messageEn).toContain('but the model allows up to 31 days');
  });

  test('working-day due durations have no calendar-day bound; an interrupting timer bounds the task', async () => {
    const spec = (sign: Partial<Extract<NodeSpec, { type: 'userTask' }>>, boundary?: string) => ({
      id: 'contract',
      nodes: [
        { id: 'start', type: 'startEvent' }, service('award', 'awards.issueNotice'), task('sign', 'contract.sign', sign),
        ...(boundary ? [{ id: 'lapse', type: 'boundaryTimer', attachedTo: 'sign', duration: boundary } as NodeSpec] : []), { id: 'end', type: 'endEvent' },
      ],
      flows: [['start', 'award'], ['award', 'sign'], ['sign', 'end'], ...(boundary ? [['lapse', 'end'] as FlowSpec] : [])],
    });
    const working = await compile(spec({ due: 'P20D', calendar: 'working' }), 'construction-open-tender');
    expect(working.errors[0]!.messageEn).toContain('"sign" counts working days, which have no upper bound in calendar days');
    expect((await compile(spec({}, 'P30D'), 'construction-open-tender')).errors).toEqual([]);
    expect(codes(await compile(spec({}, 'P31D'), 'construction-open-tender'))).toEqual(['STATUTORY_PERIOD_NOT_GUARANTEED@sign']);
  });

  test('a loop between the two steps of a max rule can repeat any number of times; the analysis ends', async () => {
    const started = Date.now();
    const r = await compile({
      id: 'negotiation',
      nodes: [
        { id: 'start', type: 'startEvent' }, service('award', 'awards.issueNotice'), task('draft', 'contract.draft', { due: 'P5D' }),
        { id: 'agreed', type: 'exclusiveGateway', default: 'flow_agreed_sign' }, timer('coolDown', 'P1D'), task('sign', 'contract.sign', { due: 'P10D' }),
        { id: 'end', type: 'endEvent' },
      ],
      flows: [['start', 'award'], ['award', 'draft'], ['draft', 'agreed'], { id: 'flow_agreed_sign', from: 'agreed', to: 'sign' }, ['agreed', 'coolDown', 'again == true'],
        ['coolDown', 'draft'], ['sign', 'end']],
    }, 'construction-open-tender');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_NOT_GUARANTEED@sign']);
    expect(r.errors[0]!.messageEn).toMatch(/the loop through "(draft|agreed|coolDown|sign)" can repeat any number of times/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('the notice type must be a literal under a procedure kind', async () => {
    const spec = tender();
    spec.nodes = spec.nodes.map((n) => (n.id === 'tenderNotice' ? { ...n, inputs: { noticeType: '${kind}' } } as NodeSpec : n));
    const r = await compile(spec, 'construction-open-tender');
    expect(codes(r)).toEqual(['STATUTORY_STEP_AMBIGUOUS@tenderNotice']);
    expect(r.errors[0]!.messageEn).toContain('by their input noticeType: it must be a literal (such as \'tender\')');
  });
});

describe('what bounds a step', () => {
  /** evaluation report … candidates published (max 3 days), with `middle` in between. */
  const publication = (middle: NodeSpec[], flows: FlowSpec[]): ProcessSpec => ({
    id: 'publication',
    nodes: [{ id: 'start', type: 'startEvent' }, task('report', 'evaluation.report'), ...middle, notice('publish', 'candidates'), { id: 'end', type: 'endEvent' }],
    flows: [['start', 'report'], ...flows, ['publish', 'end']],
  });

  test('a message wait is unbounded unless an event-based gateway races it against a timer', async () => {
    const race = await compile(publication([
      { id: 'race', type: 'eventBasedGateway' }, timer('grace', 'P2D'), { id: 'objection', type: 'messageCatch', message: 'objection' },
    ], [['report', 'race'], ['race', 'grace'], ['race', 'objection'], ['grace', 'publish'], ['objection', 'publish']]), 'construction-open-tender');
    expect(race.errors).toEqual([]);
    const wait = await compile(publication([{ id: 'objection', type: 'messageCatch', message: 'objection' }], [['report', 'objection'], ['objection', 'publish']]), 'construction-open-tender');
    expect(wait.errors[0]!.messageEn).toContain('sets no limit: "objection" waits for a message with no timer to end the wait; path: report → objection → publish');
  });

  test('a call activity is unbounded; automatic steps count nothing', async () => {
    const call = await compile(publication([{ id: 'sub', type: 'callActivity', calledElement: 'review' }], [['report', 'sub'], ['sub', 'publish']]), 'construction-open-tender');
    expect(call.errors[0]!.messageEn).toContain('call activity "sub" has no bounded duration');
    const automatic = await compile(publication([service('alert', 'alerts.evaluate'), service('push', 'exchange.push')], chain('report', 'alert', 'push', 'publish')), 'construction-open-tender');
    expect(automatic.errors).toEqual([]);
  });

  test('a parallel countersign (会签) takes its due duration; a sequential one has no bound', async () => {
    const countersign = (sequential: boolean) => publication([
      task('sign', 'evaluation.countersign', { due: 'P1D', mi: { sequential, collection: 'experts', element: 'expert' } }),
    ], [['report', 'sign'], ['sign', 'publish']]);
    expect((await compile(countersign(false), 'construction-open-tender')).errors).toEqual([]);
    const sequential = await compile(countersign(true), 'construction-open-tender');
    expect(sequential.errors[0]!.messageEn).toContain('sequential multi-instance "sign" has no bounded number of instances');
  });

  test('a timer at a fixed date guarantees nothing and bounds nothing', async () => {
    const r = await compile(bidding([{ id: 'until', type: 'timerCatch', date: '2030-10-01T09:00:00+08:00' }], [['docs', 'until'], ['until', 'open']]), 'construction-open-tender');
    expect(r.errors[0]!.messageEn).toContain('guarantees only 0 days; path: docs → until → open');
  });

  test('a large procedure is checked quickly', async () => {
    const steps = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? task(`t${i}`, `step.${i}`, { due: 'PT1H' }) : i % 3 === 1 ? service(`s${i}`, 'demo.echo') : { id: `g${i}`, type: 'exclusiveGateway', default: `flow_g${i}_next${i}` } as NodeSpec));
    const ids = steps.map((n) => n.id);
    const flows: FlowSpec[] = [];
    ids.forEach((id, i) => {
      const next = ids[i + 1] ?? 'wait';
      if (id.startsWith('g')) {
        flows.push({ id: `flow_${id}_next${id.slice(1)}`, from: id, to: next });
        flows.push([id, ids[Math.max(0, i - 4)]!, 'again == true']);
      } else flows.push([id, next]);
    });
    const spec = bidding([...steps, timer('wait', 'P20D')], [['docs', ids[0]!], ...flows, ['wait', 'open']]);
    const started = Date.now();
    const r = await compile(spec, 'construction-open-tender');
    expect(r.errors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('government procurement', () => {
  function procurement(resultBranch: NodeSpec, confirmDue = 'P5D'): ProcessSpec {
    return {
      id: 'procurement',
      nodes: [
        { id: 'start', type: 'startEvent' }, notice('procurementNotice', 'procurement'), timer('period', 'P20D'), service('open', 'bids.open'),
        task('evaluate', 'evaluation.report'), task('confirm', 'award.confirm', { due: confirmDue, calendar: 'working' }),
        { id: 'fork', type: 'parallelGateway' }, service('awardNotice', 'awards.issueNotice'), service('refundOthers', 'deposits.refund'), resultBranch,
        { id: 'join', type: 'parallelGateway' }, task('sign', 'contract.sign', { due: 'P30D' }), service('refundWinner', 'deposits.refund'), { id: 'end', type: 'endEvent' },
      ],
      flows: [...chain('start', 'procurementNotice', 'period', 'open', 'evaluate', 'confirm', 'fork'), ['fork', 'awardNotice'], ['awardNotice', 'refundOthers'], ['refundOthers', 'join'],
        ['fork', resultBranch.id], [resultBranch.id, 'join'], ['join', 'sign'], ['sign', 'refundWinner'], ['refundWinner', 'end']],
    };
  }

  test('the award notice in parallel with the result announcement: the join waits for an automatic branch only', async () => {
    expect((await compile(procurement(notice('announce', 'result')), 'government-procurement-open')).errors).toEqual([]);
  });

  test('a branch that waits for a person without a deadline leaves the contract deadline unbounded', async () => {
    const r = await compile(procurement(task('announce', 'result.approve')), 'government-procurement-open');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_NOT_GUARANTEED@sign']);
    expect(r.errors[0]!.messageEn).toContain('user task "announce" has no due duration');
  });

  test('working-day rules accept calendar-day deadlines no longer than the period and refuse longer ones', async () => {
    const r = await compile(procurement(notice('announce', 'result'), 'P6D'), 'government-procurement-open');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_NOT_GUARANTEED@confirm']);
    expect(r.errors[0]!.messageEn).toContain('must be done within 5 working days of "evaluate"');
    expect(r.errors[0]!.messageEn).toContain('allows up to 6 working days');
  });
});

describe('land listing', () => {
  function listing(period: string, calendar?: 'working'): ProcessSpec {
    return {
      id: 'land',
      nodes: [
        { id: 'start', type: 'startEvent' }, notice('listingNotice', 'land-listing'), timer('noticePeriod', 'P20D'), service('listingStart', 'listing.open'),
        timer('listingPeriod', period, calendar), service('listingClose', 'listing.close'), task('announce', 'listing.close', { due: 'P1D' }), service('refund', 'deposits.refundAll'),
        notice('result', 'land-result'), { id: 'end', type: 'endEvent' },
      ],
      flows: chain('start', 'listingNotice', 'noticePeriod', 'listingStart', 'listingPeriod', 'listingClose', 'announce', 'refund', 'result', 'end'),
    };
  }

  test('ten working days of listing pass; fourteen calendar days guarantee no working day', async () => {
    expect((await compile(listing('P10D', 'working'), 'land-listing')).errors).toEqual([]);
    expect((await compile(listing('P2W', 'working'), 'land-listing')).errors).toEqual([]);
    const r = await compile(listing('P14D'), 'land-listing');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_TOO_SHORT@listingClose']);
    expect(r.errors[0]!.messageEn).toContain('must be at least 10 working days');
    expect(r.errors[0]!.messageEn).toContain('guarantees only 0 working days (calendar-day timers guarantee no working days: use ggzy:calendar="working")');
    expect(r.errors[0]!.message).toContain('第十八条');
    const short = await compile(listing('P9D', 'working'), 'land-listing');
    expect(short.errors[0]!.messageEn).toContain('guarantees only 9 working days');
  });
});

describe('complaints', () => {
  const complaint = (acceptDue: Partial<Extract<NodeSpec, { type: 'userTask' }>>): ProcessSpec => ({
    id: 'complaint',
    nodes: [
      { id: 'start', type: 'startEvent' }, service('file', 'complaints.file'), task('acceptReview', 'complaint.accept', { role: 'supervisor', ...acceptDue }),
      { id: 'accepted', type: 'exclusiveGateway', default: 'flow_accepted_rejected' }, { id: 'rejected', type: 'endEvent' },
      task('decideReview', 'complaint.decide', { role: 'supervisor', due: 'P30D', calendar: 'working' }), service('decide', 'complaints.decide'), { id: 'end', type: 'endEvent' },
    ],
    flows: [['start', 'file'], ['file', 'acceptReview'], ['acceptReview', 'accepted'], { id: 'flow_accepted_rejected', from: 'accepted', to: 'rejected' },
      ['accepted', 'decideReview', 'accept == true'], ['decideReview', 'decide'], ['decide', 'end']],
  });

  test('accepted within 3 working days, decided within 30 working days of acceptance', async () => {
    expect((await compile(complaint({ due: 'P3D', calendar: 'working' }), 'complaint')).errors).toEqual([]);
    expect((await compile(complaint({ due: 'P3D' }), 'complaint')).errors).toEqual([]); // 3 calendar days hold at most 3 working days
    const r = await compile(complaint({ due: 'P5D' }), 'complaint');
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_NOT_GUARANTEED@acceptReview']);
    expect(r.errors[0]!.messageEn).toContain('must be done within 3 working days of "file" (Regulations on the Implementation of the Tendering and Bidding Law, Art. 61), but the model allows up to 5 working days');
  });
});

describe('models without statutory rules', () => {
  test('without a procedure kind nothing is checked', async () => {
    expect((await compile(tender({ biddingPeriod: 'P1D', signDue: null }))).errors).toEqual([]);
  });

  test('an unknown procedure kind is a warning, not a check', async () => {
    const r = await compile(tender({ biddingPeriod: 'P1D' }), 'property-transfer');
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain('UNKNOWN_PROCEDURE_KIND');
  });

  test('a province can supply its own rules: a stricter bidding period', async () => {
    const strict: StatutoryRule = { ...STATUTORY_RULES['construction-open-tender'][0]!, id: 'province.bidding-period', period: { amount: 25, unit: 'calendarDays' } };
    const r = await compile(tender(), 'construction-open-tender', { statutoryRules: { 'construction-open-tender': [strict] } });
    expect(codes(r)).toEqual(['STATUTORY_PERIOD_TOO_SHORT@bidDeadline', 'STATUTORY_PERIOD_TOO_SHORT@openBids']);
  });
});

describe('ggzy validate', () => {
  // run as test/unit/cli-validate.test.ts runs it: the built command, as a designer's CI would
  const repoRoot = path.resolve(__dirname, '..', '..');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ggzy-statutory-'));
  const file = (name: string, spec: ProcessSpec) => {
    const target = path.join(tmp, name);
    writeFileSync(target, withKind(buildBpmn(spec), 'construction-open-tender'));
    return target;
  };

  test('refuses the city variant with the shortened bidding period: exit 1, both elements and the article named', () => {
    const compliant = file('tender.bpmn', tender());
    const shortened = file('tender-city.bpmn', tender({ biddingPeriod: 'P15D' }));
    const run = spawnSync('npx', ['--no-install', 'ggzy', 'validate', '--lang', 'en', compliant, shortened], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    expect(run.status).toBe(1);
    const [first, second] = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; valid: boolean; errors: Array<{ code: string; element: string; message: string }> });
    // the compliant one has no statutory problem (task types outside the activity catalog may still be reported)
    expect(first!.errors.filter((e) => e.code.startsWith('STATUTORY_'))).toEqual([]);
    expect(second!.valid).toBe(false);
    const periods = second!.errors.filter((e) => e.code === 'STATUTORY_PERIOD_TOO_SHORT');
    expect(periods.map((e) => e.element).sort()).toEqual(['bidDeadline', 'bidDeadline', 'openBids', 'openBids']);
    const opening = periods.find((e) => e.message.includes('from "issueDocuments" to "openBids"'))!;
    expect(opening.message).toContain('must be at least 20 days (Tendering and Bidding Law of the PRC, Art. 24), but the model guarantees only 15 days');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
