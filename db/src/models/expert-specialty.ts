import { BaseModel } from './base';

/** A row of `expert_specialties`. */
export class ExpertSpecialty extends BaseModel {
  static override tableName = 'expert_specialties';
  static override idColumn = 'code';
  code!: string;
  parent_code!: string | null;
  name!: string;
}
