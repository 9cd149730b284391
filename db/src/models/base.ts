import { Model, type Pojo } from 'objection';

const SQLITE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** ISO-8601 UTC text for a timestamp, whichever database returned it. */
export function toIsoTimestamp(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && SQLITE_TIMESTAMP.test(value)) return `${value.replace(' ', 'T')}Z`;
  if (typeof value === 'number') return new Date(value).toISOString();
  return value;
}

/** A SQL `date` as its calendar day: PostgreSQL's driver gives a Date at local midnight, SQLite the text itself. */
export function toCalendarDay(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/**
 * Base of every model: timestamps read back as ISO strings and 64-bit integers as numbers on both databases.
 * Models are never bound to a global knex; every query names its connection or transaction.
 */
export abstract class BaseModel extends Model {
  static timestampColumns: readonly string[] = [];
  static bigintColumns: readonly string[] = [];
  static dateColumns: readonly string[] = [];

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    const ctor = this.constructor as typeof BaseModel;
    for (const column of ctor.timestampColumns) {
      if (column in parsed && parsed[column] != null) parsed[column] = toIsoTimestamp(parsed[column]);
    }
    for (const column of ctor.dateColumns) {
      if (column in parsed && parsed[column] != null) parsed[column] = toCalendarDay(parsed[column]);
    }
    for (const column of ctor.bigintColumns) {
      if (typeof parsed[column] === 'string') parsed[column] = Number(parsed[column]);
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'number' && (key.startsWith('is_') || key.startsWith('has_'))) parsed[key] = value !== 0;
    }
    return parsed;
  }
}
