// venue.book (场地预约): books an opening hall or an evaluation room for a deal, by room code or by kind.
import { z } from 'zod';
import { BusinessError, code, defineTask } from '../step';
import { ROOM_KINDS, ROOM_KIND_NAMES, candidateRooms, claimRoom, firstTakenSlot, roomByCode, type Room } from './claims';
import { dealOf, sectionIdOf } from './deal';
import { SANDBOX_SLOT_MINUTES, SLOT_MINUTES, assertBookableWindow, assertWithinOpeningHours, localText, slotStarts, type BookingWindow } from './slots';

const instant = z.iso.datetime({ offset: true });

const input = z.object({
  roomKind: z.enum(ROOM_KINDS).optional(),
  roomCode: code.optional(),
  start: instant,
  end: instant,
  purpose: z.string().trim().min(1).max(200),
  sectionCode: code.optional(),
  attendees: z.number().int().positive().max(10_000).optional(),
})
  .refine((i) => (i.roomKind === undefined) !== (i.roomCode === undefined), { message: 'give exactly one of roomKind and roomCode', path: ['roomCode'] })
  .refine((i) => Date.parse(i.end) > Date.parse(i.start), { message: 'end must be after start', path: ['end'] });

/** Deal statuses that book nothing any more. */
const CLOSED_DEAL = new Set(['terminated', 'completed', 'archived']);

/** The one room asked for by code: it must exist, be in service and seat the attendees. */
function checkNamedRoom(room: Room | null, roomCode: string, attendees: number | null): Room {
  if (!room) throw new BusinessError('VENUE_ROOM_NOT_FOUND', `场地 ${roomCode} 不存在`, `no room ${roomCode}`, { roomCode });
  if (!room.is_active) throw new BusinessError('VENUE_ROOM_INACTIVE', `场地 ${room.name}（${roomCode}）已停用`, `room ${roomCode} is out of service`, { roomCode });
  if (attendees !== null && room.capacity < attendees) {
    throw new BusinessError('VENUE_ROOM_TOO_SMALL', `场地 ${room.name}（${roomCode}）只能容纳 ${room.capacity} 人，少于 ${attendees} 人`,
      `room ${roomCode} seats ${room.capacity}, fewer than ${attendees}`, { roomCode, capacity: room.capacity, attendees });
  }
  return room;
}

async function slotTaken(trx: Parameters<typeof firstTakenSlot>[0], rooms: Room[], window: BookingWindow, roomKind: string | undefined, slotMinutes: number): Promise<BusinessError> {
  const room = rooms[0]!;
  const slot = (await firstTakenSlot(trx, room.id, window)) ?? window.start;
  const slotEnd = new Date(slot.getTime() + slotMinutes * 60_000);
  const when = `${localText(slot)}–${localText(slotEnd).slice(11)}`;
  const details = { roomCode: room.room_code, slotStart: slot.toISOString(), slotEnd: slotEnd.toISOString(), start: window.start.toISOString(), end: window.end.toISOString() };
  if (roomKind === undefined) {
    return new BusinessError('VENUE_SLOT_TAKEN', `场地 ${room.name}（${room.room_code}）${when} 已被预约`, `room ${room.room_code} is already booked for ${when}`, details);
  }
  const kind = ROOM_KIND_NAMES[room.kind];
  return new BusinessError('VENUE_SLOT_TAKEN', `${localText(window.start)} 起没有空闲的${kind.zh}：${rooms.length} 间均已被预约（如 ${room.room_code} 的 ${when}）`,
    `no ${kind.en} is free from ${localText(window.start)}: all ${rooms.length} are booked (e.g. ${room.room_code} for ${when})`,
    { ...details, roomKind, roomsTried: rooms.map((r) => r.room_code) });
}

export const bookVenue = defineTask({
  type: 'venue.book',
  input,
  async run(ctx, request) {
    const dealCode = ctx.requireDealCode();
    const deal = await dealOf(ctx.trx, dealCode);
    if (CLOSED_DEAL.has(deal.status)) {
      throw new BusinessError('DEAL_CLOSED', `交易项目 ${dealCode} 已${deal.status === 'terminated' ? '终止' : '结束'}，不能预约场地`, `deal ${dealCode} is ${deal.status}: no venue can be booked`, { dealCode, status: deal.status });
    }
    const sectionId = request.sectionCode ? await sectionIdOf(ctx.trx, deal, dealCode, request.sectionCode) : null;
    const window = { start: new Date(request.start), end: new Date(request.end) };
    const slotMinutes = deal.is_sandbox ? SANDBOX_SLOT_MINUTES : SLOT_MINUTES;
    assertBookableWindow(window, ctx.now, slotMinutes);
    const attendees = request.attendees ?? null;

    // By code any region's room may be booked (远程异地评标); by kind, the deal's own region's rooms.
    const rooms = request.roomCode
      ? [checkNamedRoom(await roomByCode(ctx.trx, request.roomCode), request.roomCode, attendees)]
      : await candidateRooms(ctx.trx, deal.region_code, request.roomKind!, attendees);
    if (rooms.length === 0) {
      const kind = ROOM_KIND_NAMES[request.roomKind!];
      throw new BusinessError('VENUE_NO_ROOM', `本地区没有在用的${kind.zh}${attendees ? `可容纳 ${attendees} 人` : ''}`,
        `the region has no ${kind.en} in service${attendees ? ` seating ${attendees}` : ''}`, { regionCode: deal.region_code, roomKind: request.roomKind, attendees });
    }
    await assertWithinOpeningHours(ctx.trx, rooms[0]!.region_code, window);

    const booking = { dealId: deal.id, sectionId, purpose: request.purpose, attendees, key: ctx.key, at: ctx.now };
    for (const room of rooms) {
      const bookingId = await claimRoom(ctx.trx, room, window, booking, slotMinutes);
      if (bookingId === null) continue;
      const booked = {
        bookingId, roomCode: room.room_code, roomName: room.name, roomKind: room.kind, start: window.start.toISOString(),
        end: window.end.toISOString(), purpose: request.purpose, sectionCode: request.sectionCode ?? null,
      };
      await ctx.emit('venue.booked', { dealCode, ...booked, slots: slotStarts(window, slotMinutes).length, attendees });
      return { variables: { venueBooking: booked }, result: booked };
    }
    throw await slotTaken(ctx.trx, rooms, window, request.roomKind, slotMinutes);
  },
});
