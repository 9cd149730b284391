// Claiming a room's slots: the database, not a prior read, decides who gets a slot. Each attempt runs in a
// savepoint so a refused claim leaves the activity's transaction usable for the next room.
import type { Knex } from 'knex';
import { VenueBooking, VenueRoom, VenueSlotClaim } from '@ggzy/db';
import { slotStarts, type BookingWindow } from './slots';

export const ROOM_KINDS = ['opening_hall', 'evaluation_room'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export const ROOM_KIND_NAMES: Record<RoomKind, { zh: string; en: string }> = {
  opening_hall: { zh: '开标厅', en: 'opening hall' },
  evaluation_room: { zh: '评标室', en: 'evaluation room' },
};

export interface Room {
  id: number;
  room_code: string;
  region_code: string;
  kind: RoomKind;
  name: string;
  capacity: number;
  is_active: boolean;
}

export interface NewBooking {
  dealId: number;
  sectionId: number | null;
  purpose: string;
  attendees: number | null;
  key: string;
  at: Date;
}

const ROOM_COLUMNS = ['id', 'room_code', 'region_code', 'kind', 'name', 'capacity', 'is_active'];

function asRoom(row: VenueRoom): Room {
  return {
    id: Number(row.id), room_code: row.room_code, region_code: row.region_code, kind: row.kind as RoomKind, name: row.name,
    capacity: Number(row.capacity), is_active: row.is_active,
  };
}

export async function roomByCode(trx: Knex, roomCode: string): Promise<Room | null> {
  const row = await VenueRoom.query(trx).where('room_code', roomCode).select(ROOM_COLUMNS).first();
  return row ? asRoom(row) : null;
}

/** Active rooms of a kind in a region that seat `attendees`, smallest first (the big halls stay free longest). */
export async function candidateRooms(trx: Knex, regionCode: string, kind: RoomKind, attendees: number | null): Promise<Room[]> {
  const rows = await VenueRoom.query(trx).where({ region_code: regionCode, kind, is_active: true })
    .where('capacity', '>=', attendees ?? 1).orderBy([{ column: 'capacity' }, { column: 'room_code' }]).select(ROOM_COLUMNS);
  return rows.map(asRoom);
}

/** True when the database refused a claim because another active booking holds one of its slots. */
export function isSlotConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') return e.constraint === 'venue_slot_claims_active';
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && (e.message ?? '').includes('venue_slot_claims.room_id');
}

/** Books the room for the window, or answers null when one of its slots is held by an active booking. */
export async function claimRoom(trx: Knex.Transaction, room: Room, window: BookingWindow, booking: NewBooking, slotMinutes?: number): Promise<number | null> {
  try {
    return await trx.transaction(async (savepoint) => {
      const row = await VenueBooking.query(savepoint).insert({
        deal_id: booking.dealId, section_id: booking.sectionId, room_id: room.id, starts_at: window.start.toISOString(),
        ends_at: window.end.toISOString(), purpose: booking.purpose, attendees: booking.attendees, booked_key: booking.key,
        booked_at: booking.at.toISOString(),
      });
      const bookingId = Number(row.id);
      // plain knex: one multi-row insert (objection does not batch on SQLite), whose raw unique violation isSlotConflict reads
      await savepoint('venue_slot_claims').insert(slotStarts(window, slotMinutes).map((slot) => ({ booking_id: bookingId, room_id: room.id, slot_start: slot.toISOString() })));
      return bookingId;
    });
  } catch (err) {
    if (isSlotConflict(err)) return null;
    throw err;
  }
}

/** The first slot of the window an active booking of the room holds (committed by the one that won it). */
export async function firstTakenSlot(trx: Knex, roomId: number, window: BookingWindow): Promise<Date | null> {
  const row = await VenueSlotClaim.query(trx).where('room_id', roomId).whereNull('released_at')
    .where('slot_start', '>=', window.start.toISOString()).where('slot_start', '<', window.end.toISOString())
    .orderBy('slot_start').select('slot_start').first();
  return row ? new Date(row.slot_start) : null;
}
