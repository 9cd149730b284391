import { BaseModel } from './base';

/** A row of `subject_reviews` — subject library (主体库): a change to a subject waiting for staff review (主体审核). */
export class SubjectReview extends BaseModel {
  static override tableName = 'subject_reviews';
  static override timestampColumns = ['submitted_at', 'reviewed_at'];
  id!: number;
  subject_id!: number;
  status!: string;
  changes!: string;
  submitted_by!: string;
  submitted_at!: string;
  reviewed_by!: string | null;
  reviewed_at!: string | null;
  comment!: string | null;
}
