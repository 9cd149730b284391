import type { Db } from '@ggzy/db';
import { WorkflowProbe } from '@ggzy/db';
import type { RecordProbeInput } from '@ggzy/workflows';

/** Writes the probe row once per workflow: a retried activity finds the row it already wrote. */
export function recordProbe(db: Db) {
  return async (input: RecordProbeInput): Promise<number> => {
    return db.transaction(async (trx) => {
      await WorkflowProbe.query(trx)
        .insert({ workflow_id: input.workflowId, message: input.message, region_code: input.regionCode, created_by: input.createdBy })
        .onConflict('workflow_id')
        .ignore();
      const row = await WorkflowProbe.query(trx).findOne({ workflow_id: input.workflowId });
      if (!row) throw new Error(`probe row for ${input.workflowId} was not written`);
      return row.id;
    });
  };
}
