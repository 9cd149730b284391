import type { TaskFactory } from '../kit';
import { bookVenue } from './book-venue';
import { releaseVenue } from './release-venue';

export { releaseDealBookings } from './release-venue';

export const venueTasks: Record<string, TaskFactory> = {
  'venue.book': bookVenue,
  'venue.release': releaseVenue,
};
