/** An ISO-8601 duration (PnYnMnWnDTnHnMnS), kept in parts because months and working days are not fixed lengths. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export class DurationError extends Error {
  override name = 'DurationError';
}

const ISO = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const MAX_DAYS = 3660; // ten years: anything longer is a typo, not a statutory period

export function parseDuration(text: string): Duration {
  const m = ISO.exec(text.trim());
  if (!m) throw new DurationError(`"${text}" is not an ISO-8601 duration such as P20D, P5D or PT2H`);
  const [years, months, weeks, days, hours, minutes] = m.slice(1, 7).map((x) => (x ? Number(x) : 0)) as [number, number, number, number, number, number];
  const seconds = m[7] ? Number(m[7]) : 0;
  const d = { years, months, weeks, days, hours, minutes, seconds };
  const approxDays = years * 366 + months * 31 + weeks * 7 + days + (hours + minutes / 60 + seconds / 3600) / 24;
  if (approxDays > MAX_DAYS) throw new DurationError(`"${text}" is longer than ten years`);
  return d;
}

export function isZeroDuration(d: Duration): boolean {
  return Object.values(d).every((v) => v === 0);
}

/** Milliseconds of the fixed-length part (weeks, days, hours, minutes, seconds); years and months are refused. */
export function fixedMillis(d: Duration): number {
  if (d.years || d.months) throw new DurationError('years and months have no fixed length');
  return ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
}
