// A fixed-window counter per key (login attempts per client address, per username) kept in the database, so every
// api process behind the load balancer counts the same attempts: each attempt is one upsert that adds one to its
// window's row and reads the sum back in the same statement (no read-then-write race between processes).
import type { Db } from '@ggzy/db';

export interface LoginLimiter {
  /** Counts one attempt; answers false when the key is over its limit for the current window. */
  take(key: string): Promise<boolean>;
}

const SWEEP_EVERY = 200;

export class RateLimiter implements LoginLimiter {
  private taken = 0;
  constructor(private readonly db: Db, private readonly limit: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  async take(key: string): Promise<boolean> {
    const hits = await hitWindow(this.db, key, this.windowMs, this.now());
    if (++this.taken % SWEEP_EVERY === 0) await this.sweep();
    return hits <= this.limit;
  }

  /** Attempts counted for the key in the current window (for tests and the admin's view). */
  async count(key: string): Promise<number> {
    const now = this.now();
    const row = await this.db('rate_windows').where({ key: key.slice(0, 200), window_start: now - (now % this.windowMs) }).first('hits');
    return row ? Number(row.hits) : 0;
  }

  /** Old windows go now and then (every few hundred attempts of this process). */
  async sweep(): Promise<void> {
    await this.db('rate_windows').where('window_start', '<', this.now() - 2 * this.windowMs).delete();
  }
}

/** Adds one to the key's current window (of `windowMs`) and answers the window's count, this attempt included. */
export async function hitWindow(db: Db, key: string, windowMs: number, now: number): Promise<number> {
  const windowStart = now - (now % windowMs);
  const rows: Array<{ hits: number | string }> = await db('rate_windows')
    .insert({ key: key.slice(0, 200), window_start: windowStart, hits: 1 })
    .onConflict(['key', 'window_start'])
    .merge({ hits: db.raw('rate_windows.hits + 1') })
    .returning('hits');
  return Number(rows[0]!.hits);
}
