// Recording a workflow's history for the determinism gate (test/conformance/replay.test.ts replays every file in
// test/conformance/histories). Only when GGZY_RECORD_HISTORIES=1: otherwise a no-op.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const historiesDir = path.join(__dirname, '..', 'conformance', 'histories');

export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.GGZY_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const json = [{
    workflowId: handle.workflowId, events: history.events?.length ?? 0,
    history: Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64'),
  }];
  writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
}
