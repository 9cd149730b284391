// venue.release (场地释放): frees one booking, or every active booking of the deal (compensation and termination).
import type { Knex } from 'knex';
import { z } from 'zod';
import { Deal, VenueBooking, VenueSlotClaim } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { dealOf } from './deal';

const input = z.object({
  bookingId: z.number().int().positive().optional(),
  all: z.literal(true).optional(),
  reason: z.string().trim().min(1).max(200).optional(),
}).refine((i) => (i.bookingId === undefined) !== (i.all === undefined), { message: 'give exactly one of bookingId and all: true', path: ['bookingId'] });

export interface Release {
  at: Date;
  /** The activity run releasing. */
  key: string;
  reason: string | null;
}

async function releaseBookings(trx: Knex, bookingIds: number[], release: Release): Promise<void> {
  if (bookingIds.length === 0) return;
  const at = release.at.toISOString();
  await VenueSlotClaim.query(trx).whereIn('booking_id', bookingIds).whereNull('released_at').patch({ released_at: at });
  await VenueBooking.query(trx).whereIn('id', bookingIds).whereNull('released_at').patch({ released_at: at, released_key: release.key, release_reason: release.reason });
}

/**
 * Releases every active booking of a deal inside the caller's transaction and answers their ids: the hook that
 * termination and compensation use (venue.release with `all: true` runs it as a task). The caller records the
 * release on the supervision trail in the same transaction.
 */
export async function releaseDealBookings(trx: Knex, dealCode: string, release: Release): Promise<number[]> {
  const rows = await VenueBooking.query(trx).whereIn('deal_id', Deal.query(trx).modify('byDealCode', dealCode).select('id'))
    .whereNull('released_at').orderBy('id').select('id');
  const ids = rows.map((r) => Number(r.id));
  await releaseBookings(trx, ids, release);
  return ids;
}

export const releaseVenue = defineTask({
  type: 'venue.release',
  input,
  async run(ctx, request) {
    const dealCode = ctx.requireDealCode();
    const deal = await dealOf(ctx.trx, dealCode);
    const release: Release = { at: ctx.now, key: ctx.key, reason: request.reason ?? null };
    let released: number[];
    let alreadyReleased: number[] = [];
    if (request.all) {
      released = await releaseDealBookings(ctx.trx, dealCode, release);
    } else {
      const booking = await VenueBooking.query(ctx.trx).where({ id: request.bookingId, deal_id: deal.id }).select('id', 'released_at').first();
      if (!booking) {
        throw new BusinessError('VENUE_BOOKING_NOT_FOUND', `交易项目 ${dealCode} 没有场地预约 ${request.bookingId}`, `deal ${dealCode} has no venue booking ${request.bookingId}`,
          { dealCode, bookingId: request.bookingId });
      }
      released = booking.released_at ? [] : [Number(booking.id)];
      alreadyReleased = booking.released_at ? [Number(booking.id)] : [];
      await releaseBookings(ctx.trx, released, release);
    }
    const answer = { releasedBookingIds: released, alreadyReleasedBookingIds: alreadyReleased };
    await ctx.emit('venue.released', { dealCode, ...answer, all: request.all === true, reason: release.reason });
    return { result: answer };
  },
});
