// Booking windows in fixed 30-minute slots, and the opening hours a region's rooms keep (China Standard Time).
import type { Knex } from 'knex';
import { VenueOpeningHours, calendarFor } from '@ggzy/db';
import { BusinessError } from '../step';

export const SLOT_MINUTES = 30;
/** A sandbox region (演练) books by the minute: its periods are compressed, its rooms are for practice. */
export const SANDBOX_SLOT_MINUTES = 1;
const CST_OFFSET_MS = 8 * 3600_000; // UTC+8, no daylight saving
const MONDAY = 1;

export interface BookingWindow {
  start: Date;
  end: Date;
}

/** The start of every slot the window covers, in order. */
export function slotStarts(window: BookingWindow, slotMinutes = SLOT_MINUTES): Date[] {
  const starts: Date[] = [];
  for (let t = window.start.getTime(); t < window.end.getTime(); t += slotMinutes * 60_000) starts.push(new Date(t));
  return starts;
}

/** Local calendar date, ISO weekday and minute of the day of an instant. */
function local(at: Date): { date: string; weekday: number; minute: number } {
  const shifted = new Date(at.getTime() + CST_OFFSET_MS);
  const day = shifted.getUTCDay();
  return { date: shifted.toISOString().slice(0, 10), weekday: day === 0 ? 7 : day, minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}

/** "2026-03-10 09:30" in local time, for messages. */
export function localText(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Refuses a window that does not start and end on slot boundaries, or that starts before `now`. */
export function assertBookableWindow(window: BookingWindow, now: Date, slotMinutes = SLOT_MINUTES): void {
  const misaligned = [window.start, window.end].find((t) => t.getTime() % (slotMinutes * 60_000) !== 0);
  if (misaligned) {
    throw new BusinessError('VENUE_SLOT_MISALIGNED', `预约时间须为整 ${slotMinutes} 分钟时段：${localText(misaligned)} 不在时段边界上`,
      `bookings use whole ${slotMinutes}-minute slots: ${localText(misaligned)} is not on a slot boundary`, { at: misaligned.toISOString(), slotMinutes });
  }
  if (window.start.getTime() < now.getTime()) {
    throw new BusinessError('VENUE_IN_THE_PAST', `不能预约已经过去的时间：${localText(window.start)}`, `cannot book a time already past: ${localText(window.start)}`,
      { start: window.start.toISOString(), now: now.toISOString() });
  }
}

/** The rooms' hours on the local day of an instant: null when they are closed (a holiday, no hours for the weekday). */
async function hoursOn(trx: Knex, regionCode: string, at: Date): Promise<{ date: string; holiday: boolean; opens: number; closes: number } | { date: string; holiday: boolean; opens: null; closes: null }> {
  const day = local(at);
  const calendar = await calendarFor(trx, regionCode, at.getTime());
  // a sandbox's practice rooms keep their hours on holidays too (演练 goes on whenever someone practises)
  const holiday = !calendar.compression && calendar.holidays.includes(day.date);
  const weekday = calendar.workdays.includes(day.date) ? MONDAY : day.weekday;
  const hours = holiday ? undefined : await VenueOpeningHours.query(trx).where({ region_code: regionCode, weekday }).select('opens_minute', 'closes_minute').first();
  return hours ? { date: day.date, holiday, opens: Number(hours.opens_minute), closes: Number(hours.closes_minute) } : { date: day.date, holiday, opens: null, closes: null };
}

/**
 * Refuses a window outside the opening hours of the region: rooms keep the hours stored per weekday, are closed on
 * the region's public holidays, and keep Monday's hours on its make-up working days (调休). A booking lies within one
 * local day — unless the rooms are open until midnight and from midnight on the next day (a practice room open round
 * the clock), when it may run on into that day.
 */
export async function assertWithinOpeningHours(trx: Knex, regionCode: string, window: BookingWindow): Promise<void> {
  const start = local(window.start);
  const details = { regionCode, date: start.date, start: window.start.toISOString(), end: window.end.toISOString() };
  const first = await hoursOn(trx, regionCode, window.start);
  if (first.opens === null) {
    throw new BusinessError('VENUE_OUTSIDE_OPENING_HOURS', `${start.date} 场地不开放${first.holiday ? '（法定节假日）' : ''}`,
      `the venues are closed on ${start.date}${first.holiday ? ' (public holiday)' : ''}`, { ...details, opens: null, closes: null });
  }
  const outside = (opens: number, closes: number, date: string) => new BusinessError('VENUE_OUTSIDE_OPENING_HOURS',
    `预约时间 ${localText(window.start)}–${localText(window.end).slice(11)} 超出场地开放时间 ${clock(opens)}–${clock(closes)}（${date}）`,
    `${localText(window.start)}–${localText(window.end).slice(11)} is outside the opening hours ${clock(opens)}–${clock(closes)} on ${date}`,
    { ...details, opens: clock(opens), closes: clock(closes) });
  if (start.minute < first.opens) throw outside(first.opens, first.closes, first.date);
  // day by day: each day the window reaches must keep the rooms open up to where the window leaves it
  let dayStartMs = window.start.getTime() - start.minute * 60_000;
  let hours: { date: string; opens: number; closes: number } = first;
  for (;;) {
    const endMinute = (window.end.getTime() - dayStartMs) / 60_000;
    if (endMinute <= hours.closes) return;
    if (hours.closes < 24 * 60) throw outside(hours.opens, hours.closes, hours.date);
    dayStartMs += 24 * 60 * 60_000;
    const next = await hoursOn(trx, regionCode, new Date(dayStartMs));
    if (next.opens === null || next.opens > 0) throw outside(first.opens, first.closes, first.date);
    hours = next;
  }
}
