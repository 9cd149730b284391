import type { Knex } from 'knex';
import { VenueOpeningHours, VenueRoom } from './models';

/** The demo cities' opening halls (开标厅) and evaluation rooms (评标室). */
export const DEMO_VENUE_ROOMS: ReadonlyArray<{ room_code: string; region_code: string; kind: 'opening_hall' | 'evaluation_room'; name: string; capacity: number }> = [
  { room_code: '990100-KB-01', region_code: '990100', kind: 'opening_hall', name: '东湖市交易中心第一开标厅', capacity: 80 },
  { room_code: '990100-KB-02', region_code: '990100', kind: 'opening_hall', name: '东湖市交易中心第二开标厅', capacity: 40 },
  { room_code: '990100-PB-01', region_code: '990100', kind: 'evaluation_room', name: '东湖市交易中心第一评标室', capacity: 9 },
  { room_code: '990100-PB-02', region_code: '990100', kind: 'evaluation_room', name: '东湖市交易中心第二评标室', capacity: 9 },
  { room_code: '990100-PB-03', region_code: '990100', kind: 'evaluation_room', name: '东湖市交易中心第三评标室', capacity: 15 },
  { room_code: '990200-KB-01', region_code: '990200', kind: 'opening_hall', name: '西山市交易中心开标厅', capacity: 60 },
  { room_code: '990200-PB-01', region_code: '990200', kind: 'evaluation_room', name: '西山市交易中心评标室', capacity: 11 },
  { room_code: '990900-KB-01', region_code: '990900', kind: 'opening_hall', name: '演练区开标厅（演练）', capacity: 80 },
  { room_code: '990900-KB-02', region_code: '990900', kind: 'opening_hall', name: '演练区第二开标厅（演练）', capacity: 80 },
  { room_code: '990900-PB-01', region_code: '990900', kind: 'evaluation_room', name: '演练区评标室（演练）', capacity: 15 },
  { room_code: '990900-PB-02', region_code: '990900', kind: 'evaluation_room', name: '演练区第二评标室（演练）', capacity: 15 },
];

/** The sandbox's practice rooms are open round the clock, every day: whoever practises, whenever. */
const SANDBOX_REGION = '990900';
const ROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens_minute: 0, closes_minute: 24 * 60 }));

/** Monday to Friday, 08:00–18:00 local time, in both demo cities. */
const WORKING_WEEK = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens_minute: 8 * 60, closes_minute: 18 * 60 }));

/** Seeds the demo venues and their opening hours; a second run changes nothing (rooms edited since are kept). */
export async function seedVenues(trx: Knex): Promise<void> {
  for (const room of DEMO_VENUE_ROOMS) {
    await VenueRoom.query(trx).insert({ ...room, is_active: true }).onConflict('room_code').ignore();
  }
  for (const region_code of new Set(DEMO_VENUE_ROOMS.map((r) => r.region_code))) {
    for (const hours of region_code === SANDBOX_REGION ? ROUND_THE_CLOCK : WORKING_WEEK) {
      await VenueOpeningHours.query(trx).insert({ region_code, ...hours }).onConflict(['region_code', 'weekday']).ignore();
    }
  }
}
