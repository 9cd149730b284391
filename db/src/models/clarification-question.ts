import { BaseModel } from './base';

/** A row of `clarification_questions` (答疑): the asker is for staff and supervisors only. */
export class ClarificationQuestion extends BaseModel {
  static override tableName = 'clarification_questions';
  static override timestampColumns = ['asked_at', 'answered_at'];
  id!: number;
  deal_id!: number;
  section_id!: number | null;
  asker_subject_id!: number;
  asker_person_id!: number | null;
  ask_key!: string;
  question!: string;
  asked_at!: string;
  status!: 'open' | 'answered';
  answer!: string | null;
  answered_by_subject_id!: number | null;
  answered_by_person_id!: number | null;
  answered_at!: string | null;
  notice_id!: number | null;
  late!: boolean;
}
