import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `bid_openings`. */
export class BidOpening extends BaseModel {
  static override tableName = 'bid_openings';
  static override timestampColumns = ['deadline_at', 'opened_at', 'decrypt_until'];
  id!: number;
  section_id!: number;
  deadline_at!: string;
  opened_at!: string;
  opened_key!: string;
  valid_bid_count!: number;
  line_count!: number;
  status!: string;
  decrypt_until!: string | null;

  static override modifiers = {
    /** A section is opened once. */
    ofSection(query: QueryBuilder<BidOpening>, sectionId: number) {
      query.where('section_id', sectionId);
    },
  };
}
