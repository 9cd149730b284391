import { BaseModel } from './base';

/** A row of `service_fee_schedules`. */
export class ServiceFeeSchedule extends BaseModel {
  static override tableName = 'service_fee_schedules';
  static override bigintColumns = ['minimum_fen', 'maximum_fen'];
  id!: number;
  procedure_kind!: string;
  region_code!: string | null;
  effective_from!: string;
  minimum_fen!: number | null;
  maximum_fen!: number | null;
  source!: string;
}
