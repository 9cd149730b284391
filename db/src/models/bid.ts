import { BaseModel } from './base';

/** A row of `bids`. */
export class Bid extends BaseModel {
  static override tableName = 'bids';
  static override timestampColumns = ['registered_at', 'withdrawn_at'];
  static override bigintColumns = ['price_fen'];
  id!: number;
  section_id!: number;
  bidder_subject_id!: number;
  status!: string;
  price_fen!: number | null;
  registered_at!: string;
  withdrawn_at!: string | null;
}
