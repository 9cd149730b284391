// The earliest lawful deadline after a late clarification (§21): 15 days on, at the deadline's own clock time, on
// the first working day that keeps them — or, in a training sandbox, the 15 days compressed like every period there.
import type { RegionCalendar } from '@ggzy/db';
import { lawfulDeadlineAfter } from './postponements';

const china = (s: string) => new Date(`${s}+08:00`);
const plain: RegionCalendar = { holidays: [], workdays: [], utcOffsetMinutes: 480 };

describe('the earliest lawful deadline after a late clarification', () => {
  test('15 days on, at the current deadline\'s clock time', () => {
    // answered Tue 2026-03-03 16:00, the deadline Fri 03-13 09:30: Wed 03-18 at 09:30 falls short, so Thu 03-19
    expect(lawfulDeadlineAfter(china('2026-03-03T16:00:00'), china('2026-03-13T09:30:00'), plain)).toEqual(china('2026-03-19T09:30:00'));
    // answered at 08:00: the 18th at 09:30 is already 15 days and 90 minutes on
    expect(lawfulDeadlineAfter(china('2026-03-03T08:00:00'), china('2026-03-13T09:30:00'), plain)).toEqual(china('2026-03-18T09:30:00'));
  });

  test('a weekend or a holiday moves it to the next working day; a make-up working day (调休) counts', () => {
    // 15 days after Fri 03-06 10:00 is Sat 03-21: Monday 03-23
    expect(lawfulDeadlineAfter(china('2026-03-06T10:00:00'), china('2026-03-13T09:30:00'), plain)).toEqual(china('2026-03-23T09:30:00'));
    const holidays: RegionCalendar = { ...plain, holidays: ['2026-03-23', '2026-03-24'], workdays: ['2026-03-22'] };
    expect(lawfulDeadlineAfter(china('2026-03-06T10:00:00'), china('2026-03-13T09:30:00'), holidays)).toEqual(china('2026-03-22T09:30:00'));
    const noMakeUp: RegionCalendar = { ...plain, holidays: ['2026-03-23', '2026-03-24'] };
    expect(lawfulDeadlineAfter(china('2026-03-06T10:00:00'), china('2026-03-13T09:30:00'), noMakeUp)).toEqual(china('2026-03-25T09:30:00'));
  });

  test('in a training sandbox the 15 days are compressed, and no clock time or day off applies', () => {
    const sandbox: RegionCalendar = { ...plain, compression: { daySeconds: 60 } };
    const at = china('2026-03-06T10:00:00');
    expect(lawfulDeadlineAfter(at, new Date(at.getTime() + 5 * 60_000), sandbox)).toEqual(new Date(at.getTime() + 15 * 60_000));
  });
});
