import { BaseModel } from './base';

/** A row of `collusion_screens` — supervision library (监管库): the bid-rigging screens of one opened section. */
export class CollusionScreen extends BaseModel {
  static override tableName = 'collusion_screens';
  static override timestampColumns = ['screened_at'];
  id!: number;
  section_id!: number;
  deal_code!: string;
  section_code!: string;
  region_code!: string;
  procedure_kind!: string;
  status!: 'screened' | 'failed';
  bid_count!: number;
  market_tenders!: number;
  score!: number | null;
  threshold!: number | null;
  is_flagged!: boolean;
  flag_reasons!: string;
  screens!: string;
  evidence!: string;
  alerted_findings!: string;
  model!: string;
  attempts!: number;
  last_error!: string | null;
  screened_at!: string;
}
