import { BaseModel } from './base';
import type { DefinitionStatus } from './process-definition';

/** A row of `decision_definitions`: one deployed version of a decision table for a region. */
export class DecisionDefinition extends BaseModel {
  static override tableName = 'decision_definitions';
  static override timestampColumns = ['deployed_at', 'reviewed_at'];
  id!: number;
  decision_key!: string;
  region_code!: string;
  version!: number;
  hash!: string;
  name!: string | null;
  dmn_xml!: string;
  /** The compiled DecisionModel (JSON). */
  model!: string;
  deployed_by!: number | null;
  deployed_at!: string;
  status!: DefinitionStatus;
  reviewed_by!: string | null;
  reviewed_at!: string | null;
  review_reason!: string | null;
}
