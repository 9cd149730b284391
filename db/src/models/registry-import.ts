import { BaseModel } from './base';

/** A row of `registry_imports`: one batch of an outside register's feed (工商, 资质, 信用), applied once. */
export class RegistryImport extends BaseModel {
  static override tableName = 'registry_imports';
  static override timestampColumns = ['imported_at'];
  id!: number;
  feed!: string;
  batch_id!: string;
  content_sha256!: string;
  imported_at!: string;
  report!: string;
}
