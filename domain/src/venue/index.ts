import type { TaskSpec } from '../step';
import { bookVenue } from './book-venue';
import { releaseVenue } from './release-venue';

export { releaseDealBookings } from './release-venue';

export const venueTasks: Record<string, TaskSpec> = {
  'venue.book': bookVenue,
  'venue.release': releaseVenue,
};
export { moveDealBookings, type MovedBooking } from './move-bookings';
