import { BaseModel } from './base';

/** A row of `supervision_checkpoints` — supervision library (监管库). */
export class SupervisionCheckpoint extends BaseModel {
  static override tableName = 'supervision_checkpoints';
  static override timestampColumns = ['created_at'];
  static override bigintColumns = ['size'];
  id!: number;
  size!: number;
  root!: string;
  signature!: string;
  key_id!: string;
  created_at!: string;
}
