import { BaseModel } from './base';

/** A row of `work_calendars`. */
export class WorkCalendarRow extends BaseModel {
  static override tableName = 'work_calendars';
  static override idColumn = ['region_code', 'year'];
  static override timestampColumns = ['updated_at'];
  region_code!: string;
  year!: number;
  holidays!: string;
  workdays!: string;
  updated_by!: number | null;
  updated_at!: string;
}
