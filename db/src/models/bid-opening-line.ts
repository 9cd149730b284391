import { BaseModel } from './base';

/** A row of `bid_opening_lines`. */
export class BidOpeningLine extends BaseModel {
  static override tableName = 'bid_opening_lines';
  static override bigintColumns = ['price_fen'];
  id!: number;
  opening_id!: number;
  line_no!: number;
  bid_id!: number;
  submission_id!: number;
  bidder_subject_id!: number;
  document_sha256!: string;
  price_fen!: number | null;
  is_valid!: boolean;
  invalid_reason!: string | null;
}
