// Creates diagram shapes from task templates: dragged from the template list, appended from the context pad.
import { tr } from '@ggzy/web';
import type { TaskTemplate } from './templates';

type Shape = { businessObject: unknown };
interface BpmnFactory { create(type: string, attrs?: Record<string, unknown>): unknown }
interface ElementFactory { createShape(attrs: Record<string, unknown>): Shape }
interface Create { start(event: Event, shape: Shape, context?: Record<string, unknown>): void }
interface AutoPlace { append(source: unknown, shape: Shape): unknown }

export class TaskTemplates {
  static $inject = ['bpmnFactory', 'elementFactory', 'create', 'autoPlace', 'contextPad', 'translate'];

  constructor(
    private readonly bpmnFactory: BpmnFactory,
    private readonly elementFactory: ElementFactory,
    private readonly create: Create,
    private readonly autoPlace: AutoPlace,
    contextPad: { registerProvider(priority: number, provider: unknown): void },
    private readonly translate: (text: string) => string,
  ) {
    contextPad.registerProvider(900, this);
  }

  shapeFor(template: TaskTemplate): Shape {
    const type = template.kind === 'service' ? 'bpmn:ServiceTask' : 'bpmn:UserTask';
    const attrs: Record<string, unknown> = { name: tr(template.title.zh, template.title.en) };
    for (const [k, v] of Object.entries(template.bindings)) attrs[`ggzy:${k}`] = v;
    const businessObject = this.bpmnFactory.create(type, attrs);
    return this.elementFactory.createShape({ type, businessObject });
  }

  start(event: Event, template: TaskTemplate): void {
    this.create.start(event, this.shapeFor(template));
  }

  append(source: unknown, template: TaskTemplate): void {
    this.autoPlace.append(source, this.shapeFor(template));
  }

  /** Context pad: append a staff user task or an unbound service task after any node that may have successors. */
  getContextPadEntries(element: { type: string; businessObject: { $instanceOf?(t: string): boolean } }) {
    const bo = element.businessObject;
    if (!bo.$instanceOf?.('bpmn:FlowNode') || bo.$instanceOf('bpmn:EndEvent')) return {};
    const userTask: TaskTemplate = { id: 'user', kind: 'user', group: 'tasks', title: { zh: '人工办理', en: 'User task' }, bindings: { candidateRole: 'staff' } };
    const serviceTask: TaskTemplate = { id: 'service', kind: 'service', group: 'tasks', title: { zh: '自动环节', en: 'Service task' }, bindings: {} };
    const entry = (template: TaskTemplate, className: string, title: string) => ({
      group: 'model', className, title,
      action: {
        click: (_: Event, el: unknown) => this.append(el, template),
        dragstart: (event: Event, el: unknown) => this.create.start(event, this.shapeFor(template), { source: el }),
      },
    });
    return {
      'append.ggzy-user-task': entry(userTask, 'bpmn-icon-user-task', this.translate('Append user task')),
      'append.ggzy-service-task': entry(serviceTask, 'bpmn-icon-service-task', tr('追加自动环节（服务任务）', 'Append service task')),
    };
  }
}

export default { __init__: ['taskTemplates'], taskTemplates: ['type', TaskTemplates] };
