// The bounds the checker assumes for a duration hold for the calendar arithmetic the interpreter's timers use,
// whatever working-day calendar a region sets.
import { addDuration, parseDuration, workingDaysBetween, type WorkCalendar } from '../calendar';
import { DAY_MS, durationBounds, formatAmount, timerBounds } from './periods';

/** A small deterministic generator (xorshift), so a failure can be replayed from its seed. */
function random(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function randomCalendar(next: () => number): WorkCalendar {
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (let day = 0; day < 120; day++) {
    const date = new Date(Date.UTC(2030, 0, 1) + day * DAY_MS).toISOString().slice(0, 10);
    const r = next();
    if (r < 0.15) holidays.push(date); // long holiday runs are allowed: nothing is assumed about them
    else if (r < 0.2) workdays.push(date);
  }
  return { holidays, workdays, utcOffsetMinutes: 480 };
}

describe('duration bounds against the calendar arithmetic', () => {
  test.each([1, 2, 3, 4, 5])('seed %i: calendar and working durations stay within their bounds in both units', (seed) => {
    const next = random(seed * 7919);
    for (let i = 0; i < 200; i++) {
      const calendar = randomCalendar(next);
      const start = Date.UTC(2030, 0, 1) + Math.floor(next() * 40 * DAY_MS);
      const kind = next() < 0.5 ? 'calendar' : 'working';
      const text = kind === 'calendar'
        ? ['P20D', 'P3D', 'P1M', 'P2W', 'P19DT23H', 'PT36H', 'P1DT1H'][Math.floor(next() * 7)]!
        : ['P10D', 'P5D', 'P2W', 'P1D', 'P3DT4H', 'PT2H'][Math.floor(next() * 6)]!;
      const end = addDuration(start, text, kind, calendar);
      const ms = durationBounds(parseDuration(text), kind, 'calendarDays', 'x');
      const wd = durationBounds(parseDuration(text), kind, 'workingDays', 'x');
      const elapsed = end - start;
      const working = workingDaysBetween(start, end, calendar);
      expect({ text, kind, elapsed, ok: ms.lo <= elapsed && elapsed <= ms.hi }).toMatchObject({ ok: true });
      expect({ text, kind, working, ok: wd.lo <= working && working <= wd.hi }).toMatchObject({ ok: true });
    }
  });

  test('calendar days guarantee no working day: 14 days of holidays contain none', () => {
    const holidays = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2030, 9, 1) + i * DAY_MS).toISOString().slice(0, 10));
    const calendar = { holidays, workdays: [], utcOffsetMinutes: 480 };
    const start = Date.parse('2030-09-30T16:00:00Z'); // 00:00 on 1 October in China Standard Time
    expect(workingDaysBetween(start, addDuration(start, 'P13D', 'calendar', calendar), calendar)).toBe(0);
    expect(durationBounds(parseDuration('P13D'), 'calendar', 'workingDays', 'x')).toEqual({ lo: 0, hi: 13 });
  });

  test('working days have no calendar-day upper bound, and say why', () => {
    expect(durationBounds(parseDuration('P10D'), 'working', 'calendarDays', 'listing')).toEqual({
      lo: 10 * DAY_MS, hi: Infinity, cause: { reason: 'workingDaysInCalendarDays', node: 'listing' },
    });
    expect(durationBounds(parseDuration('PT2H'), 'working', 'calendarDays', 'x')).toEqual({ lo: 7_200_000, hi: 7_200_000 });
  });

  test('dates, expressions and unlimited cycles guarantee nothing and bound nothing; R0 fires at once on a catch event', () => {
    expect(timerBounds({ type: 'date', value: '2030-01-01T00:00:00Z' }, 'calendarDays', 't')).toMatchObject({ lo: 0, hi: Infinity });
    expect(timerBounds({ type: 'duration', value: '${period}', calendar: 'calendar' }, 'calendarDays', 't')).toMatchObject({ lo: 0, hi: Infinity });
    expect(timerBounds({ type: 'cycle', value: 'R3/P1D', calendar: 'calendar' }, 'calendarDays', 't')).toEqual({ lo: DAY_MS, hi: DAY_MS });
    expect(timerBounds({ type: 'cycle', value: 'R0/P1D', calendar: 'calendar' }, 'calendarDays', 't')).toEqual({ lo: 0, hi: 0 });
  });

  test('amounts in words', () => {
    expect(formatAmount(20 * DAY_MS, 'calendarDays')).toEqual({ zh: '20 日', en: '20 days' });
    expect(formatAmount(DAY_MS + 90 * 60_000, 'calendarDays')).toEqual({ zh: '1 日 1 小时 30 分钟', en: '1 day 1 hour 30 minutes' });
    expect(formatAmount(1, 'workingDays')).toEqual({ zh: '1 个工作日', en: '1 working day' });
  });
});
