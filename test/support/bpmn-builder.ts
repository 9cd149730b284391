// Writes real BPMN 2.0 XML (with diagram interchange, so it opens in a modeler) from a compact description.
// Fixtures are authored with it and committed as .bpmn files.

/** A node; `nameEn` is its English name (ggzy:nameEn), beside `name`. */
export type NodeSpec = (
  | { id: string; type: 'startEvent'; formKey?: string; name?: string }
  | { id: string; type: 'endEvent' | 'terminateEndEvent' | 'intermediateThrowEvent'; name?: string }
  | { id: string; type: 'errorEndEvent'; errorCode: string; name?: string }
  | { id: string; type: 'compensateEndEvent' | 'compensateThrowEvent'; activityRef?: string; name?: string }
  | { id: string; type: 'serviceTask'; taskType: string; inputs?: Record<string, string>; resultVariable?: string; retry?: number; forCompensation?: boolean; mi?: MiSpec; name?: string }
  | { id: string; type: 'userTask'; role: string; formKey?: string; due?: string; calendar?: 'working'; assignee?: string; returnTargets?: string; mi?: MiSpec; name?: string }
  | { id: string; type: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway' | 'eventBasedGateway'; default?: string; name?: string }
  | { id: string; type: 'timerCatch'; duration?: string; date?: string; cycle?: string; calendar?: 'working'; name?: string }
  | { id: string; type: 'messageCatch'; message: string; correlationKey?: string; name?: string }
  | { id: string; type: 'receiveTask'; message: string; correlationKey?: string; mi?: MiSpec; name?: string }
  | { id: string; type: 'callActivity'; calledElement: string; inputs?: Record<string, string>; outputs?: Record<string, string>; mi?: MiSpec; name?: string }
  | { id: string; type: 'boundaryTimer'; attachedTo: string; duration?: string; date?: string; cycle?: string; interrupting?: boolean; calendar?: 'working'; name?: string }
  | { id: string; type: 'boundaryMessage'; attachedTo: string; message: string; interrupting?: boolean; name?: string }
  | { id: string; type: 'boundaryError'; attachedTo: string; errorCode?: string; name?: string }
  | { id: string; type: 'boundaryCompensation'; attachedTo: string; handler: string; name?: string }
  | { id: string; type: 'task' | 'manualTask'; mi?: MiSpec; name?: string }
  | { id: string; type: 'scriptTask'; script: string; resultVariable: string; mi?: MiSpec; name?: string }
  | { id: string; type: 'sendTask'; taskType: string; inputs?: Record<string, string>; name?: string }
  | { id: string; type: 'linkThrow' | 'linkCatch'; link: string; name?: string }
  | { id: string; type: 'conditionalCatch'; condition: string; name?: string }
  | { id: string; type: 'signalCatch' | 'signalThrow' | 'signalEndEvent' | 'signalStart'; signal: string; name?: string }
  | { id: string; type: 'messageStart'; message: string; name?: string }
  | { id: string; type: 'timerStart'; date?: string; cycle?: string; name?: string }
  | { id: string; type: 'messageThrow' | 'messageEndEvent'; message: string; taskType: string; inputs?: Record<string, string>; name?: string }
  | { id: string; type: 'boundarySignal'; attachedTo: string; signal: string; interrupting?: boolean; name?: string }
  | { id: string; type: 'boundaryConditional'; attachedTo: string; condition: string; interrupting?: boolean; name?: string }
  | {
    id: string; type: 'subProcess'; nodes: NodeSpec[]; flows: FlowSpec[]; inputs?: Record<string, string>; outputs?: Record<string, string>; mi?: MiSpec; triggeredByEvent?: boolean; name?: string;
    /** An ad-hoc subprocess; `zeebe`: its active elements as Camunda 8 writes them (zeebe:adHoc, a FEEL expression). */
    adHoc?: { activeElements?: string; completionCondition?: string; cancelRemaining?: boolean; zeebe?: boolean };
  }
  /** The start event of an event subprocess: `value` is the timer duration, message, signal, condition, error or escalation code. */
  | { id: string; type: 'triggeredStart'; trigger: 'timer' | 'message' | 'signal' | 'conditional' | 'error' | 'escalation'; value?: string; interrupting?: boolean; name?: string }
  | { id: string; type: 'escalationThrow' | 'escalationEndEvent'; escalation: string; name?: string }
  | { id: string; type: 'businessRuleTask'; decisionRef: string; resultVariable: string; mi?: MiSpec; name?: string }
  | { id: string; type: 'boundaryEscalation'; attachedTo: string; escalation?: string; interrupting?: boolean; name?: string }
  | { id: string; type: 'raw'; xml: string }
) & { nameEn?: string };

export interface MiSpec { sequential?: boolean; collection?: string; cardinality?: string; element?: string; completion?: string; outputCollection?: string; outputElement?: string }

export type FlowSpec = [from: string, to: string, condition?: string] | { id: string; from: string; to: string; condition?: string };

export interface ProcessSpec { id: string; name?: string; nameEn?: string; procedureKind?: string; nodes: NodeSpec[]; flows: FlowSpec[] }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attr = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${esc(value)}"`);

function flowId(f: FlowSpec): string {
  return Array.isArray(f) ? `flow_${f[0]}_${f[1]}` : f.id;
}
function flowParts(f: FlowSpec) {
  return Array.isArray(f) ? { id: flowId(f), from: f[0], to: f[1], condition: f[2] } : f;
}

function mi(spec: MiSpec | undefined): string {
  if (!spec) return '';
  return `<bpmn:multiInstanceLoopCharacteristics${attr('isSequential', spec.sequential ? 'true' : undefined)}${attr('ggzy:collection', spec.collection)}${attr('ggzy:elementVariable', spec.element)}${attr('ggzy:outputCollection', spec.outputCollection)}${attr('ggzy:outputElement', spec.outputElement)}>${spec.cardinality ? `<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">${esc(spec.cardinality)}</bpmn:loopCardinality>` : ''}${spec.completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${esc(spec.completion)}</bpmn:completionCondition>` : ''}</bpmn:multiInstanceLoopCharacteristics>`;
}

function mappings(tag: 'inputs' | 'outputs', values?: Record<string, string>): string {
  if (!values || !Object.keys(values).length) return '';
  return `<bpmn:extensionElements><ggzy:${tag}>${Object.entries(values).map(([n, v]) => `<ggzy:mapping name="${esc(n)}" value="${esc(v)}"/>`).join('')}</ggzy:${tag}></bpmn:extensionElements>`;
}

function timer(duration?: string, date?: string, cycle?: string, calendar?: string): string {
  return `<bpmn:timerEventDefinition${attr('ggzy:calendar', calendar)}>${duration ? `<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${esc(duration)}</bpmn:timeDuration>` : ''}${date ? `<bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(date)}</bpmn:timeDate>` : ''}${cycle ? `<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${esc(cycle)}</bpmn:timeCycle>` : ''}</bpmn:timerEventDefinition>`;
}

export function buildBpmn(spec: ProcessSpec): string {
  const messages = new Set<string>();
  const signals = new Set<string>();
  const signalDef = (signal: string) => {
    signals.add(signal);
    return `<bpmn:signalEventDefinition signalRef="Signal_${[...signals].indexOf(signal)}"/>`;
  };
  const errors = new Set<string>();
  const escalations = new Set<string>();
  const escalationDef = (code: string | undefined) => {
    if (code === undefined) return '<bpmn:escalationEventDefinition/>';
    escalations.add(code);
    return `<bpmn:escalationEventDefinition escalationRef="Escalation_${[...escalations].indexOf(code)}"/>`;
  };
  const associations: string[] = [];
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  // the flows of every level: the process's and those drawn inside its subprocesses
  const everyFlow = (nodes: NodeSpec[], flows: FlowSpec[]): FlowSpec[] => [...flows, ...nodes.flatMap((n) => (n.type === 'subProcess' ? everyFlow(n.nodes, n.flows) : []))];
  for (const f of everyFlow(spec.nodes, spec.flows).map(flowParts)) {
    outgoing.set(f.from, [...(outgoing.get(f.from) ?? []), f.id]);
    incoming.set(f.to, [...(incoming.get(f.to) ?? []), f.id]);
  }
  const io = (id: string) => [...(incoming.get(id) ?? []).map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`), ...(outgoing.get(id) ?? []).map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`)].join('');
  const renderFlows = (flows: FlowSpec[]) => flows.map(flowParts).map((f) => f.condition
    ? `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"/>`).join('\n    ');
  const renderNode = (n: NodeSpec): string => {
    const name = ('name' in n ? attr('name', n.name) : '') + ('nameEn' in n ? attr('ggzy:nameEn', n.nameEn) : '');
    switch (n.type) {
      case 'raw': return n.xml;
      case 'triggeredStart': {
        const interrupting = n.interrupting === false ? ' isInterrupting="false"' : '';
        const def = n.trigger === 'timer' ? timer(n.value)
          : n.trigger === 'message' ? (messages.add(n.value!), `<bpmn:messageEventDefinition messageRef="Message_${n.value}"/>`)
            : n.trigger === 'signal' ? signalDef(n.value!)
              : n.trigger === 'conditional' ? `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${esc(n.value!)}</bpmn:condition></bpmn:conditionalEventDefinition>`
                : n.trigger === 'error' ? (n.value ? (errors.add(n.value), `<bpmn:errorEventDefinition errorRef="Error_${n.value}"/>`) : '<bpmn:errorEventDefinition/>')
                  : escalationDef(n.value);
        return `<bpmn:startEvent id="${n.id}"${name}${interrupting}>${io(n.id)}${def}</bpmn:startEvent>`;
      }
      case 'businessRuleTask': return `<bpmn:businessRuleTask id="${n.id}"${name} ggzy:decisionRef="${esc(n.decisionRef)}" ggzy:resultVariable="${esc(n.resultVariable)}">${io(n.id)}${mi(n.mi)}</bpmn:businessRuleTask>`;
      case 'escalationThrow': return `<bpmn:intermediateThrowEvent id="${n.id}"${name}>${io(n.id)}${escalationDef(n.escalation)}</bpmn:intermediateThrowEvent>`;
      case 'escalationEndEvent': return `<bpmn:endEvent id="${n.id}"${name}>${io(n.id)}${escalationDef(n.escalation)}</bpmn:endEvent>`;
      case 'boundaryEscalation': return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}"${n.interrupting === false ? ' cancelActivity="false"' : ''}>${io(n.id)}${escalationDef(n.escalation)}</bpmn:boundaryEvent>`;
      case 'subProcess': {
        const tag = n.adHoc ? 'adHocSubProcess' : 'subProcess';
        const adHoc = n.adHoc ?? {};
        const adHocAttrs = `${adHoc.activeElements && !adHoc.zeebe ? attr('ggzy:activeElements', adHoc.activeElements) : ''}${adHoc.cancelRemaining === false ? ' cancelRemainingInstances="false"' : ''}`;
        const zeebe = adHoc.activeElements && adHoc.zeebe ? `<zeebe:adHoc xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" activeElementsCollection="=${esc(adHoc.activeElements)}"/>` : '';
        const extensions = `${mappings('inputs', n.inputs).replace(/<\/?bpmn:extensionElements>/g, '')}${mappings('outputs', n.outputs).replace(/<\/?bpmn:extensionElements>/g, '')}${zeebe}`;
        const completion = adHoc.completionCondition ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${adHoc.zeebe ? '=' : ''}${esc(adHoc.completionCondition)}</bpmn:completionCondition>` : '';
        return `<bpmn:${tag} id="${n.id}"${name}${n.triggeredByEvent ? ' triggeredByEvent="true"' : ''}${adHocAttrs}>${extensions ? `<bpmn:extensionElements>${extensions}</bpmn:extensionElements>` : ''}${io(n.id)}${mi(n.mi)}
    ${n.nodes.map(renderNode).join('\n    ')}
    ${renderFlows(n.flows)}${completion}
    </bpmn:${tag}>`;
      }
      case 'startEvent': return `<bpmn:startEvent id="${n.id}"${name}${attr('ggzy:formKey', n.formKey)}>${io(n.id)}</bpmn:startEvent>`;
      case 'endEvent': return `<bpmn:endEvent id="${n.id}"${name}>${io(n.id)}</bpmn:endEvent>`;
      case 'terminateEndEvent': return `<bpmn:endEvent id="${n.id}"${name}>${io(n.id)}<bpmn:terminateEventDefinition/></bpmn:endEvent>`;
      case 'intermediateThrowEvent': return `<bpmn:intermediateThrowEvent id="${n.id}"${name}>${io(n.id)}</bpmn:intermediateThrowEvent>`;
      case 'errorEndEvent': errors.add(n.errorCode); return `<bpmn:endEvent id="${n.id}"${name}>${io(n.id)}<bpmn:errorEventDefinition errorRef="Error_${n.errorCode}"/></bpmn:endEvent>`;
      case 'compensateEndEvent': return `<bpmn:endEvent id="${n.id}"${name}>${io(n.id)}<bpmn:compensateEventDefinition${attr('activityRef', n.activityRef)}/></bpmn:endEvent>`;
      case 'compensateThrowEvent': return `<bpmn:intermediateThrowEvent id="${n.id}"${name}>${io(n.id)}<bpmn:compensateEventDefinition${attr('activityRef', n.activityRef)}/></bpmn:intermediateThrowEvent>`;
      case 'serviceTask': return `<bpmn:serviceTask id="${n.id}"${name} ggzy:taskType="${esc(n.taskType)}"${attr('ggzy:resultVariable', n.resultVariable)}${attr('ggzy:retryMaxAttempts', n.retry?.toString())}${n.forCompensation ? ' isForCompensation="true"' : ''}>${mappings('inputs', n.inputs)}${io(n.id)}${mi(n.mi)}</bpmn:serviceTask>`;
      case 'userTask': return `<bpmn:userTask id="${n.id}"${name} ggzy:candidateRole="${esc(n.role)}"${attr('ggzy:formKey', n.formKey)}${attr('ggzy:dueDuration', n.due)}${attr('ggzy:calendar', n.calendar)}${attr('ggzy:assignee', n.assignee)}${attr('ggzy:returnTargets', n.returnTargets)}>${io(n.id)}${mi(n.mi)}</bpmn:userTask>`;
      case 'exclusiveGateway': case 'inclusiveGateway': case 'parallelGateway': case 'eventBasedGateway':
        return `<bpmn:${n.type} id="${n.id}"${name}${'default' in n ? attr('default', n.default) : ''}>${io(n.id)}</bpmn:${n.type}>`;
      case 'timerCatch': return `<bpmn:intermediateCatchEvent id="${n.id}"${name}>${io(n.id)}${timer(n.duration, n.date, n.cycle, n.calendar)}</bpmn:intermediateCatchEvent>`;
      case 'receiveTask': messages.add(n.message); return `<bpmn:receiveTask id="${n.id}"${name} messageRef="Message_${n.message}"${attr('ggzy:correlationKey', n.correlationKey)}>${io(n.id)}${mi(n.mi)}</bpmn:receiveTask>`;
      case 'messageCatch': messages.add(n.message); return `<bpmn:intermediateCatchEvent id="${n.id}"${name}>${io(n.id)}<bpmn:messageEventDefinition messageRef="Message_${n.message}"${attr('ggzy:correlationKey', n.correlationKey)}/></bpmn:intermediateCatchEvent>`;
      case 'task': case 'manualTask': return `<bpmn:${n.type} id="${n.id}"${name}>${io(n.id)}${mi(n.mi)}</bpmn:${n.type}>`;
      case 'scriptTask': return `<bpmn:scriptTask id="${n.id}"${name} ggzy:resultVariable="${esc(n.resultVariable)}">${io(n.id)}${mi(n.mi)}<bpmn:script>${esc(n.script)}</bpmn:script></bpmn:scriptTask>`;
      case 'sendTask': return `<bpmn:sendTask id="${n.id}"${name} ggzy:taskType="${esc(n.taskType)}">${mappings('inputs', n.inputs)}${io(n.id)}</bpmn:sendTask>`;
      case 'linkThrow': return `<bpmn:intermediateThrowEvent id="${n.id}"${name}>${io(n.id)}<bpmn:linkEventDefinition id="${n.id}_link" name="${esc(n.link)}"/></bpmn:intermediateThrowEvent>`;
      case 'linkCatch': return `<bpmn:intermediateCatchEvent id="${n.id}"${name}>${io(n.id)}<bpmn:linkEventDefinition id="${n.id}_link" name="${esc(n.link)}"/></bpmn:intermediateCatchEvent>`;
      case 'signalCatch': return `<bpmn:intermediateCatchEvent id="${n.id}"${name}>${io(n.id)}${signalDef(n.signal)}</bpmn:intermediateCatchEvent>`;
      case 'signalThrow': return `<bpmn:intermediateThrowEvent id="${n.id}"${name}>${io(n.id)}${signalDef(n.signal)}</bpmn:intermediateThrowEvent>`;
      case 'signalEndEvent': return `<bpmn:endEvent id="${n.id}"${name}>${io(n.id)}${signalDef(n.signal)}</bpmn:endEvent>`;
      case 'messageStart': messages.add(n.message); return `<bpmn:startEvent id="${n.id}"${name}>${io(n.id)}<bpmn:messageEventDefinition messageRef="Message_${n.message}"/></bpmn:startEvent>`;
      case 'messageThrow': messages.add(n.message); return `<bpmn:intermediateThrowEvent id="${n.id}"${name} ggzy:taskType="${esc(n.taskType)}">${mappings('inputs', n.inputs)}${io(n.id)}<bpmn:messageEventDefinition messageRef="Message_${n.message}"/></bpmn:intermediateThrowEvent>`;
      case 'messageEndEvent': messages.add(n.message); return `<bpmn:endEvent id="${n.id}"${name} ggzy:taskType="${esc(n.taskType)}">${mappings('inputs', n.inputs)}${io(n.id)}<bpmn:messageEventDefinition messageRef="Message_${n.message}"/></bpmn:endEvent>`;
      case 'timerStart': return `<bpmn:startEvent id="${n.id}"${name}>${io(n.id)}${timer(undefined, n.date, n.cycle)}</bpmn:startEvent>`;
      case 'signalStart': return `<bpmn:startEvent id="${n.id}"${name}>${io(n.id)}${signalDef(n.signal)}</bpmn:startEvent>`;
      case 'boundarySignal': return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}"${n.interrupting === false ? ' cancelActivity="false"' : ''}>${io(n.id)}${signalDef(n.signal)}</bpmn:boundaryEvent>`;
      case 'conditionalCatch': return `<bpmn:intermediateCatchEvent id="${n.id}"${name}>${io(n.id)}<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${esc(n.condition)}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`;
      case 'boundaryConditional': return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}"${n.interrupting === false ? ' cancelActivity="false"' : ''}>${io(n.id)}<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${esc(n.condition)}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>`;
      case 'callActivity': return `<bpmn:callActivity id="${n.id}"${name} calledElement="${esc(n.calledElement)}">${n.inputs || n.outputs ? `<bpmn:extensionElements>${mappings('inputs', n.inputs).replace(/<\/?bpmn:extensionElements>/g, '')}${mappings('outputs', n.outputs).replace(/<\/?bpmn:extensionElements>/g, '')}</bpmn:extensionElements>` : ''}${io(n.id)}${mi(n.mi)}</bpmn:callActivity>`;
      case 'boundaryTimer': return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}"${n.interrupting === false ? ' cancelActivity="false"' : ''}>${io(n.id)}${timer(n.duration, n.date, n.cycle, n.calendar)}</bpmn:boundaryEvent>`;
      case 'boundaryMessage': messages.add(n.message); return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}"${n.interrupting === false ? ' cancelActivity="false"' : ''}>${io(n.id)}<bpmn:messageEventDefinition messageRef="Message_${n.message}"/></bpmn:boundaryEvent>`;
      case 'boundaryError': if (n.errorCode) errors.add(n.errorCode); return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}">${io(n.id)}<bpmn:errorEventDefinition${n.errorCode ? ` errorRef="Error_${n.errorCode}"` : ''}/></bpmn:boundaryEvent>`;
      case 'boundaryCompensation':
        associations.push(`<bpmn:association id="Assoc_${n.id}" associationDirection="One" sourceRef="${n.id}" targetRef="${n.handler}"/>`);
        return `<bpmn:boundaryEvent id="${n.id}"${name} attachedToRef="${n.attachedTo}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>`;
    }
  };
  const body = spec.nodes.map(renderNode).join('\n    ');
  const flows = renderFlows(spec.flows);

  // diagram: a simple layered layout, so the file opens in any modeler
  const layer = new Map<string, number>();
  const ids = spec.nodes.filter((n) => n.type !== 'raw').map((n) => n.id);
  const start = spec.nodes.find((n) => n.type === 'startEvent')?.id;
  if (start) {
    layer.set(start, 0);
    const queue = [start];
    while (queue.length) {
      const id = queue.shift()!;
      for (const f of spec.flows.map(flowParts).filter((x) => x.from === id)) {
        if (!layer.has(f.to)) { layer.set(f.to, layer.get(id)! + 1); queue.push(f.to); }
      }
    }
  }
  const rows = new Map<number, number>();
  const shapes: Record<string, { x: number; y: number; w: number; h: number }> = {};
  for (const id of ids) {
    const node = spec.nodes.find((n) => n.id === id)!;
    if ('attachedTo' in node) continue;
    const col = layer.get(id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    const isTask = /Task|callActivity|subProcess/.test(node.type) || node.type === 'task';
    const isGateway = /Gateway/.test(node.type);
    const [w, h] = isTask ? [100, 80] : isGateway ? [50, 50] : [36, 36];
    shapes[id] = { x: 100 + col * 160 + (100 - w) / 2, y: 100 + row * 140 + (80 - h) / 2, w, h };
  }
  for (const node of spec.nodes) {
    if (!('attachedTo' in node)) continue;
    const host = shapes[node.attachedTo];
    if (host) shapes[node.id] = { x: host.x + host.w - 30, y: host.y + host.h - 18, w: 36, h: 36 };
    if (node.type === 'boundaryCompensation' && host) shapes[node.handler] = { x: host.x, y: host.y + 120, w: 100, h: 80 };
  }
  const di = [
    ...Object.entries(shapes).map(([id, s]) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}"/></bpmndi:BPMNShape>`),
    ...spec.flows.map(flowParts).filter((f) => shapes[f.from] && shapes[f.to]).map((f) => {
      const a = shapes[f.from]!;
      const b = shapes[f.to]!;
      return `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}"><di:waypoint x="${a.x + a.w}" y="${a.y + a.h / 2}"/><di:waypoint x="${b.x}" y="${b.y + b.h / 2}"/></bpmndi:BPMNEdge>`;
    }),
  ].join('\n      ');

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ggzy="urn:ggzy:bpmn:1.0" id="Definitions_${spec.id}" targetNamespace="urn:ggzy:processes">
  ${[...[...messages].map((m) => `<bpmn:message id="Message_${m}" name="${esc(m)}"/>`), ...[...signals].map((sg, i) => `<bpmn:signal id="Signal_${i}" name="${esc(sg)}"/>`)].join('\n  ')}
  ${[...errors].map((e) => `<bpmn:error id="Error_${e}" name="${esc(e)}" errorCode="${esc(e)}"/>`).join('\n  ')}${[...escalations].map((e, i) => `\n  <bpmn:escalation id="Escalation_${i}" name="${esc(e)}" escalationCode="${esc(e)}"/>`).join('')}
  <bpmn:process id="${spec.id}"${attr('name', spec.name)}${attr('ggzy:nameEn', spec.nameEn)}${attr('ggzy:procedureKind', spec.procedureKind)} isExecutable="true">
    ${body}
    ${flows}
    ${associations.join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${spec.id}">
    <bpmndi:BPMNPlane id="Plane_${spec.id}" bpmnElement="${spec.id}">
      ${di}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
