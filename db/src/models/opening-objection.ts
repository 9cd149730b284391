import { BaseModel } from './base';

/** A row of `opening_objections`: an objection (异议) a bidder raised in the opening hall, and its answer there. */
export class OpeningObjection extends BaseModel {
  static override tableName = 'opening_objections';
  static override timestampColumns = ['raised_at', 'answered_at'];
  id!: number;
  section_id!: number;
  subject_id!: number;
  raised_by!: string;
  raised_by_name!: string;
  request_key!: string;
  text!: string;
  raised_at!: string;
  answer!: string | null;
  answered_by!: string | null;
  answered_by_role!: string | null;
  answered_by_name!: string | null;
  answered_at!: string | null;
}
