import { BaseModel } from './base';

/** A row of `venue_opening_hours`. */
export class VenueOpeningHours extends BaseModel {
  static override tableName = 'venue_opening_hours';
  static override idColumn = ['region_code', 'weekday'];
  region_code!: string;
  weekday!: number;
  opens_minute!: number;
  closes_minute!: number;
}
