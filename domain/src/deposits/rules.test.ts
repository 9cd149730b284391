import { EMPTY_CALENDAR } from '@ggzy/process';
import { addDays, daysBetween, depositCapFen, interestFen, localDate, refundDueOn } from './rules';

describe('deposit rules', () => {
  test('the cap is 2 % of the estimate, rounded down to the fen', () => {
    expect(depositCapFen(1_000_000_000)).toBe(20_000_000);
    expect(depositCapFen(149)).toBe(2); // 2.98 fen
    expect(depositCapFen(0)).toBe(0);
  });

  test('interest: principal × annual rate × days / 360, rounded half up to the fen', () => {
    expect(interestFen(20_000_000, 3500, 7)).toBe(1361); // 1,361.11
    expect(interestFen(36_000_000, 3500, 1)).toBe(350); // exactly 350
    // exactly half a fen rounds up: 1,000 × 180,000 × 1 / 360,000,000 = 0.5 → 1; a hair below stays 0
    expect(interestFen(1_000, 180_000, 1)).toBe(1);
    expect(interestFen(1_000, 179_999, 1)).toBe(0);
    expect(interestFen(20_000_000, 3500, 0)).toBe(0);
    expect(interestFen(20_000_000, 0, 30)).toBe(0);
    // large principals stay exact (no floating point): 90 亿元 for a year at 0.35 %
    expect(interestFen(900_000_000_000, 3500, 360)).toBe(3_150_000_000);
  });

  test('days count the first day and not the last (算头不算尾), across months and leap days', () => {
    expect(daysBetween('2026-03-02', '2026-03-09')).toBe(7);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(addDays('2026-12-29', 5)).toBe('2027-01-03');
  });

  test('the local date is China Standard Time', () => {
    expect(localDate(new Date('2026-03-01T15:59:59.000Z'))).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
  });

  test('a refund period ending on a rest day ends on the next working day (holidays and make-up days from the calendar)', () => {
    expect(refundDueOn('withdrawal', '2026-03-05', EMPTY_CALENDAR)).toBe('2026-03-10'); // Tuesday
    expect(refundDueOn('winner', '2026-03-02', EMPTY_CALENDAR)).toBe('2026-03-09'); // Saturday → Monday
    const mayDay = { holidays: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'], workdays: ['2026-05-09'], utcOffsetMinutes: 480 };
    expect(refundDueOn('loser', '2026-04-28', mayDay)).toBe('2026-05-06'); // 05-03 is a holiday, as are 05-04 and 05-05
    // a make-up working day (调休) on a Saturday is a working day: 05-04 + 5 = 05-09 (Saturday, worked)
    expect(refundDueOn('loser', '2026-05-04', mayDay)).toBe('2026-05-09');
  });
});
