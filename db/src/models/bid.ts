import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `bids`. */
export class Bid extends BaseModel {
  static override tableName = 'bids';
  static override timestampColumns = ['registered_at', 'withdrawn_at'];
  static override bigintColumns = ['price_fen'];
  id!: number;
  section_id!: number;
  bidder_subject_id!: number;
  status!: string;
  price_fen!: number | null;
  registered_at!: string;
  withdrawn_at!: string | null;

  static override modifiers = {
    /** A bidder's registration for a section. */
    ofBidder(query: QueryBuilder<Bid>, sectionId: number, subjectId: number) {
      query.where({ section_id: sectionId, bidder_subject_id: subjectId });
    },
    /** Bids still in the running (neither withdrawn nor rejected). */
    live(query: QueryBuilder<Bid>) {
      query.whereNotIn('status', ['withdrawn', 'rejected']);
    },
  };
}
