// The dashboards' pure figures against numbers worked out by hand: HHI and CR4 of five winners, the periods of a span,
// China time at a month's edge, and the duration shares at and below a minimum.
import { byWinner, chinaMonth, concentration, durationFigure, elapsedDays, periodsBetween } from './figures';

describe('market figures', () => {
  test('HHI and CR4 of five winners (shares 40, 20, 20, 10, 10 %)', () => {
    const winners = byWinner([
      { creditCode: 'A', name: '甲', priceFen: 300 }, { creditCode: 'A', name: '甲', priceFen: 100 },
      { creditCode: 'B', name: '乙', priceFen: 200 }, { creditCode: 'C', name: '丙', priceFen: 200 },
      { creditCode: 'D', name: '丁', priceFen: 100 }, { creditCode: 'E', name: '戊', priceFen: 100 },
    ]);
    // 40² + 20² + 20² + 10² + 10² = 1600 + 400 + 400 + 100 + 100 = 2600; CR4 = 90 %
    expect(concentration(winners)).toEqual({ awards: 6, valueFen: 1000, winners: 5, hhi: 2600, cr4: { valueFen: 900, of: 1000, share: 0.9 } });
    expect(concentration([])).toEqual({ awards: 0, valueFen: 0, winners: 0, hhi: null, cr4: { valueFen: 0, of: 0, share: null } });
  });

  test('periods of a span by month and by quarter', () => {
    expect(periodsBetween('2024-11', '2025-02', 'month')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(periodsBetween('2024-11', '2025-04', 'quarter')).toEqual(['2024-Q4', '2025-Q1', '2025-Q2']);
  });

  test('China time decides the month; days are whole 24-hour days', () => {
    expect(chinaMonth(new Date('2025-01-31T15:59:59.999Z'))).toBe('2025-01');
    expect(chinaMonth(new Date('2025-01-31T16:00:00.000Z'))).toBe('2025-02');
    expect(elapsedDays(new Date('2025-01-01T10:00:00Z'), new Date('2025-01-21T09:59:59Z'))).toBe(19);
    expect(elapsedDays(new Date('2025-01-01T10:00:00Z'), new Date('2025-01-21T10:00:00Z'))).toBe(20);
  });

  test('durations at and below the minimum count only the deals a minimum applies to', () => {
    const f = durationFigure([
      { days: 20, minimumDays: 20, rule: 'r' }, { days: 25, minimumDays: 20, rule: 'r' }, { days: 19, minimumDays: 20, rule: 'r' }, { days: 4, minimumDays: null, rule: null },
    ]);
    expect(f).toEqual({
      deals: 4, medianDays: 19.5, minimumDays: null, rules: ['r'], withMinimum: 3,
      atMinimum: { count: 1, of: 3, share: 0.333333 }, belowMinimum: { count: 1, of: 3, share: 0.333333 },
    });
  });
});
