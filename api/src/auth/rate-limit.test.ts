import { RateLimiter } from './rate-limit';

test('a key over its limit is refused until the window ends; other keys are unaffected', () => {
  let now = 0;
  const limiter = new RateLimiter(3, 1000, () => now);
  expect([1, 2, 3].map(() => limiter.take('ip:a'))).toEqual([true, true, true]);
  expect(limiter.take('ip:a')).toBe(false);
  expect(limiter.take('ip:b')).toBe(true);
  now = 1000;
  expect(limiter.take('ip:a')).toBe(true);
});
