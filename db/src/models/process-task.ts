import { BaseModel } from './base';

/** A row of `process_tasks`. */
export class ProcessTask extends BaseModel {
  static override tableName = 'process_tasks';
  static override idColumn = 'task_id';
  static override timestampColumns = ['opened_at', 'due_at', 'closed_at'];
  task_id!: string;
  workflow_id!: string;
  node_id!: string;
  name!: string | null;
  name_en!: string | null;
  candidate_role!: string;
  assignee!: string | null;
  region_code!: string;
  form_key!: string | null;
  status!: string;
  opened_at!: string;
  due_at!: string | null;
  closed_at!: string | null;
  completed_by!: string | null;
  revision!: number;
}
