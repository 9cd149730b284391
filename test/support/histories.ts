// Recording a workflow's history for the determinism gate (test/conformance/replay.test.ts replays every file in
// test/conformance/histories). Only when GGZY_RECORD_HISTORIES=1: otherwise a no-op. The server holds the payloads
// sealed with the run's own key; a committed history is test data and must replay on any machine, so its payloads
// are opened before it is written.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PayloadCipher, SEALED_ENCODING, type EnginePayload } from '@ggzy/db';
import { payloadKeys } from './platform';

export const historiesDir = path.join(__dirname, '..', 'conformance', 'histories');

function isSealed(node: object): node is EnginePayload {
  const encoding = (node as EnginePayload).metadata?.encoding;
  return encoding instanceof Uint8Array && Buffer.from(encoding).toString('utf8') === SEALED_ENCODING;
}

/** Replaces, in place, every sealed payload anywhere in a history by its opened form. */
export function openSealedPayloads<T>(history: T, cipher = new PayloadCipher(payloadKeys())): T {
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (isSealed(node)) {
      const opened = cipher.open(node);
      node.metadata = opened.metadata ?? null;
      node.data = opened.data ?? null;
      return;
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(history);
  return history;
}

export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.GGZY_RECORD_HISTORIES !== '1') return;
  const history = openSealedPayloads(await handle.fetchHistory());
  const json = [{
    workflowId: handle.workflowId, events: history.events?.length ?? 0,
    history: Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64'),
  }];
  writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
}
