import { BaseModel } from './base';

/** A row of `process_definitions`. */
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
