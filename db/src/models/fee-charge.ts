import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `fee_charges`. */
export class FeeCharge extends BaseModel {
  static override tableName = 'fee_charges';
  static override timestampColumns = ['charged_at'];
  static override bigintColumns = ['base_fen', 'fee_fen'];
  id!: number;
  section_id!: number;
  award_id!: number;
  payer_subject_id!: number;
  schedule_id!: number;
  base_fen!: number;
  fee_fen!: number;
  breakdown!: string;
  journal_entry_id!: number | null;
  charged_key!: string;
  charged_at!: string;

  static override modifiers = {
    /** A section is charged its service fee once. */
    ofSection(query: QueryBuilder<FeeCharge>, sectionId: number) {
      query.where('section_id', sectionId);
    },
  };
}
