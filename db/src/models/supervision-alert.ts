import { BaseModel } from './base';

/** A row of `supervision_alerts` — supervision library (监管库). */
export class SupervisionAlert extends BaseModel {
  static override tableName = 'supervision_alerts';
  static override timestampColumns = ['evaluated_at'];
  id!: number;
  evaluation_key!: string;
  deal_code!: string;
  region_code!: string;
  rule_id!: string;
  result!: string;
  severity!: string;
  legal_basis!: string;
  evidence!: string;
  evaluated_at!: string;
}
