import { BaseModel } from './base';

/** A row of `regions`. */
export class Region extends BaseModel {
  static override tableName = 'regions';
  static override idColumn = 'code';
  code!: string;
  name!: string;
  level!: 'province' | 'city';
  parent_code!: string | null;
  /** A training sandbox (演练): how many seconds one day of a period lasts there; null for a real region. */
  sandbox_day_seconds!: number | null;
  /** A sandbox's shortest compressed period in seconds (null: a minute). */
  sandbox_shortest_seconds!: number | null;

  static override jsonSchema = {
    type: 'object',
    required: ['code', 'name', 'level'],
    properties: {
      code: { type: 'string', pattern: '^[0-9]{6,12}$' },
      name: { type: 'string', minLength: 1, maxLength: 100 },
      level: { enum: ['province', 'city'] },
      parent_code: { type: ['string', 'null'] },
      sandbox_day_seconds: { type: ['integer', 'null'], minimum: 1, maximum: 86400 },
      sandbox_shortest_seconds: { type: ['integer', 'null'], minimum: 5, maximum: 3600 },
    },
  };
}
