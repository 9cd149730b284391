import { BaseModel } from './base';

/** A row of `stored_files`: a file in the object store, by its SHA-256. */
export class StoredFile extends BaseModel {
  static override tableName = 'stored_files';
  static override idColumn = 'sha256';
  static override timestampColumns = ['created_at'];
  static override bigintColumns = ['size_bytes'];
  sha256!: string;
  size_bytes!: number;
  created_at!: string;
}
