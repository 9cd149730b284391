import { BaseModel } from './base';

/** A row of `objection_holds`: the suspension pending objections put on a deal, and its release. */
export class ObjectionHold extends BaseModel {
  static override tableName = 'objection_holds';
  static override timestampColumns = ['placed_at', 'released_at'];
  id!: number;
  deal_id!: number;
  directive_id!: string;
  objection_id!: number;
  placed_at!: string;
  released_at!: string | null;
  resumed!: boolean | number | null;
}
