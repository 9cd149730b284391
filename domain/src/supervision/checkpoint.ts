// Signed checkpoints of the trail (the worker takes one periodically): each one fixes {size, root} so a later
// rewrite of any covered event (even with recomputed hashes) is detected by the verifier.
import type { Db } from '@ggzy/db';
import { createCheckpoint } from './trail';
import type { TrailKey } from './signing-key';

/** Takes a checkpoint when events were appended since the last one. Answers what it signed, or null. */
export async function checkpointIfGrown(db: Db, key: TrailKey): Promise<{ size: number; root: string } | null> {
  const counted = await db('supervision_events').count('* as n').first() as { n: number | string } | undefined;
  const n = Number(counted?.n ?? 0);
  const last = await db('supervision_checkpoints').max('size as size').first() as { size: number | string | null } | undefined;
  if (n === 0 || n === Number(last?.size ?? 0)) return null;
  return createCheckpoint(db, key);
}
