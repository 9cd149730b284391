import { BaseModel } from './base';

/** A row of `price_imports` — price library (价格信息库): one imported price list, known by its file's SHA-256. */
export class PriceImport extends BaseModel {
  static override tableName = 'price_imports';
  static override timestampColumns = ['imported_at'];
  id!: number;
  kind!: 'bill_items' | 'drugs';
  sha256!: string;
  file_name!: string;
  region_code!: string;
  imported_by!: string;
  row_count!: number;
  imported_at!: string;
}
