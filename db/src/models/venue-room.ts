import { BaseModel } from './base';

/** A row of `venue_rooms`. */
export class VenueRoom extends BaseModel {
  static override tableName = 'venue_rooms';
  id!: number;
  room_code!: string;
  region_code!: string;
  kind!: string;
  name!: string;
  capacity!: number;
  is_active!: boolean;
}
