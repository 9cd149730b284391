// The draw's randomness: a fresh 32-byte seed from the operating system's CSPRNG, recorded with the draw, expanded
// into a deterministic stream (HMAC-SHA-256 in counter mode, one labelled stream per specialty group) so that an
// auditor holding the seed and the candidate snapshot replays exactly the same order.
import { createHmac, randomBytes } from 'node:crypto';

export const DRAW_ALGORITHM = 'hmac-sha256-ctr/fisher-yates-walk/v1';
export const SEED_BYTES = 32;

/** Where seeds come from. Production reads the OS CSPRNG; a test may replace `fresh` to replay a known seed. */
export const seedSource = {
  fresh: (): Buffer => randomBytes(SEED_BYTES),
};

/** Block i of the stream labelled `label` is HMAC-SHA-256(seed, label ‖ 0x00 ‖ uint64be(i)). */
export class DrawStream {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0n;
  private readonly prefix: Buffer;

  constructor(private readonly seed: Buffer, label: string) {
    if (seed.length !== SEED_BYTES) throw new Error(`a draw seed is ${SEED_BYTES} bytes, got ${seed.length}`);
    this.prefix = Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([0])]);
  }

  /** The next 32 bits of the stream, as an unsigned integer. */
  nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      const index = Buffer.alloc(8);
      index.writeBigUInt64BE(this.counter++);
      this.block = createHmac('sha256', this.seed).update(this.prefix).update(index).digest();
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /**
   * A uniform integer in [0, n): 32-bit words at or above the largest multiple of n are rejected, so no residue
   * is more likely than another (no modulo bias).
   */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`uniform(${n}): n must be an integer in [1, 2^32]`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

/**
 * The items in a uniformly random order, one at a time (Fisher–Yates, step by step): each next item is uniform
 * among those not yet given, so stopping after k gives every ordered k-subset with the same probability.
 * `items` is not modified.
 */
export function* shuffled<T>(items: readonly T[], stream: DrawStream): Generator<T, void, undefined> {
  const pool = [...items];
  for (let i = 0; i < pool.length; i++) {
    const j = i + stream.uniform(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    yield pool[i]!;
  }
}

export const groupLabel = (groupNo: number) => `ggzy/expert-draw/v1/group/${groupNo}`;
