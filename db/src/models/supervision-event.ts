import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `supervision_events` — supervision library (监管库). */
export class SupervisionEvent extends BaseModel {
  static override tableName = 'supervision_events';
  static override idColumn = 'seq';
  static override timestampColumns = ['occurred_at'];

  static override modifiers = {
    /** One hash chain (a deal code, or wf:<workflowId>), oldest first. */
    chain(query: QueryBuilder<SupervisionEvent>, chainKey: string) {
      query.where('chain_key', chainKey).orderBy('seq');
    },
  };
  seq!: number;
  idempotency_key!: string;
  deal_code!: string | null;
  region_code!: string;
  kind!: string;
  actor!: string;
  payload!: string;
  occurred_at!: string;
  chain_key!: string | null;
  prev_hash!: string | null;
  chain_hash!: string | null;
  leaf_hash!: string | null;
}
