import { BaseModel } from './base';

/** A row of `subject_performances` — subject library (主体库): a performance record (业绩). */
export class SubjectPerformance extends BaseModel {
  static override tableName = 'subject_performances';
  static override dateColumns = ['started_on', 'completed_on'];
  static override timestampColumns = ['verified_at'];
  static override bigintColumns = ['contract_amount_fen'];
  id!: number;
  subject_id!: number;
  project_name!: string;
  contract_amount_fen!: number;
  completed_on!: string | null;
  client_name!: string | null;
  started_on!: string | null;
  evidence_sha256!: string | null;
  deal_code!: string | null;
  verified_at!: string | null;
  verified_by!: string | null;
  source!: string;
}
