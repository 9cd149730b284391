import { BaseModel } from './base';

/** A row of `bill_item_prices` — price library (价格信息库): one 工程量清单 item's unit price from an imported list. */
export class BillItemPrice extends BaseModel {
  static override tableName = 'bill_item_prices';
  static override bigintColumns = ['unit_price_fen'];
  id!: number;
  import_id!: number;
  row_no!: number;
  item_code!: string;
  item_name!: string;
  unit!: string;
  quantity!: number;
  unit_price_fen!: number;
  region_code!: string;
  period!: string;
  source!: string;
}
