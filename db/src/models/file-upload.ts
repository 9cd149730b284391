import { BaseModel } from './base';

/** A row of `file_uploads`: a resumable upload session. */
export class FileUpload extends BaseModel {
  static override tableName = 'file_uploads';
  static override timestampColumns = ['created_at', 'updated_at', 'expires_at'];
  static override bigintColumns = ['size_bytes', 'received_bytes'];
  id!: string;
  owner_user_id!: number;
  file_name!: string;
  media_type!: string;
  size_bytes!: number;
  received_bytes!: number;
  expected_sha256!: string | null;
  sha256!: string | null;
  status!: string;
  created_at!: string;
  updated_at!: string;
  expires_at!: string;
}
