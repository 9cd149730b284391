// Moving a deal's bookings with its dates (顺延): each active booking from the old opening on is released and the
// same room claimed for the same window moved by the span — another room of its kind in the region when that one is
// taken meanwhile. A booking no room can take is answered unmoved: staff book it anew.
import type { Knex } from 'knex';
import { Deal, VenueBooking, VenueRoom, VenueSlotClaim } from '@ggzy/db';
import { candidateRooms, claimRoom, type Room, type RoomKind } from './claims';
import { SANDBOX_SLOT_MINUTES, SLOT_MINUTES } from './slots';

export interface MovedBooking { bookingId: number; purpose: string; from: string; to: string; roomCode: string | null; newBookingId: number | null }

export async function moveDealBookings(trx: Knex.Transaction, dealCode: string, move: { from: Date; spanMs: number; key: string; at: Date; reason: string }): Promise<MovedBooking[]> {
  const deal = await Deal.query(trx).modify('byDealCode', dealCode).select('id', 'region_code', 'is_sandbox').first();
  if (!deal) return [];
  const bookings = await VenueBooking.query(trx).where('deal_id', deal.id).whereNull('released_at').where('starts_at', '>=', move.from.toISOString()).orderBy('id');
  const slotMinutes = deal.is_sandbox ? SANDBOX_SLOT_MINUTES : SLOT_MINUTES;
  const moved: MovedBooking[] = [];
  for (const b of bookings) {
    const at = move.at.toISOString();
    await VenueSlotClaim.query(trx).where('booking_id', b.id).whereNull('released_at').patch({ released_at: at });
    await VenueBooking.query(trx).findById(b.id).patch({ released_at: at, released_key: move.key, release_reason: move.reason.slice(0, 200) });
    const window = { start: new Date(new Date(b.starts_at).getTime() + move.spanMs), end: new Date(new Date(b.ends_at).getTime() + move.spanMs) };
    const own = await VenueRoom.query(trx).findById(b.room_id);
    const rooms: Room[] = own ? [{ id: Number(own.id), room_code: own.room_code, region_code: own.region_code, kind: own.kind as RoomKind, name: own.name, capacity: Number(own.capacity), is_active: own.is_active }] : [];
    if (own) rooms.push(...(await candidateRooms(trx, own.region_code, own.kind as RoomKind, b.attendees === null ? null : Number(b.attendees))).filter((r) => r.id !== Number(own.id)));
    let placed: { id: number; room: Room } | null = null;
    for (const room of rooms) {
      const id = await claimRoom(trx, room, window, {
        dealId: Number(deal.id), sectionId: b.section_id === null ? null : Number(b.section_id), purpose: b.purpose, attendees: b.attendees === null ? null : Number(b.attendees),
        key: `${move.key}/venue/${b.id}`, at: move.at,
      }, slotMinutes);
      if (id !== null) {
        placed = { id, room };
        break;
      }
    }
    moved.push({ bookingId: Number(b.id), purpose: b.purpose, from: new Date(b.starts_at).toISOString(), to: window.start.toISOString(), roomCode: placed?.room.room_code ?? null, newBookingId: placed?.id ?? null });
  }
  return moved;
}
