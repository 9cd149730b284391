import { BaseModel } from './base';

export const DEFINITION_STATUSES = ['pending', 'active', 'rejected'] as const;
export type DefinitionStatus = (typeof DEFINITION_STATUSES)[number];

/** A row of `process_definitions`. */
export class ProcessDefinition extends BaseModel {
  static override tableName = 'process_definitions';
  static override timestampColumns = ['deployed_at', 'reviewed_at'];
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
  /** `pending` until a second person approves it (four eyes): only `active` versions start deals. */
  status!: DefinitionStatus;
  /** Who approved or rejected the version (a username), when, and why it was rejected. */
  reviewed_by!: string | null;
  reviewed_at!: string | null;
  review_reason!: string | null;
}
