import { BaseModel } from './base';

/** A row of `expert_draw_sections`. */
export class ExpertDrawSection extends BaseModel {
  static override tableName = 'expert_draw_sections';
  static override idColumn = ['draw_id', 'section_id'];
  draw_id!: number;
  section_id!: number;
}
