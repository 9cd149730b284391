// The compiler on good, bad, hostile and foreign BPMN: every problem listed at once, nothing ever thrown.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { adHocEntries, compileBpmn, cronSchedule, nextCronTime, timerStartPlan, TASK_TYPES, type CompileResult } from '@ggzy/process';
import { buildBpmn, type NodeSpec } from '../support/bpmn-builder';

type NodeSpecList = NodeSpec[];

const conformanceDir = path.join(__dirname, '..', 'conformance', 'fixtures');
const foreignDir = path.join(__dirname, '..', 'fixtures', 'foreign');
const compile = (xml: string) => compileBpmn(xml, { taskTypes: TASK_TYPES });
const codes = (r: CompileResult) => r.errors.map((e) => `${e.code}@${e.element}`).sort();

describe('compiler', () => {
  test('every conformance fixture compiles', async () => {
    const files = readdirSync(conformanceDir).filter((f) => f.endsWith('.bpmn'));
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const file of files) {
      const result = await compile(readFileSync(path.join(conformanceDir, file), 'utf8'));
      expect({ file, errors: result.errors }).toEqual({ file, errors: [] });
      expect(result.model!.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test('the hash follows the model, not the layout', async () => {
    const xml = readFileSync(path.join(conformanceDir, 'sequence_service_tasks.bpmn'), 'utf8');
    const a = await compile(xml);
    const moved = await compile(xml.replace('x="132"', 'x="400"'));
    const changed = await compile(xml.replace("value=\"a + 1\"", "value=\"a + 2\""));
    expect(moved.model!.hash).toBe(a.model!.hash);
    expect(changed.model!.hash).not.toBe(a.model!.hash);
  });

  test('a start form and task forms: checked against the deployed forms, their fields carried for the engine', async () => {
    const spec = {
      id: 'start_form_demo',
      nodes: [
        { id: 'start', type: 'startEvent' as const, formKey: 'demo.start' },
        { id: 'review', type: 'userTask' as const, role: 'staff', formKey: 'demo.review' },
        { id: 'note', type: 'userTask' as const, role: 'staff' },
        { id: 'end', type: 'endEvent' as const },
      ],
      flows: [['start', 'review'], ['review', 'note'], ['note', 'end']] as Array<[string, string]>,
    };
    const xml = buildBpmn(spec);
    const forms = {
      'demo.start': { type: 'object', properties: { title: { type: 'string', required: true } } },
      'demo.review': { type: 'object', properties: { layout: { type: 'void', properties: { opinion: { type: 'string', required: true } } }, approved: { type: 'boolean' } } },
    };
    const compiled = await compileBpmn(xml, { taskTypes: TASK_TYPES, forms });
    expect(compiled.errors).toEqual([]);
    const model = compiled.model!;
    expect(model.nodes.start).toMatchObject({ kind: 'startEvent', formKey: 'demo.start' });
    expect(model.forms).toEqual(['demo.review', 'demo.start']);
    expect(model.nodes.review).toMatchObject({ requiredFields: ['opinion'], fields: ['approved', 'opinion'] });
    expect(model.nodes.note).not.toHaveProperty('fields'); // no form: the task takes what it is given, as before
    // a start form that is not deployed is refused at its element; without the forms it is only a warning
    const missing = await compileBpmn(xml, { taskTypes: TASK_TYPES, forms: { 'demo.review': forms['demo.review'] } });
    expect(codes(missing)).toEqual(['UNKNOWN_FORM@start']);
    const unchecked = await compile(xml);
    expect(unchecked.warnings.map((w) => `${w.code}@${w.element}`).sort()).toEqual(['FORM_NOT_CHECKED@review', 'FORM_NOT_CHECKED@start']);
    // a model without a start form keeps the shape (and the hash) it had: no formKey on its start event
    expect((await compile(buildBpmn({ ...spec, nodes: [{ id: 'start', type: 'startEvent' as const }, ...spec.nodes.slice(1)] }))).model!.nodes.start).not.toHaveProperty('formKey');
  });

  test('English names (ggzy:nameEn) are carried on the procedure and its steps, and count in the hash', async () => {
    const spec = {
      id: 'named_demo', name: '示例程序', nameEn: 'Sample procedure',
      nodes: [
        { id: 'start', type: 'startEvent' as const, name: '开始' },
        { id: 'review', type: 'userTask' as const, role: 'staff', name: '审核', nameEn: 'Review' },
        { id: 'end', type: 'endEvent' as const },
      ],
      flows: [['start', 'review'], ['review', 'end']] as Array<[string, string]>,
    };
    const named = await compile(buildBpmn(spec));
    expect(named.errors).toEqual([]);
    expect(named.model).toMatchObject({ name: '示例程序', nameEn: 'Sample procedure' });
    expect(named.model!.nodes.review).toMatchObject({ name: '审核', nameEn: 'Review' });
    // a step without one has none (the portal falls back to its name)
    expect(named.model!.nodes.start).not.toHaveProperty('nameEn');
    const renamed = await compile(buildBpmn({ ...spec, nodes: spec.nodes.map((n) => (n.id === 'review' ? { ...n, nameEn: 'Check' } : n)) }));
    expect(renamed.model!.hash).not.toBe(named.model!.hash);
  });

  test('a business rule task naming a decision not deployed for the region is a binding warning, never an error', async () => {
    const xml = buildBpmn({
      id: 'sizing', nodes: [
        { id: 'start', type: 'startEvent' }, { id: 'size', type: 'businessRuleTask', decisionRef: 'committee_size', resultVariable: 'committeeSize' },
        { id: 'other', type: 'businessRuleTask', decisionRef: 'deposit_cap', resultVariable: 'cap' }, { id: 'end', type: 'endEvent' },
      ], flows: [['start', 'size'], ['size', 'other'], ['other', 'end']],
    });
    const warned = await compileBpmn(xml, { taskTypes: TASK_TYPES, decisions: ['committee_size'] });
    expect(warned.errors).toEqual([]);
    expect(warned.model).not.toBeNull();
    expect(warned.warnings.map((w) => `${w.category}:${w.code}@${w.element}`)).toEqual(['binding:DECISION_NOT_DEPLOYED@other']);
    expect(warned.warnings[0]!.message).toContain('deposit_cap');
    // without the list (the designer's lint in the browser) nothing is said about it
    expect((await compile(xml)).warnings.filter((w) => w.code === 'DECISION_NOT_DEPLOYED')).toEqual([]);
  });

  test('all problems of a bad model are reported at once, each with its element', async () => {
    const xml = buildBpmn({
      id: 'broken',
      nodes: [
        { id: 'start', type: 'startEvent' },
        { id: 'noType', type: 'serviceTask', taskType: '' },
        { id: 'unknownType', type: 'serviceTask', taskType: 'nobody.knows' },
        { id: 'gw', type: 'exclusiveGateway' },
        { id: 'badCond', type: 'serviceTask', taskType: 'demo.echo' },
        { id: 'loop', type: 'userTask', role: 'staff', due: 'P3X' },
        { id: 'island', type: 'serviceTask', taskType: 'demo.echo' },
        { id: 'c1', type: 'serviceTask', taskType: 'demo.echo' },
        { id: 'c2', type: 'serviceTask', taskType: 'demo.echo' },
        { id: 'wait', type: 'timerCatch', duration: 'soon' },
        { id: 'noRole', type: 'userTask', role: 'janitor' },
        { id: 'script', type: 'raw', xml: '<bpmn:scriptTask id="script"/>' },
        { id: 'end', type: 'endEvent' },
      ],
      flows: [
        ['start', 'noType'], ['noType', 'unknownType'], ['unknownType', 'gw'], ['gw', 'badCond', 'amount >'], ['gw', 'loop'],
        ['gw', 'c1', 'amount > 5'], ['c1', 'c2'], ['c2', 'c1'], ['badCond', 'wait'], ['wait', 'noRole'], ['noRole', 'script'], ['script', 'end'],
      ],
    });
    const result = await compile(xml);
    expect(result.model).toBeNull();
    expect(codes(result)).toEqual([
      'BAD_DURATION@loop',
      'BAD_DURATION@wait',
      'BAD_EXPRESSION@flow_gw_badCond',
      'CANNOT_REACH_END@c1',
      'CANNOT_REACH_END@c2',
      'NO_OUTGOING@island',
      'GATEWAY_NO_CONDITION@gw',
      'MISSING_BINDING@noType',
      'NO_OUTGOING@loop',
      'UNKNOWN_ROLE@noRole',
      'UNKNOWN_TASK_TYPE@unknownType',
      'UNREACHABLE_NODE@island',
      'SCRIPT_MISSING@script',
      'MISSING_BINDING@script',
    ].sort());
    for (const e of result.errors) {
      expect(e.message).toMatch(/[\u4e00-\u9fff]/); // zh-CN
      expect(e.messageEn).toMatch(/[A-Za-z]/);
    }
  });

  test('a duration is an expression only when its ${…} wrapper closes at the end; otherwise it is a literal and checked as one', async () => {
    const withDue = (due: string) => compile(buildBpmn({
      id: 'due',
      nodes: [{ id: 'start', type: 'startEvent' }, { id: 'review', type: 'userTask', role: 'staff', due }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'review'], ['review', 'end']],
    }));
    for (const due of ['${dueDays}', ' #{ dueDays } ', '=dueDays']) {
      const result = await withDue(due);
      expect({ due, errors: result.errors }).toEqual({ due, errors: [] });
      expect(result.model!.nodes.review).toMatchObject({ dueDuration: due.trim() });
    }
    for (const due of ['${dueDays', '${dueDays}P1D']) expect({ due, codes: codes(await withDue(due)) }).toEqual({ due, codes: ['BAD_DURATION@review'] });
  });

  test.each([
    ['XXE', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&xxe;</bpmn:definitions>', 'XML_FORBIDDEN_DTD'],
    ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`, 'XML_FORBIDDEN_DTD'],
    ['too large', `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><!--${'x'.repeat(3 * 1024 * 1024)}--></bpmn:definitions>`, 'XML_TOO_LARGE'],
    ['not XML', 'name,amount\n示范项目,100\n', 'NOT_BPMN'],
    ['empty', '', 'NOT_BPMN'],
    ['JSON', '{"bpmn": true}', 'NOT_BPMN'],
    ['HTML', '<html><body><p>hi</p></body></html>', 'NOT_BPMN'],
    ['binary', '\u0000\u0001\u0002PK\u0003\u0004', 'XML_MALFORMED'],
    ['truncated', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"><bpmn:startEvent id="s"', 'XML_MALFORMED'],
    ['no process', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>', 'NO_PROCESS'],
    ['processing instruction', '<?xml version="1.0"?><?xml-stylesheet href="evil.xsl"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>', 'XML_MALFORMED'],
  ])('hostile or non-BPMN input is refused cleanly: %s', async (_name, xml, code) => {
    const result = await compile(xml);
    expect(result.model).toBeNull();
    expect(result.errors.map((e) => e.code)).toContain(code);
  });

  test("a Camunda 8 script task (zeebe:script) is read as an expression of the platform's language when it parses", async () => {
    const process = (expression: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="urn:x">
  <bpmn:process id="zeebe_script" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="total"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="sum" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="total" /><bpmn:sequenceFlow id="f2" sourceRef="total" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
    const read = await compile(process('=a + b'));
    expect(read.errors).toEqual([]);
    expect(read.model!.nodes.total).toMatchObject({ kind: 'scriptTask', expression: 'a + b', resultVariable: 'sum' });
    expect(read.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['SCRIPT_READ_AS_EXPRESSION']));
    // FEEL that is not the platform's language is a problem with the element, not a failure at run time
    expect(codes(await compile(process('=for x in items return x')))).toEqual(['BAD_EXPRESSION@total']);
  });

  test('link events: a throw needs a catch of its name, one catch per name, no flows out of a throw or into a catch', async () => {
    const spec = (nodes: Parameters<typeof buildBpmn>[0]['nodes'], flows: Parameters<typeof buildBpmn>[0]['flows']) => buildBpmn({ id: 'links', nodes: [{ id: 'start', type: 'startEvent' }, ...nodes, { id: 'end', type: 'endEvent' }], flows });
    expect(codes(await compile(spec([{ id: 'go', type: 'linkThrow', link: 'A' }, { id: 'land', type: 'linkCatch', link: 'B' }], [['start', 'go'], ['land', 'end']])))).toEqual([
      // and what follows from a throw that leads nowhere
      'CANNOT_REACH_END@start', 'LINK_TARGET_MISSING@go', 'NO_OUTGOING@go', 'UNREACHABLE_NODE@end', 'UNREACHABLE_NODE@land',
    ]);
    expect(codes(await compile(spec([{ id: 'go', type: 'linkThrow', link: 'A' }, { id: 'land', type: 'linkCatch', link: 'A' }, { id: 'land2', type: 'linkCatch', link: 'A' }], [['start', 'go'], ['land', 'end'], ['land2', 'end']])))).toEqual([
      'LINK_CATCH_DUPLICATE@land', 'LINK_CATCH_DUPLICATE@land2', 'UNREACHABLE_NODE@land2',
    ]);
    expect(codes(await compile(spec([{ id: 'go', type: 'linkThrow', link: 'A' }, { id: 'land', type: 'linkCatch', link: 'A' }], [['start', 'go'], ['go', 'end'], ['start', 'land'], ['land', 'end']])))).toEqual([
      'LINK_CATCH_INCOMING@land', 'LINK_THROW_OUTGOING@go',
    ]);
    const ok = await compile(spec([{ id: 'go', type: 'linkThrow', link: 'A' }, { id: 'land', type: 'linkCatch', link: 'A' }], [['start', 'go'], ['land', 'end']]));
    expect(ok.errors).toEqual([]);
    expect(ok.model!.flows.go__link).toEqual({ id: 'go__link', name: 'A', source: 'go', target: 'land', condition: null });
  });

  test('an expanded subprocess as a modeler draws it: its elements compile in its scope, and its borders are checked', async () => {
    const sub = (inner: string, attrs = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="d" targetNamespace="urn:x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <bpmn:subProcess id="review" name="评审"${attrs}>
      ${inner}
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e"/>
    <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="e"/>
    <bpmn:endEvent id="e"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="pl" bpmnElement="p">
    <bpmndi:BPMNShape id="review_di" bpmnElement="review" isExpanded="true"><dc:Bounds x="200" y="80" width="400" height="200"/></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
    const inside = `<bpmn:startEvent id="is"/><bpmn:sequenceFlow id="i1" sourceRef="is" targetRef="t"/>
      <bpmn:userTask id="t" ggzy:candidateRole="staff"/><bpmn:sequenceFlow id="i2" sourceRef="t" targetRef="ie"/><bpmn:endEvent id="ie"/>`;
    const ok = await compile(sub(inside));
    expect(ok.errors).toEqual([]);
    expect(ok.model!.nodes.review).toMatchObject({ kind: 'subProcess', startNode: 'is', boundaries: ['late'] });
    expect(ok.model!.nodes.t).toMatchObject({ kind: 'userTask', scope: 'review' });
    expect(ok.model!.nodes.s).not.toHaveProperty('scope');

    // a flow from inside to outside, no start inside, two starts inside, an event subprocess
    const crossing = await compile(sub(`${inside}<bpmn:sequenceFlow id="out" sourceRef="t" targetRef="e"/>`));
    expect(codes(crossing)).toContain('FLOW_CROSSES_SCOPE@out');
    const noStart = await compile(sub('<bpmn:userTask id="t" ggzy:candidateRole="staff"/><bpmn:sequenceFlow id="i2" sourceRef="t" targetRef="ie"/><bpmn:endEvent id="ie"/>'));
    expect(codes(noStart)).toContain('SUBPROCESS_START@review');
    const twoStarts = await compile(sub(`${inside}<bpmn:startEvent id="is2"/><bpmn:sequenceFlow id="i3" sourceRef="is2" targetRef="t"/>`));
    expect(codes(twoStarts)).toContain('SUBPROCESS_START@review');
    const stuck = await compile(sub(`${inside}<bpmn:userTask id="dead" ggzy:candidateRole="staff"/><bpmn:sequenceFlow id="i4" sourceRef="is" targetRef="dead"/>`));
    expect(codes(stuck)).toContain('NO_OUTGOING@dead');
    // drawn as an event subprocess, the same box may have no flows, no boundary, and needs a start with a trigger
    const eventSub = await compile(sub(inside, ' triggeredByEvent="true"'));
    expect(codes(eventSub)).toEqual(expect.arrayContaining(['EVENT_SUBPROCESS_FLOWS@review', 'EVENT_SUBPROCESS_START@review', 'BOUNDARY_NOT_ALLOWED@late']));
  });

  test('ad-hoc subprocesses: activatable elements, flows that end anywhere inside, no start or end events, Camunda 8 bindings read', async () => {
    const adHoc = (inner: NodeSpecList, flows: Array<[string, string]> = [], adHocSpec: Record<string, unknown> = { activeElements: "['a']" }) => buildBpmn({
      id: 'adhoc', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'sub', type: 'subProcess', adHoc: adHocSpec, nodes: inner, flows }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'sub'], ['sub', 'end']],
    });
    const a = { id: 'a', type: 'userTask' as const, role: 'staff' };
    const b = { id: 'b', type: 'serviceTask' as const, taskType: 'demo.echo' };
    const ok = await compile(adHoc([a, b], [['a', 'b']], { activeElements: "['a']", completionCondition: 'done == true', cancelRemaining: false }));
    expect(ok.errors).toEqual([]);
    expect(ok.model!.nodes.sub).toMatchObject({ kind: 'subProcess', startNode: '', adHoc: { activeElements: "['a']", completionCondition: 'done == true', cancelRemaining: false } });
    expect(adHocEntries(ok.model!, 'sub')).toEqual(['a']); // b has a flow into it: not activated on its own
    // as Camunda 8 writes it: zeebe:adHoc and a FEEL condition, read as the platform's expressions, with a warning
    const zeebe = await compile(adHoc([a], [], { activeElements: "['a']", completionCondition: 'done == true', zeebe: true }));
    expect(zeebe.errors).toEqual([]);
    expect(zeebe.warnings.map((w) => w.code)).toContain('FOREIGN_EXPRESSION_READ');
    expect(zeebe.model!.nodes.sub).toMatchObject({ adHoc: { activeElements: "['a']", completionCondition: 'done == true', cancelRemaining: true } });
    // no start or end events inside, at least one activity, expressions that parse
    const events = await compile(adHoc([{ id: 'is', type: 'startEvent' }, a, { id: 'ie', type: 'endEvent' }], [['is', 'a'], ['a', 'ie']]));
    expect(codes(events)).toEqual(expect.arrayContaining(['ADHOC_EVENTS@ie', 'ADHOC_EVENTS@is']));
    const empty = await compile(adHoc([]));
    expect(codes(empty)).toContain('ADHOC_EMPTY@sub');
    const bad = await compile(adHoc([a], [], { activeElements: "['a'" }));
    expect(codes(bad)).toContain('BAD_EXPRESSION@sub');
  });

  test('timer start cycles: cron expressions as Camunda 8 writes them and cycles from a start date; not elsewhere, not working days', async () => {
    const starter = (cycle: string, calendar?: 'working') => buildBpmn({
      id: 'cron', nodes: [{ id: 'tick', type: 'timerStart', cycle }, { id: 'do', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }], flows: [['tick', 'do'], ['do', 'end']],
    }).replace(calendar ? '<bpmn:timerEventDefinition>' : '\u0000', '<bpmn:timerEventDefinition ggzy:calendar="working">');
    for (const cycle of ['0 0 9 * * MON-FRI', '0 */15 8-17 ? * 1-5', '@daily', 'R/2027-03-01T09:00:00+08:00/P7D', 'R3/PT6H']) {
      const r = await compile(starter(cycle));
      expect({ cycle, errors: r.errors }).toEqual({ cycle, errors: [] });
      expect(timerStartPlan((r.model!.nodes.tick as { trigger: { timer: never } }).trigger.timer)).not.toBeNull();
    }
    expect(timerStartPlan({ type: 'cycle', value: '0 0 9 * * MON-FRI', calendar: 'calendar' })).toEqual({ kind: 'cron', cron: '0 0 9 * * MON-FRI *', timezone: 'Asia/Shanghai', times: null });
    expect(timerStartPlan({ type: 'cycle', value: 'R/2027-03-01T09:00:00+08:00/P7D', calendar: 'calendar' })).toMatchObject({ kind: 'every', everyMs: 7 * 86_400_000, times: null, startMs: Date.parse('2027-03-01T09:00:00+08:00') });
    // Spring's last day (L) and nth weekday (#), a field out of range, five fields: not schedules
    for (const cycle of ['0 0 9 L * *', '0 0 9 ? * MON#2', '0 0 25 * * *', '0 9 * * 1']) expect(codes(await compile(starter(cycle))).length).toBeGreaterThan(0);
    // every working day is a daily schedule that skips days off; a longer step or a count of working days is none
    expect((await compile(starter('R/P1D', 'working'))).errors).toEqual([]);
    expect(timerStartPlan({ type: 'cycle', value: 'R/2027-03-01T09:00:00+08:00/P1D', calendar: 'working' })).toEqual({ kind: 'every', everyMs: 86_400_000, times: null, workingDaysOnly: true, startMs: Date.parse('2027-03-01T09:00:00+08:00') });
    for (const cycle of ['R/P2D', 'R5/P1D', 'R/PT12H']) expect(codes(await compile(starter(cycle, 'working')))).toContain('TIMER_START_UNSUPPORTED@tick');
    // months and years on the start's day: a divisor of a year or whole years; not from the 29th on, not mixed with days
    expect(timerStartPlan({ type: 'cycle', value: 'R4/2027-01-15T09:00:00+08:00/P3M', calendar: 'calendar' })).toEqual({ kind: 'monthly', months: 3, times: 4, startMs: Date.parse('2027-01-15T09:00:00+08:00') });
    expect(timerStartPlan({ type: 'cycle', value: 'R/P1Y', calendar: 'calendar' })).toEqual({ kind: 'monthly', months: 12, times: null, startMs: null });
    for (const cycle of ['R/P5M', 'R/2027-01-31T09:00:00+08:00/P1M', 'R/P1M2D']) expect(codes(await compile(starter(cycle)))).toContain('TIMER_START_UNSUPPORTED@tick');
    // a cron on a boundary timer is taken (the workflow computes its times); a start date is not
    const boundary = (cycle: string) => buildBpmn({
      id: 'b', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'task', type: 'userTask', role: 'staff' }, { id: 'remind', type: 'boundaryTimer', attachedTo: 'task', cycle, interrupting: false }, { id: 'end', type: 'endEvent' }, { id: 'end2', type: 'endEvent' }],
      flows: [['start', 'task'], ['task', 'end'], ['remind', 'end2']],
    });
    expect((await compile(boundary('0 0 9 * * *'))).errors).toEqual([]);
    expect(codes(await compile(boundary('R/2027-03-01T09:00:00+08:00/P1D')))).toContain('BAD_DURATION@remind');
    expect((await compile(boundary('R/P1D'))).errors).toEqual([]);
  });

  test('the next time of a cron expression, in China Standard Time', () => {
    const cst = (iso: string) => Date.parse(`${iso}+08:00`);
    const next = (cron: string, after: string) => new Date(nextCronTime(cronSchedule(cron)!, cst(after))! + 8 * 3_600_000).toISOString().slice(0, 19);
    expect(next('0 0 9 * * MON-FRI', '2026-12-04T10:00:00')).toBe('2026-12-07T09:00:00'); // Friday after nine: Monday
    expect(next('0 0 9 * * MON-FRI', '2026-12-07T08:59:59')).toBe('2026-12-07T09:00:00');
    expect(next('0 0 9 * * MON-FRI', '2026-12-07T09:00:00')).toBe('2026-12-08T09:00:00'); // strictly after
    expect(next('0 */15 8-17 ? * *', '2026-12-07T17:50:00')).toBe('2026-12-08T08:00:00');
    expect(next('30 0 0 1 JAN *', '2026-06-01T00:00:00')).toBe('2027-01-01T00:00:30');
    expect(next('@monthly', '2027-01-31T12:00:00')).toBe('2027-02-01T00:00:00');
    expect(next('0 0 12 29 2 *', '2027-03-01T00:00:00')).toBe('2028-02-29T12:00:00'); // the next leap day
  });

  test('script and business rule tasks done by a job worker (Camunda 8) run as catalog activities: a task type to bind', async () => {
    const worker = (tag: 'scriptTask' | 'businessRuleTask', attrs = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="w"/>
    <bpmn:${tag} id="w"${attrs}><bpmn:extensionElements><zeebe:taskDefinition type="calc-fee"/></bpmn:extensionElements></bpmn:${tag}>
    <bpmn:sequenceFlow id="f2" sourceRef="w" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;
    for (const tag of ['scriptTask', 'businessRuleTask'] as const) {
      const unbound = await compile(worker(tag));
      expect(unbound.errors.map((e) => [e.code, e.category])).toEqual([['MISSING_BINDING', 'binding']]);
      const bound = await compile(worker(tag, ' ggzy:taskType="fees.charge"'));
      expect(bound.errors).toEqual([]);
      expect(bound.model!.nodes.w).toMatchObject({ kind: 'serviceTask', taskType: 'fees.charge' });
    }
  });

  test('receive tasks are activities: multi-instance with a key per instance, boundary events; not so after an event-based gateway', async () => {
    const recv = { id: 'answers', type: 'receiveTask' as const, message: 'bidder-answer', correlationKey: 'b', mi: { collection: 'invited', element: 'b' } };
    const timerOn = { id: 'late', type: 'boundaryTimer' as const, attachedTo: 'answers', duration: 'P2D' };
    const ok = await compile(buildBpmn({ id: 'recv', nodes: [{ id: 'start', type: 'startEvent' }, recv, timerOn, { id: 'end', type: 'endEvent' }, { id: 'end2', type: 'endEvent' }], flows: [['start', 'answers'], ['answers', 'end'], ['late', 'end2']] }));
    expect(ok.errors).toEqual([]);
    expect(ok.model!.nodes.answers).toMatchObject({ kind: 'messageCatch', element: 'receiveTask', correlationKey: 'b', boundaries: ['late'], multiInstance: { collection: 'invited', elementVariable: 'b' } });
    // after an event-based gateway a receive task waits once, with nothing attached
    const gated = await compile(buildBpmn({
      id: 'gated', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'gw', type: 'eventBasedGateway' }, recv, { id: 'wait', type: 'timerCatch', duration: 'P1D' }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'gw'], ['gw', 'answers'], ['gw', 'wait'], ['answers', 'end'], ['wait', 'end']],
    }));
    expect(codes(gated)).toContain('EVENT_GATEWAY_TARGET@gw');
    // Camunda 8's subscription on the message gives the key, read as the platform's expression
    const zeebe = await compile(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:message id="m" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="r"/>
    <bpmn:receiveTask id="r" messageRef="m"/><bpmn:sequenceFlow id="f2" sourceRef="r" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`);
    expect(zeebe.model!.nodes.r).toMatchObject({ kind: 'messageCatch', correlationKey: 'orderId' });
    expect(zeebe.warnings.map((w) => w.code)).toContain('FOREIGN_EXPRESSION_READ');
  });

  test('signal start events of the process: beside the none start or instead of it; one none start at most', async () => {
    const signalStart = (id: string) => ({ id, type: 'signalStart' as const, signal: '政策调整' });
    const task = { id: 'recheck', type: 'userTask' as const, role: 'staff' };
    // only a signal start: its start event is the model's startNode, and the graph is walked from it
    const only = await compile(buildBpmn({ id: 'on_signal', nodes: [signalStart('onPolicy'), task, { id: 'end', type: 'endEvent' }], flows: [['onPolicy', 'recheck'], ['recheck', 'end']] }));
    expect(only.errors).toEqual([]);
    expect(only.model!.startNode).toBe('onPolicy');
    expect(only.model!.nodes.onPolicy).toMatchObject({ kind: 'startEvent', trigger: { type: 'signal', signal: '政策调整' } });
    // beside a none start: the none start stays the startNode; what only the signal start reaches is reachable
    const both = await compile(buildBpmn({
      id: 'both', nodes: [{ id: 'start', type: 'startEvent' }, signalStart('onPolicy'), task, { id: 'direct', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'direct'], ['direct', 'end'], ['onPolicy', 'recheck'], ['recheck', 'end']],
    }));
    expect(both.errors).toEqual([]);
    expect(both.model!.startNode).toBe('start');
    // two none starts are still refused, a signal start beside them or not
    const twoNone = await compile(buildBpmn({
      id: 'two', nodes: [{ id: 's1', type: 'startEvent' }, { id: 's2', type: 'startEvent' }, signalStart('onPolicy'), { id: 'end', type: 'endEvent' }],
      flows: [['s1', 'end'], ['s2', 'end'], ['onPolicy', 'end']],
    }));
    expect(codes(twoNone)).toEqual(['MULTIPLE_START_EVENTS@s1', 'MULTIPLE_START_EVENTS@s2']);
  });

  test('timer start events of the process: a literal date or a cycle; anything else refused by name', async () => {
    const timed = (start: Record<string, string>) => compile(buildBpmn({
      id: 'timed', nodes: [{ id: 'tick', type: 'timerStart', ...start }, { id: 'inspect', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }],
      flows: [['tick', 'inspect'], ['inspect', 'end']],
    }));
    const daily = await timed({ cycle: 'R/P1D' });
    expect(daily.errors).toEqual([]);
    expect(daily.model!.nodes.tick).toMatchObject({ kind: 'startEvent', trigger: { type: 'timer', timer: { type: 'cycle', value: 'R/P1D' } } });
    expect((await timed({ date: '2027-03-01T09:00:00+08:00' })).errors).toEqual([]);
    expect(codes(await timed({ cycle: 'R/P1M1D' }))).toEqual(['TIMER_START_UNSUPPORTED@tick']);
    expect(codes(await timed({ date: '${planDate}' }))).toEqual(['TIMER_START_UNSUPPORTED@tick']);
    expect(timerStartPlan({ type: 'cycle', value: 'R4/PT6H', calendar: 'calendar' })).toEqual({ kind: 'every', everyMs: 6 * 3_600_000, times: 4 });
    expect(timerStartPlan({ type: 'cycle', value: 'R/P2D', calendar: 'working' })).toBeNull();
    expect(timerStartPlan({ type: 'duration', value: 'P1D', calendar: 'calendar' })).toBeNull();
  });

  test('an intermediate message throw event runs the catalog activity it names, and needs one', async () => {
    const throwing = (extra: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="d" targetNamespace="urn:t">
  <bpmn:message id="m" name="bidders_notified"/>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="notify"/>
    <bpmn:intermediateThrowEvent id="notify"${extra}><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="notify" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;
    const sent = await compile(throwing(' ggzy:taskType="demo.echo"'));
    expect(sent.errors).toEqual([]);
    expect(sent.model!.nodes.notify).toMatchObject({ kind: 'serviceTask', taskType: 'demo.echo' });
    expect(codes(await compile(throwing('')))).toEqual(['MISSING_BINDING@notify']);
  });

  test('BPMN from other modelers compiles or is reported element by element', async () => {
    const results: Record<string, string[]> = {};
    for (const file of readdirSync(foreignDir).sort()) {
      const result = await compile(readFileSync(path.join(foreignDir, file), 'utf8'));
      results[file] = result.model ? ['compiles'] : codes(result);
      for (const e of result.errors) expect(e.element === null ? e.code : 'has element').toBe('has element');
    }
    expect(results).toEqual({
      'bizagi.bpmn': ['MISSING_BINDING@b_user'],
      'camunda7.bpmn': ['MISSING_BINDING@Task_approve', 'MISSING_BINDING@Task_check', 'SCRIPT_FORMAT_UNSUPPORTED@Task_script'],
      'flowable.bpmn': ['compiles'],
      'signavio.bpmn': ['compiles'], // an undefined task passes through (with a warning), as in Camunda 8
      'zeebe.bpmn': ['MISSING_BINDING@charge'],
    });
  });

  test("a foreign model's problems say what is missing for it to run here apart from what the engine cannot run", async () => {
    const camunda7 = await compile(readFileSync(path.join(foreignDir, 'camunda7.bpmn'), 'utf8'));
    expect(camunda7.errors.map((e) => `${e.category}:${e.code}@${e.element}`).sort()).toEqual([
      'binding:MISSING_BINDING@Task_approve', 'binding:MISSING_BINDING@Task_check', 'unsupported:SCRIPT_FORMAT_UNSUPPORTED@Task_script',
    ]);
    const zeebe = await compile(readFileSync(path.join(foreignDir, 'zeebe.bpmn'), 'utf8'));
    expect(zeebe.errors.map((e) => e.category)).toEqual(['binding']);
    expect(zeebe.warnings.filter((w) => w.code === 'IGNORED_EXTENSION').map((w) => w.category)).toEqual(expect.arrayContaining(['binding']));
    const broken = await compile('<nope/>');
    expect(broken.errors.map((e) => e.category)).toEqual(['document']);
  });

  test('fuzzing: 300 mutations of a valid model never throw and always answer a model or errors', async () => {
    const base = readFileSync(path.join(conformanceDir, 'parallel_fork_join.bpmn'), 'utf8');
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 300; i++) {
      let xml = base;
      const op = i % 4;
      const at = Math.floor(random() * xml.length);
      if (op === 0) xml = xml.slice(0, at);
      else if (op === 1) xml = xml.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + xml.slice(at + 1);
      else if (op === 2) xml = xml.slice(0, at) + xml.slice(at + Math.floor(random() * 200));
      else xml = xml.slice(0, at) + '<bpmn:task id="x"/>' + xml.slice(at);
      const result = await compileBpmn(xml);
      expect(result.model !== null || result.errors.length > 0).toBe(true);
    }
  });
});
