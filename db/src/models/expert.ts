import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `experts`. */
export class Expert extends BaseModel {
  static override tableName = 'experts';

  static override modifiers = {
    byExpertCode(query: QueryBuilder<Expert>, expertCode: string) {
      query.where('expert_code', expertCode);
    },
  };
  id!: number;
  expert_code!: string;
  name!: string;
  specialty_code!: string;
  region_code!: string;
  employer_subject_id!: number | null;
  status!: string;
  kind!: string;
  mobile!: string | null;
  title!: string | null;
}
