import { BaseModel } from './base';

/** A row of `journal_lines`. */
export class JournalLine extends BaseModel {
  static override tableName = 'journal_lines';
  static override bigintColumns = ['amount_fen'];
  id!: number;
  entry_id!: number;
  line_no!: number;
  account_id!: number;
  amount_fen!: number;
  memo!: string;
}
