import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `complaints`. */
export class Complaint extends BaseModel {
  static override tableName = 'complaints';
  static override timestampColumns = ['filed_at', 'accepted_at', 'decided_at'];

  static override modifiers = {
    byComplaintNo(query: QueryBuilder<Complaint>, complaintNo: string) {
      query.where('complaint_no', complaintNo);
    },
  };
  id!: number;
  complaint_no!: string;
  workflow_id!: string;
  deal_code!: string;
  region_code!: string;
  complainant_credit_code!: string;
  complainant_name!: string;
  grounds!: string;
  known_on!: string;
  filed_at!: string;
  status!: string;
  accepted_at!: string | null;
  deal_suspended!: boolean;
  decision!: string | null;
  decision_text!: string | null;
  decided_at!: string | null;
}
