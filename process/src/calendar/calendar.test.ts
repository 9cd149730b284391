import { addDuration, compressPeriod, isWorkingDay, parseDuration, workingDaysBetween, DurationError, fixedMillis } from './index';

// China Standard Time (UTC+8). 2030-09-30 is a Monday.
const cst = (local: string) => Date.parse(`${local}+08:00`);
const NATIONAL_DAY = { holidays: ['2030-10-01', '2030-10-02', '2030-10-03', '2030-10-04', '2030-10-07'], workdays: ['2030-10-05'], utcOffsetMinutes: 480 };

describe('durations', () => {
  test('ISO-8601 parts', () => {
    expect(parseDuration('P20D')).toMatchObject({ days: 20 });
    expect(parseDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    expect(fixedMillis(parseDuration('PT1H30M'))).toBe(5_400_000);
  });
  test.each(['P', 'PT', '20D', 'P-1D', 'P1.5D', 'PT1H2', 'P11Y', 'P5000D'])('refuses %p', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });
});

describe('calendar days', () => {
  test('20 days after an issue date (招标投标法 §24)', () => {
    expect(new Date(addDuration(cst('2030-09-10T09:00:00'), 'P20D', 'calendar')).toISOString()).toBe('2030-09-30T01:00:00.000Z');
  });
  test('months keep the day of month, clamped at the month end', () => {
    expect(new Date(addDuration(cst('2030-01-31T10:00:00'), 'P1M', 'calendar')).toISOString()).toBe('2030-02-28T02:00:00.000Z');
  });
});

describe('working days (工作日) with holidays and make-up days (调休)', () => {
  test('weekends are rest days, make-up weekend days are working days', () => {
    expect(isWorkingDay(cst('2030-10-05T12:00:00'), NATIONAL_DAY)).toBe(true); // Saturday, make-up day
    expect(isWorkingDay(cst('2030-10-06T12:00:00'), NATIONAL_DAY)).toBe(false); // Sunday
    expect(isWorkingDay(cst('2030-10-02T12:00:00'), NATIONAL_DAY)).toBe(false); // holiday on a Wednesday
    expect(isWorkingDay(cst('2030-10-08T12:00:00'), NATIONAL_DAY)).toBe(true);
  });
  test('3 working days from Monday 30 September skip the National Day holidays and count the make-up Saturday', () => {
    // working days after 09-30: 10-05 (make-up), 10-08, 10-09
    expect(new Date(addDuration(cst('2030-09-30T15:00:00'), 'P3D', 'working', NATIONAL_DAY)).toISOString()).toBe(new Date(cst('2030-10-09T15:00:00')).toISOString());
  });
  test('a week is five working days; hours are added after the days', () => {
    expect(addDuration(cst('2030-09-02T09:00:00'), 'P1WT2H', 'working')).toBe(cst('2030-09-09T11:00:00'));
  });
  test('months cannot be counted in working days', () => {
    expect(() => addDuration(0, 'P1M', 'working')).toThrow(DurationError);
  });
  test('working days between two instants', () => {
    expect(workingDaysBetween(cst('2030-09-30T10:00:00'), cst('2030-10-09T10:00:00'), NATIONAL_DAY)).toBe(3);
  });
});

describe('a sandbox calendar (演练): minutes for days', () => {
  const sandbox = { ...NATIONAL_DAY, compression: { daySeconds: 60 } };
  test('calendar days: one day lasts a minute', () => {
    const start = cst('2030-09-10T09:00:00');
    expect(addDuration(start, 'P20D', 'calendar', sandbox) - start).toBe(20 * 60_000);
    expect(addDuration(start, 'P3D', 'calendar', { ...sandbox, compression: { daySeconds: 30 } }) - start).toBe(90_000);
    // ... and never below a minute: 3 days at 10 s a day last 60 s, not 30
    expect(addDuration(start, 'P3D', 'calendar', { ...sandbox, compression: { daySeconds: 10 } }) - start).toBe(60_000);
  });
  test('working days are counted on the calendar first, then compressed (the holidays still lengthen the period)', () => {
    const start = cst('2030-09-30T15:00:00');
    // 3 working days end on 10-09, nine calendar days later: nine minutes
    expect(addDuration(start, 'P3D', 'working', sandbox) - start).toBe(9 * 60_000);
  });
  test('a window under a day keeps at least a minute (or its own length when shorter)', () => {
    expect(compressPeriod(30 * 60_000, { daySeconds: 60 })).toBe(60_000);
    expect(compressPeriod(30 * 60_000, { daySeconds: 1 })).toBe(60_000);
    expect(compressPeriod(20_000, { daySeconds: 60 })).toBe(20_000);
    expect(compressPeriod(86_400_000, { daySeconds: 600 })).toBe(600_000);
  });
  test("a sandbox's own shortest period replaces the minute", () => {
    expect(compressPeriod(30 * 60_000, { daySeconds: 1, shortestSeconds: 20 })).toBe(20_000);
    expect(compressPeriod(3 * 86_400_000, { daySeconds: 1, shortestSeconds: 20 })).toBe(20_000);
    expect(compressPeriod(30 * 86_400_000, { daySeconds: 1, shortestSeconds: 20 })).toBe(30_000);
    expect(compressPeriod(10_000, { daySeconds: 1, shortestSeconds: 20 })).toBe(10_000);
  });
  test('no compression: the period is unchanged', () => {
    expect(compressPeriod(86_400_000, undefined)).toBe(86_400_000);
    const start = cst('2030-09-10T09:00:00');
    expect(addDuration(start, 'P20D', 'calendar', NATIONAL_DAY)).toBe(cst('2030-09-30T09:00:00'));
  });
});
