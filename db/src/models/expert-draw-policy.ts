import { BaseModel } from './base';

/** A row of `expert_draw_policies`. */
export class ExpertDrawPolicy extends BaseModel {
  static override tableName = 'expert_draw_policies';
  static override idColumn = 'scope';
  scope!: string;
  max_draws!: number;
  window_days!: number;
}
