import { BaseModel } from './base';

/** A row of `journal_entries`. */
export class JournalEntry extends BaseModel {
  static override tableName = 'journal_entries';
  static override timestampColumns = ['posted_at'];
  id!: number;
  entry_key!: string;
  kind!: string;
  deal_id!: number | null;
  section_id!: number | null;
  line_count!: number;
  memo!: string;
  activity_key!: string;
  posted_at!: string;
}
