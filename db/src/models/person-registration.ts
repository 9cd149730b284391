import { BaseModel } from './base';

/** A row of `person_registrations` — subject library (主体库): a person's professional registration (注册建造师 …). */
export class PersonRegistration extends BaseModel {
  static override tableName = 'person_registrations';
  static override dateColumns = ['valid_until'];
  id!: number;
  person_id!: number;
  kind!: string;
  specialty!: string | null;
  grade!: string | null;
  registration_no!: string;
  valid_until!: string | null;
  status!: string;
  source!: string;
}
