import type { Db } from './connection';
import { Region, WorkCalendarRow } from './models';

export interface StoredCalendar { holidays: string[]; workdays: string[] }

/**
 * The calendar a deal's timers count working days with: the entries of its region and of its province, for the
 * years around `atMs` (statutory periods can cross a new year). China Standard Time (UTC+8, no daylight saving).
 * A sandbox region's calendar carries its compression (one day lasts `sandbox_day_seconds`; no period shorter than
 * `sandbox_shortest_seconds`, a minute unless set).
 */
export interface RegionCalendar { holidays: string[]; workdays: string[]; utcOffsetMinutes: number; compression?: { daySeconds: number; shortestSeconds?: number } }

export async function calendarFor(db: Db, regionCode: string, atMs: number = Date.now()): Promise<RegionCalendar> {
  const region = await Region.query(db).findById(regionCode);
  const regions = [regionCode, ...(region?.parent_code ? [region.parent_code] : [])];
  const year = new Date(atMs + 8 * 3600_000).getUTCFullYear();
  const rows = await WorkCalendarRow.query(db).whereIn('region_code', regions).whereBetween('year', [year - 1, year + 2]);
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const row of rows) {
    for (const d of JSON.parse(row.holidays) as string[]) holidays.add(d);
    for (const d of JSON.parse(row.workdays) as string[]) workdays.add(d);
  }
  const calendar: RegionCalendar = { holidays: [...holidays].sort(), workdays: [...workdays].sort(), utcOffsetMinutes: 480 };
  // a sandbox region (演练) runs its periods compressed: the deal's workflow is started with this calendar
  if (!region?.sandbox_day_seconds) return calendar;
  const shortest = region.sandbox_shortest_seconds ? { shortestSeconds: Number(region.sandbox_shortest_seconds) } : {};
  return { ...calendar, compression: { daySeconds: Number(region.sandbox_day_seconds), ...shortest } };
}

export async function getWorkCalendar(db: Db, regionCode: string, year: number): Promise<StoredCalendar | null> {
  const row = await WorkCalendarRow.query(db).findById([regionCode, year]);
  return row ? { holidays: JSON.parse(row.holidays), workdays: JSON.parse(row.workdays) } : null;
}

export async function putWorkCalendar(db: Db, regionCode: string, year: number, calendar: StoredCalendar, updatedBy: number): Promise<void> {
  const row = { region_code: regionCode, year, holidays: JSON.stringify([...calendar.holidays].sort()), workdays: JSON.stringify([...calendar.workdays].sort()), updated_by: updatedBy, updated_at: new Date().toISOString() };
  await WorkCalendarRow.query(db).insert(row).onConflict(['region_code', 'year']).merge(['holidays', 'workdays', 'updated_by', 'updated_at']);
}
