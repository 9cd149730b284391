import { BaseModel } from './base';

/** A row of `award_result_letters`. */
export class AwardResultLetter extends BaseModel {
  static override tableName = 'award_result_letters';
  static override idColumn = ['award_id', 'bidder_subject_id'];
  award_id!: number;
  bidder_subject_id!: number;
  document_id!: number;
}
