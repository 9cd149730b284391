import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `awards`. */
export class Award extends BaseModel {
  static override tableName = 'awards';
  static override timestampColumns = ['issued_at'];
  static override bigintColumns = ['price_fen'];
  id!: number;
  deal_id!: number;
  section_id!: number;
  bid_id!: number;
  winner_subject_id!: number;
  price_fen!: number;
  notice_document_id!: number;
  notice_sha256!: string;
  notice_date!: string;
  issued_key!: string;
  issued_at!: string;

  static override modifiers = {
    /** A section has at most one award. */
    ofSection(query: QueryBuilder<Award>, sectionId: number) {
      query.where('section_id', sectionId);
    },
  };
}
