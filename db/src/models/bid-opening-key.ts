import { BaseModel } from './base';

/** A row of `bid_opening_keys`. */
export class BidOpeningKey extends BaseModel {
  static override tableName = 'bid_opening_keys';
  static override idColumn = 'section_id';
  section_id!: number;
  private_key!: string;
}
