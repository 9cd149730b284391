// Signed checkpoints of the trail (the worker takes one periodically): each one fixes {size, root} so a later
// rewrite of any covered event (even with recomputed hashes) is detected by the verifier.
import { SupervisionCheckpoint, SupervisionEvent, type Db } from '@ggzy/db';
import { createCheckpoint } from './trail';
import type { TrailKey } from './signing-key';

/** Takes a checkpoint when events were appended since the last one. Answers what it signed, or null. */
export async function checkpointIfGrown(db: Db, key: TrailKey): Promise<{ size: number; root: string } | null> {
  const counted = await SupervisionEvent.query(db).count('* as n').first().castTo<{ n: number | string } | undefined>();
  const n = Number(counted?.n ?? 0);
  const last = await SupervisionCheckpoint.query(db).max('size as size').first().castTo<{ size: number | string | null } | undefined>();
  if (n === 0 || n === Number(last?.size ?? 0)) return null;
  return createCheckpoint(db, key);
}
