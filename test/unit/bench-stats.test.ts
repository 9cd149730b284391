// The benchmarks' arithmetic (bench/stats.mjs): a p99 or a spread that is computed wrong makes every figure printed
// with it wrong, so the helpers are checked on hand-worked cases. The module is ESM, run by node as the benchmarks run it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Evaluates `expression` with the module's exports in scope (as `s`) in a node process; answers its JSON value. */
function evaluate(expression: string): unknown {
  const script = `const s = await import('./bench/stats.mjs'); let v; try { v = { ok: ${expression} }; } catch (e) { v = { error: e.constructor.name + ': ' + e.message }; } console.log(JSON.stringify(v));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('bench statistics', () => {
  test('percentile is the nearest rank: p50 of 1..10 is 5, p99 of 1..100 is 99, p100 the maximum, unsorted input', () => {
    expect(evaluate('[s.percentile([10,9,8,7,6,5,4,3,2,1], 50), s.percentile(Array.from({length:100},(_,i)=>i+1), 99), s.percentile([3,1,2], 100), s.percentile([3,1,2], 0)]'))
      .toEqual({ ok: [5, 99, 3, 1] });
  });

  test('p99 of a few samples is their maximum, and an empty list has no percentile', () => {
    expect(evaluate('[s.percentile([5, 40, 7], 99), Number.isNaN(s.percentile([], 50))]')).toEqual({ ok: [40, true] });
  });

  test('a percentile outside 0..100 is refused', () => {
    expect(evaluate('s.percentile([1], 101)')).toEqual({ error: 'RangeError: percentile 101 is not between 0 and 100' });
  });

  test('spread gives min, median and max of the rounds, rounded to two decimals', () => {
    expect(evaluate('s.spread([12.345, 10, 11.111])')).toEqual({ ok: { min: 10, median: 11.11, max: 12.35 } });
    expect(evaluate('s.spread([])')).toEqual({ ok: { min: null, median: null, max: null } });
  });

  test('ratios are per round, and two sides with different round counts are refused', () => {
    expect(evaluate('s.ratios([9, 10, 12], [10, 10, 0])')).toEqual({ ok: [0.9, 1, null] });
    expect(evaluate('s.ratios([1, 2], [1])')).toEqual({ error: 'RangeError: the two sides have 2 and 1 rounds' });
  });

  test('arguments: a number, a fallback, a clear refusal; a choice among the allowed ones', () => {
    expect(evaluate("[s.numberArg(['--rounds', '4'], 'rounds', 5, { min: 3 }), s.numberArg([], 'rounds', 5)]")).toEqual({ ok: [4, 5] });
    expect(evaluate("s.numberArg(['--rounds', '2'], 'rounds', 5, { min: 3 })")).toEqual({ error: 'RangeError: --rounds needs a number of at least 3 (got "2")' });
    expect(evaluate("s.choiceArg(['--server', 'cluster'], 'server', 'dev', ['dev', 'cluster'])")).toEqual({ ok: 'cluster' });
    expect(evaluate("s.choiceArg(['--server', 'prod'], 'server', 'dev', ['dev', 'cluster'])")).toEqual({ error: 'RangeError: --server must be one of dev, cluster (got "prod")' });
  });
});
