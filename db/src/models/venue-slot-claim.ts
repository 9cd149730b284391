import { BaseModel } from './base';

/** A row of `venue_slot_claims`. */
export class VenueSlotClaim extends BaseModel {
  static override tableName = 'venue_slot_claims';
  static override timestampColumns = ['slot_start', 'released_at'];
  id!: number;
  booking_id!: number;
  room_id!: number;
  slot_start!: string;
  released_at!: string | null;
}
