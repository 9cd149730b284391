import { BaseModel } from './base';

/** A row of `subject_people` — subject library (主体库): a person of a market subject. */
export class SubjectPerson extends BaseModel {
  static override tableName = 'subject_people';
  static override timestampColumns = ['created_at', 'updated_at'];
  id!: number;
  subject_id!: number;
  name!: string;
  role!: string;
  id_number_masked!: string | null;
  id_number_sha256!: string | null;
  mobile_masked!: string | null;
  status!: string;
  created_at!: string;
  updated_at!: string | null;
}
