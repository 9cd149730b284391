// The designer's palette (ACTIVITY_CATALOG) and the worker's implementations name the same task types.
import { ACTIVITY_CATALOG } from '@ggzy/process/runtime';
import { serviceTasks } from '@ggzy/activities';
import type { Db } from '@ggzy/db';

test('every catalogued task type is implemented, and every implementation is catalogued', () => {
  const implemented = Object.keys(serviceTasks({} as Db)).sort();
  const catalogued = ACTIVITY_CATALOG.map((t) => t.name).sort();
  expect(implemented).toEqual(catalogued);
  expect(new Set(catalogued).size).toBe(catalogued.length);
});

test('every catalogued task type says what it does in both languages and has sane defaults', () => {
  for (const t of ACTIVITY_CATALOG) {
    expect([t.name, t.title.zh, t.title.en, t.description.zh, t.description.en].every((s) => s.trim().length > 0)).toBe(true);
    // no per-type attempt limit: failures are retried by kind (infrastructure without limit, business never)
    expect(Object.keys(t.defaults).filter((k) => k !== 'heartbeatTimeout')).toEqual(['startToCloseTimeout']);
    expect(t.defaults.startToCloseTimeout).toMatch(/^PT\d+[SM]$/);
    if (t.defaults.heartbeatTimeout) expect(t.defaults.heartbeatTimeout).toMatch(/^PT\d+S$/);
  }
});

test('a step that reports it is alive is given up on its dead worker soon: the awards, which heartbeat per letter', () => {
  // a worker killed under a five-minute step must not hold the deal for five minutes (found by npm run chaos)
  const awards = ACTIVITY_CATALOG.find((t) => t.name === 'awards.issueNotice')!;
  expect(awards.defaults).toEqual({ startToCloseTimeout: 'PT5M', heartbeatTimeout: 'PT30S' });
});
