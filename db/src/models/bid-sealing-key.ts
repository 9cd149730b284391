import { BaseModel } from './base';

/** A row of `bid_sealing_keys`. */
export class BidSealingKey extends BaseModel {
  static override tableName = 'bid_sealing_keys';
  static override idColumn = 'section_id';
  static override timestampColumns = ['created_at'];
  section_id!: number;
  algorithm!: string;
  public_key!: string;
  created_at!: string;
}
