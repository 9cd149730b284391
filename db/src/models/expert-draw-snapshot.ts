import { BaseModel } from './base';

/** A row of `expert_draw_snapshots`. */
export class ExpertDrawSnapshot extends BaseModel {
  static override tableName = 'expert_draw_snapshots';
  static override idColumn = 'draw_id';
  draw_id!: number;
  snapshot!: string;
}
