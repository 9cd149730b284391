import { BaseModel } from './base';

/** A row of `subject_qualifications` — subject library (主体库): a qualification (资质) with kind, grade, validity. */
export class SubjectQualification extends BaseModel {
  static override tableName = 'subject_qualifications';
  static override dateColumns = ['valid_from', 'valid_until'];
  id!: number;
  subject_id!: number;
  kind!: string;
  grade!: string;
  certificate_no!: string;
  issued_by!: string | null;
  valid_from!: string | null;
  valid_until!: string | null;
  evidence_sha256!: string | null;
  status!: string;
  source!: string;
}
