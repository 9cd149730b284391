// Compensation (BPMN): a completed activity with a compensation handler is remembered with the variables it finished
// with; a compensation throw event, a compensating end event or the supervisor's terminate later runs the handlers
// (service tasks), most recent first, each once.
import type { ModelNode } from '@ggzy/process/runtime';
import type { CompensableRecord, Variables } from './process-contracts';
import type { EngineContext, LiveToken } from './engine-context';
import { resultVariables, runServiceTask } from './handlers/service-task';

export class CompensationLog {
  constructor(private records: CompensableRecord[]) {}

  /** The activities still to compensate (carried across continue-as-new). */
  get pending(): CompensableRecord[] {
    return this.records;
  }

  record(node: ModelNode, variables: Variables): void {
    if (node.compensationHandler) {
      this.records.push({ nodeId: node.id, handler: node.compensationHandler, variables: { ...variables } });
    }
  }

  /** Runs the handlers of the recorded activities (all, or those of activityRef) on the token, else on a holder token. */
  async compensate(ctx: EngineContext, activityRef: string | null, token: LiveToken | null): Promise<void> {
    const due = this.records.filter((c) => activityRef === null || c.nodeId === activityRef).reverse();
    this.records = this.records.filter((c) => !due.includes(c));
    for (const record of due) {
      const handler = ctx.node(record.handler);
      ctx.visit(handler.id);
      if (handler.kind !== 'serviceTask') continue;
      const holder: LiveToken = token ?? { id: `c${ctx.nextSeq()}`, nodeId: handler.id, waits: 0 };
      // the handler sees the variables as they are now (the completed activity's own are kept in the record)
      ctx.merge(resultVariables(handler, await runServiceTask(ctx, handler, holder)));
    }
  }
}
