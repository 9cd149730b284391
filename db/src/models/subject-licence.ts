import { BaseModel } from './base';

/** A row of `subject_licences` — subject library (主体库): a licence (证照) such as the business licence. */
export class SubjectLicence extends BaseModel {
  static override tableName = 'subject_licences';
  static override dateColumns = ['valid_from', 'valid_until'];
  id!: number;
  subject_id!: number;
  kind!: string;
  grade!: string;
  licence_no!: string;
  valid_until!: string | null;
  issued_by!: string | null;
  valid_from!: string | null;
  evidence_sha256!: string | null;
  status!: string;
  source!: string;
}
