import { BaseModel } from './base';

/** A row of `process_instances`. */
export class ProcessInstance extends BaseModel {
  static override tableName = 'process_instances';
  static override idColumn = 'workflow_id';
  static override timestampColumns = ['started_at', 'updated_at'];
  workflow_id!: string;
  definition_id!: number | null;
  process_key!: string;
  version!: number;
  region_code!: string;
  deal_code!: string | null;
  lifecycle!: string;
  started_by!: string;
  started_at!: string;
  updated_at!: string;
  /** The incidents the deal waits on now (JSON list) and how many. */
  incidents!: string | null;
  incident_count!: number;
}
