// The statutory clocks of 异议 as pure rules: construction (实施条例 §22, §54) and government procurement (质疑, 7
// working days), on a calendar with a holiday, and compressed in the sandbox.
import type { WorkCalendar } from '@ggzy/process';
import { answerDueAt, documentsObjectionUntil, isOverdue, resultObjectionUntil } from './objection-rules';

const CALENDAR: WorkCalendar = { holidays: ['2026-10-01', '2026-10-02'], workdays: [], utcOffsetMinutes: 480 };
const at = (iso: string) => new Date(iso);

test('construction: the answer is due 3 calendar days later, holidays or not; documents objections close 10 days before the deadline', () => {
  expect(answerDueAt(at('2026-09-30T02:00:00Z'), 'construction-open-tender', CALENDAR).toISOString()).toBe('2026-10-03T02:00:00.000Z');
  expect(documentsObjectionUntil(at('2026-10-20T01:30:00Z'), 'construction-open-tender', CALENDAR).toISOString()).toBe('2026-10-10T01:30:00.000Z');
  expect(resultObjectionUntil({ publishedAt: at('2026-10-01T00:00:00Z'), minUntil: at('2026-10-04T00:00:00Z') }, 'construction-open-tender', CALENDAR).toISOString()).toBe('2026-10-04T00:00:00.000Z');
});

test('government procurement: 7 working days, skipping the weekend and the holidays; documents challenges until the deadline', () => {
  // Wed 30 Sep 10:00 (UTC+8): Thu 1 and Fri 2 Oct are holidays, 3–4 a weekend: 5, 6, 7, 8, 9, 12, 13 Oct
  expect(answerDueAt(at('2026-09-30T02:00:00Z'), 'government-procurement-open', CALENDAR).toISOString()).toBe('2026-10-13T02:00:00.000Z');
  expect(documentsObjectionUntil(at('2026-10-20T01:30:00Z'), 'government-procurement-open', CALENDAR).toISOString()).toBe('2026-10-20T01:30:00.000Z');
  expect(resultObjectionUntil({ publishedAt: at('2026-09-29T02:00:00Z'), minUntil: at('2026-09-30T02:00:00Z') }, 'government-procurement-open', CALENDAR).toISOString()).toBe('2026-10-13T02:00:00.000Z');
});

test('the sandbox counts the periods compressed (one day: 10 seconds)', () => {
  const sandbox = { ...CALENDAR, compression: { daySeconds: 10 } };
  const raised = at('2026-09-30T02:00:00Z');
  // 3 days of 10 s would be 30 s: a window people act in stays at least a minute
  expect(answerDueAt(raised, 'construction-open-tender', sandbox).getTime() - raised.getTime()).toBe(60_000);
  expect(at('2026-10-20T01:30:00Z').getTime() - documentsObjectionUntil(at('2026-10-20T01:30:00Z'), 'construction-open-tender', sandbox).getTime()).toBe(100_000);
});

test('overdue: unanswered past the due date only', () => {
  const now = at('2026-10-05T00:00:00Z');
  expect(isOverdue({ status: 'pending', dueAt: '2026-10-04T00:00:00Z' }, now)).toBe(true);
  expect(isOverdue({ status: 'answered', dueAt: '2026-10-04T00:00:00Z' }, now)).toBe(false);
  expect(isOverdue({ status: 'pending', dueAt: '2026-10-06T00:00:00Z' }, now)).toBe(false);
});
