import { BaseModel } from './base';

/** A row of `expert_engagements`. */
export class ExpertEngagement extends BaseModel {
  static override tableName = 'expert_engagements';
  static override idColumn = ['expert_id', 'draw_id'];
  static override timestampColumns = ['engaged_at'];
  expert_id!: number;
  draw_id!: number;
  member_id!: number;
  engaged_at!: string;
}
