// The tender screens against values worked out by hand (bids 100, 110, 120, 150; estimate 125).
import { tenderScreens } from './tender-screens';

describe('tender screens', () => {
  test('each screen of a four-bid tender, as computed by hand', () => {
    // given four bids in any order
    const s = tenderScreens([120, 100, 150, 110], { estimate: 125 });
    // then: mean 120, deviations −20 −10 0 30, sample s.d. √(1400/3)
    expect(s.bids).toBe(4);
    expect(s.cv).toBeCloseTo(0.1800205749557739, 12);
    expect(s.skewness).toBeCloseTo(1.1903401282789945, 12);
    expect(s.kurtosis).toBeCloseTo(1.5, 12);
    expect(s.spread).toBeCloseTo(0.5, 12); // (150 − 100) / 100
    expect(s.diffp).toBeCloseTo(0.1, 12); // (110 − 100) / 100
    expect(s.relativeDistance).toBeCloseTo(0.48038446141526137, 12); // 10 / s.d.(110, 120, 150)
    expect(s.normalizedDistance).toBeCloseTo(0.6, 12); // 10 / (50 / 3)
    expect(s.ksUniform).toBeCloseTo(0.35, 12); // u = 0, .2, .4, 1: the largest gap is 3/4 − 0.4
    expect(s.gapRegularity).toBeCloseTo(0.6928203230275508, 12); // gaps 10, 10, 30
    expect(s.identicalBids).toBe(0);
    expect(s.winnerToEstimate).toBeCloseTo(0.8, 12); // lowest bid wins when no winner is named
  });

  test('bids on an even grid, identical prices, and a named winner', () => {
    expect(tenderScreens([130, 100, 120, 110]).gapRegularity).toBe(0);
    const tie = tenderScreens([100, 100, 120], { winning: 120, estimate: 150 });
    expect(tie.identicalBids).toBeCloseTo(2 / 3, 12);
    expect(tie.winnerToEstimate).toBeCloseTo(0.8, 12);
    expect(tie.diffp).toBe(0);
    expect(tie.kurtosis).toBeNaN(); // needs four bids
  });

  test('what a tender with too few bids cannot have is NaN, never a made-up number', () => {
    const one = tenderScreens([100]);
    expect(one.bids).toBe(1);
    for (const k of ['cv', 'skewness', 'kurtosis', 'spread', 'diffp', 'relativeDistance', 'normalizedDistance', 'ksUniform', 'gapRegularity', 'winnerToEstimate'] as const) expect(one[k]).toBeNaN();
    const two = tenderScreens([100, 104]);
    expect(two.cv).toBeCloseTo(Math.SQRT2 * 2 / 102, 12);
    expect(two.relativeDistance).toBeNaN();
    expect(() => tenderScreens([])).toThrow(RangeError);
  });
});
