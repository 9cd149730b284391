import { BaseModel } from './base';

/** A row of `expert_specialty_links`. */
export class ExpertSpecialtyLink extends BaseModel {
  static override tableName = 'expert_specialty_links';
  static override idColumn = ['expert_id', 'specialty_code'];
  expert_id!: number;
  region_code!: string;
  specialty_code!: string;
}
