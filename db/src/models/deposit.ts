import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `deposits`. */
export class Deposit extends BaseModel {
  static override tableName = 'deposits';
  static override timestampColumns = ['collected_at'];
  static override bigintColumns = ['amount_fen'];
  id!: number;
  deal_id!: number;
  section_id!: number;
  bid_id!: number;
  bidder_subject_id!: number;
  form!: string;
  amount_fen!: number;
  paying_account!: string | null;
  guarantee_no!: string | null;
  guarantee_issuer!: string | null;
  guarantee_valid_from!: string | null;
  guarantee_valid_until!: string | null;
  journal_entry_id!: number | null;
  collected_key!: string;
  collected_at!: string;

  static override modifiers = {
    /** A bidder's deposit for a section. */
    ofBidder(query: QueryBuilder<Deposit>, sectionId: number, subjectId: number) {
      query.where({ section_id: sectionId, bidder_subject_id: subjectId });
    },
  };
}
