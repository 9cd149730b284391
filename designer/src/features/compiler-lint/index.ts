// Runs the real compiler on the diagram after every change (debounced) and hands its problems to the lint overlays.
import { compileBpmn, TASK_TYPES, type CompileResult, type FormSchema } from '@ggzy/process';
import type { ProblemStore } from './problem-store';

export interface GgzyEditorContext {
  store: ProblemStore;
  /** The forms being edited beside the diagram, so UNKNOWN_FORM and required fields are checked as at deploy. */
  forms(): Record<string, FormSchema>;
}

interface EventBus { on(events: string | string[], callback: () => void): void; fire(event: string, data: unknown): void }
interface Linting { isActive(): boolean; update(): void }

export class CompilerProblems {
  static $inject = ['eventBus', 'bpmnjs', 'config.ggzy', 'injector'];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private run = 0;
  private destroyed = false;

  constructor(
    private readonly eventBus: EventBus,
    private readonly bpmnjs: { saveXML(o?: { format?: boolean }): Promise<{ xml?: string }> },
    private readonly context: GgzyEditorContext,
    private readonly injector: { get<T>(name: string, strict?: boolean): T | null },
  ) {
    eventBus.on(['import.done', 'commandStack.changed'], () => this.schedule());
    eventBus.on('diagram.destroy', () => {
      this.destroyed = true;
      if (this.timer) clearTimeout(this.timer);
    });
  }

  schedule(delay = 250): void {
    if (this.destroyed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.compile().catch(() => undefined), delay);
  }

  async compile(): Promise<CompileResult | null> {
    const run = ++this.run;
    const { xml = '' } = await this.bpmnjs.saveXML({ format: false });
    const result = await compileBpmn(xml, { taskTypes: TASK_TYPES, forms: this.context.forms() });
    if (run !== this.run || this.destroyed) return null; // a newer change is being compiled, or the editor is gone
    this.context.store.set(result);
    this.eventBus.fire('ggzy.compiled', { result });
    const linting = this.injector.get<Linting>('linting', false);
    if (linting?.isActive()) linting.update();
    return result;
  }
}

export default { __init__: ['compilerProblems'], compilerProblems: ['type', CompilerProblems] };
