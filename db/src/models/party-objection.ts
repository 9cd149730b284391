import { BaseModel } from './base';

/** A row of `party_objections`: a bidder's 异议 to the documents or to the evaluation result, and its answer. */
export class PartyObjection extends BaseModel {
  static override tableName = 'party_objections';
  static override timestampColumns = ['raised_at', 'due_at', 'answered_at'];
  id!: number;
  deal_id!: number;
  kind!: 'documents' | 'result';
  objector_subject_id!: number;
  objector_person_id!: number | null;
  raised_by!: string;
  request_key!: string;
  text!: string;
  files!: string;
  raised_at!: string;
  due_at!: string;
  status!: 'pending' | 'answered';
  answer!: string | null;
  answered_by_subject_id!: number | null;
  answered_by!: string | null;
  answered_at!: string | null;
  notice_id!: number | null;
}
