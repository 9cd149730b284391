import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `notices`. */
export class Notice extends BaseModel {
  static override tableName = 'notices';
  static override timestampColumns = ['published_at', 'min_until', 'withdrawn_at', 'created_at'];

  static override modifiers = {
    /** Notices on the portal now (or once their publication time comes), not withdrawn. */
    published(query: QueryBuilder<Notice>) {
      query.where('status', 'published');
    },
  };
  id!: number;
  deal_id!: number;
  section_id!: number | null;
  region_code!: string;
  notice_type!: string;
  title!: string;
  body!: string;
  body_format!: string;
  status!: string;
  published_at!: string;
  min_until!: string;
  period!: string | null;
  period_basis!: string;
  publish_key!: string;
  withdrawn_at!: string | null;
  withdraw_reason_kind!: string | null;
  withdraw_reason!: string | null;
  withdraw_key!: string | null;
  termination_notice_id!: number | null;
  created_at!: string;
}
