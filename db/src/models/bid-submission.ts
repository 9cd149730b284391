import { BaseModel } from './base';

/** A row of `bid_submissions`. */
export class BidSubmission extends BaseModel {
  static override tableName = 'bid_submissions';
  static override timestampColumns = ['submitted_at', 'superseded_at'];
  id!: number;
  bid_id!: number;
  version!: number;
  document_sha256!: string;
  sealed_price!: string;
  submitted_key!: string;
  submitted_at!: string;
  superseded_at!: string | null;
}
