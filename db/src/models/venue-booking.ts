import { BaseModel } from './base';

/** A row of `venue_bookings`. */
export class VenueBooking extends BaseModel {
  static override tableName = 'venue_bookings';
  static override timestampColumns = ['starts_at', 'ends_at', 'booked_at', 'released_at'];
  id!: number;
  deal_id!: number;
  section_id!: number | null;
  room_id!: number;
  starts_at!: string;
  ends_at!: string;
  purpose!: string;
  attendees!: number | null;
  booked_key!: string;
  booked_at!: string;
  released_at!: string | null;
  released_key!: string | null;
  release_reason!: string | null;
}
