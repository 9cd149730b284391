import { BaseModel } from './base';

/** A row of `archive_entries`. */
export class ArchiveEntry extends BaseModel {
  static override tableName = 'archive_entries';
  static override bigintColumns = ['size'];
  id!: number;
  archive_id!: number;
  position!: number;
  kind!: string;
  path!: string;
  sha256!: string;
  size!: number;
  source_ref!: string;
}
