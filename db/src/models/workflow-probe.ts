import { BaseModel } from './base';

/** A row of `workflow_probes`. */
export class WorkflowProbe extends BaseModel {
  static override tableName = 'workflow_probes';
  static override timestampColumns = ['created_at'];
  id!: number;
  workflow_id!: string;
  message!: string;
  region_code!: string;
  created_by!: number;
  created_at!: string;
}
