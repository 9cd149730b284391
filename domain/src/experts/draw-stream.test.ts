// The draw's random stream: what an auditor must be able to recompute, and why it is fair.
import { createHmac } from 'node:crypto';
import { DrawStream, groupLabel, shuffled } from './draw-stream';

const firstOf = <T>(items: readonly T[], k: number, stream: DrawStream): T[] => {
  const drawn: T[] = [];
  for (const item of shuffled(items, stream)) {
    if (drawn.length === k) break;
    drawn.push(item);
  }
  return drawn;
};

const SEED = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

/** A stream answering scripted words, to drive the rejection step. */
class ScriptedStream extends DrawStream {
  constructor(private readonly words: number[]) {
    super(SEED, 'scripted');
  }
  override nextUint32(): number {
    const w = this.words.shift();
    if (w === undefined) throw new Error('script exhausted');
    return w;
  }
}

test('block i is HMAC-SHA-256(seed, label ‖ 0x00 ‖ uint64be(i)), read as big-endian 32-bit words', () => {
  const label = groupLabel(1);
  const block = (i: number) => {
    const index = Buffer.alloc(8);
    index.writeBigUInt64BE(BigInt(i));
    return createHmac('sha256', SEED).update(Buffer.concat([Buffer.from(label), Buffer.from([0]), index])).digest();
  };
  const expected = [...Array(8).keys()].map((w) => block(0).readUInt32BE(w * 4)).concat(block(1).readUInt32BE(0));
  const stream = new DrawStream(SEED, label);
  expect(Array.from({ length: 9 }, () => stream.nextUint32())).toEqual(expected);
  expect(label).toBe('ggzy/expert-draw/v1/group/1');
});

test('the same seed and label replay the same stream; another label or seed does not', () => {
  const take = (seed: Buffer, label: string) => { const s = new DrawStream(seed, label); return Array.from({ length: 20 }, () => s.nextUint32()); };
  expect(take(SEED, 'a')).toEqual(take(SEED, 'a'));
  expect(take(SEED, 'a')).not.toEqual(take(SEED, 'b'));
  const other = Buffer.from(SEED);
  other[31] ^= 1;
  expect(take(SEED, 'a')).not.toEqual(take(other, 'a'));
  expect(() => new DrawStream(Buffer.alloc(16), 'a')).toThrow(/32 bytes/);
});

test('uniform rejects the words at or above the largest multiple of n, so there is no modulo bias', () => {
  // n = 3: the largest multiple of 3 below 2^32 is 2^32 - 1, so the word 2^32 - 1 is rejected
  expect(new ScriptedStream([2 ** 32 - 1, 7]).uniform(3)).toBe(1);
  // n = 3·2^30: words from 3·2^30 up are rejected (a plain modulo would fold them onto [0, 2^30))
  expect(new ScriptedStream([3 * 2 ** 30, 2 ** 32 - 1, 5]).uniform(3 * 2 ** 30)).toBe(5);
  expect(() => new DrawStream(SEED, 'x').uniform(0)).toThrow(RangeError);
  expect(() => new DrawStream(SEED, 'x').uniform(1.5)).toThrow(RangeError);
  // measured: below 2^30 a third of the time (a biased modulo would give a half)
  const stream = new DrawStream(SEED, 'bias');
  let low = 0;
  const trials = 30_000;
  for (let i = 0; i < trials; i++) if (stream.uniform(3 * 2 ** 30) < 2 ** 30) low++;
  expect(Math.abs(low / trials - 1 / 3)).toBeLessThan(0.015);
});

test('every ordering of the candidates is equally likely (chi-square over 60 000 draws)', () => {
  const stream = new DrawStream(SEED, 'permutations');
  const counts = new Map<string, number>();
  const trials = 60_000;
  for (let i = 0; i < trials; i++) {
    const key = [...shuffled(['a', 'b', 'c'], stream)].join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  expect([...counts.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  const expected = trials / 6;
  const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
  expect(chiSquare).toBeLessThan(20.52); // 5 degrees of freedom, p = 0.001
});

test('a walk stopped early picks each candidate first equally often and never repeats one', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  const stream = new DrawStream(SEED, 'partial');
  const first = Array(7).fill(0);
  for (let i = 0; i < 35_000; i++) {
    const drawn = firstOf(items, 3, stream);
    expect(new Set(drawn).size).toBe(3);
    first[drawn[0]!]++;
  }
  for (const n of first) expect(Math.abs(n - 5000)).toBeLessThan(300);
  expect(items).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect([...shuffled(items, stream)].sort()).toEqual(items);
  expect([...shuffled([], stream)]).toEqual([]);
});
