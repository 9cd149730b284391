import { BaseModel } from './base';

export class ProcessDefinition extends BaseModel {
  static override tableName = 'process_definitions';
  static override timestampColumns = ['deployed_at'];
  id!: number;
  process_key!: string;
  region_code!: string;
  version!: number;
  hash!: string;
  name!: string | null;
  bpmn_xml!: string;
  model!: string;
  forms!: string;
  deployed_by!: number | null;
  deployed_at!: string;
}

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
}

export class ProcessTask extends BaseModel {
  static override tableName = 'process_tasks';
  static override idColumn = 'task_id';
  static override timestampColumns = ['opened_at', 'due_at', 'closed_at'];
  task_id!: string;
  workflow_id!: string;
  node_id!: string;
  name!: string | null;
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
