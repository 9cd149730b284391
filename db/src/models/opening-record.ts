import { BaseModel } from './base';

/** A row of `opening_records`: a section's opening record (开标记录), its JSON and HTML in the object store. */
export class OpeningRecord extends BaseModel {
  static override tableName = 'opening_records';
  static override idColumn = 'section_id';
  static override timestampColumns = ['issued_at'];
  section_id!: number;
  opening_id!: number;
  record_sha256!: string;
  html_sha256!: string;
  issued_by!: string;
  issued_by_role!: string;
  issued_at!: string;
}
