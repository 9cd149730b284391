// The benchmarks' arithmetic, kept apart so it can be checked on its own (test/unit/bench-stats.test.ts): a figure
// is only as honest as the percentile behind it.

/** The nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(xs, p) {
  if (!xs.length) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Rounded to two decimals (the JSON lines carry no more precision than the clock gives). */
export function round(x) {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : null;
}

/** The spread of a few figures (one per round): min, median and max. */
export function spread(xs) {
  if (!xs.length) return { min: null, median: null, max: null };
  return { min: round(Math.min(...xs)), median: round(percentile(xs, 50)), max: round(Math.max(...xs)) };
}

/** Per round, a / b (the interpreted side over the hand-written one); a round where b is 0 has no ratio. */
export function ratios(a, b) {
  if (a.length !== b.length) throw new RangeError(`the two sides have ${a.length} and ${b.length} rounds`);
  return a.map((x, i) => (b[i] > 0 ? round(x / b[i]) : null));
}

/** Reads `--name value` from argv as a number; the fallback when absent; a clear error when not a number. */
export function numberArg(argv, name, fallback, { min = 0 } = {}) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value < min) throw new RangeError(`--${name} needs a number of at least ${min} (got "${argv[i + 1] ?? ''}")`);
  return value;
}

/** Reads `--name value` from argv as one of `choices`. */
export function choiceArg(argv, name, fallback, choices) {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = argv[i + 1];
  if (!choices.includes(value)) throw new RangeError(`--${name} must be one of ${choices.join(', ')} (got "${value ?? ''}")`);
  return value;
}
