import { BaseModel } from './base';

/** A row of `deal_files`: a file of the object store (by SHA-256) that is a document of a deal (an opening record …). */
export class DealFile extends BaseModel {
  static override tableName = 'deal_files';
  static override timestampColumns = ['created_at'];
  static override bigintColumns = ['size_bytes'];
  id!: number;
  deal_id!: number;
  section_id!: number | null;
  kind!: string;
  file_name!: string;
  media_type!: string;
  sha256!: string;
  size_bytes!: number;
  created_key!: string;
  created_at!: string;
}
