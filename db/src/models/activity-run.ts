import { BaseModel } from './base';

/** A row of `activity_runs`. */
export class ActivityRun extends BaseModel {
  static override tableName = 'activity_runs';
  static override idColumn = 'idempotency_key';
  static override timestampColumns = ['completed_at'];
  idempotency_key!: string;
  task_type!: string;
  workflow_id!: string;
  deal_code!: string | null;
  result!: string;
  completed_at!: string;
}
