import { BaseModel } from './base';

/** A row of `drug_prices` — price library (价格信息库): a drug's or consumable's 挂网价 published by a province. */
export class DrugPrice extends BaseModel {
  static override tableName = 'drug_prices';
  static override bigintColumns = ['listed_price_fen'];
  id!: number;
  import_id!: number;
  row_no!: number;
  product_key!: string;
  generic_name!: string;
  dosage_form!: string;
  specification!: string;
  packaging!: string;
  manufacturer!: string;
  province!: string;
  listed_price_fen!: number;
  listed_on!: string;
  period!: string;
  region_code!: string;
  source!: string;
}
