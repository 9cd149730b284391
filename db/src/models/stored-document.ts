import { BaseModel } from './base';

/** A row of `documents`. */
export class StoredDocument extends BaseModel {
  static override tableName = 'documents';
  static override timestampColumns = ['created_at'];
  static override bigintColumns = ['size_bytes'];
  id!: number;
  deal_code!: string;
  section_code!: string | null;
  subject_id!: number | null;
  kind!: string;
  file_name!: string;
  media_type!: string;
  size_bytes!: number;
  sha256!: string;
  content!: Buffer | null;
  created_key!: string | null;
  created_at!: string;
}
