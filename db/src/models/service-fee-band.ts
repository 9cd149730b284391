import { BaseModel } from './base';

/** A row of `service_fee_bands`. */
export class ServiceFeeBand extends BaseModel {
  static override tableName = 'service_fee_bands';
  static override idColumn = ['schedule_id', 'from_fen'];
  static override bigintColumns = ['from_fen', 'to_fen'];
  schedule_id!: number;
  from_fen!: number;
  to_fen!: number | null;
  rate_ppm!: number;
}
