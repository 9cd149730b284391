import { BaseModel } from './base';

/** A row of `expert_avoidance_relations`. */
export class ExpertAvoidanceRelation extends BaseModel {
  static override tableName = 'expert_avoidance_relations';
  static override timestampColumns = ['declared_at', 'valid_until'];
  id!: number;
  expert_id!: number;
  subject_id!: number;
  relation!: string;
  description!: string | null;
  declared_at!: string;
  valid_until!: string | null;
}
