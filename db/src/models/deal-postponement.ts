import { BaseModel } from './base';

/** A row of `deal_postponements` (顺延): a move of a deal's bid deadline, and whether its procedure has taken it. */
export class DealPostponement extends BaseModel {
  static override tableName = 'deal_postponements';
  static override timestampColumns = ['from_at', 'to_at', 'created_at', 'workflow_at'];
  id!: number;
  deal_id!: number;
  deal_code!: string;
  region_code!: string;
  from_at!: string;
  to_at!: string;
  cause!: 'late-clarification' | 'late-amendment' | 'requested' | 'calendar';
  reason!: string;
  request_key!: string;
  requested_by!: string;
  notice_id!: number | null;
  created_at!: string;
  workflow_status!: 'pending' | 'applied' | 'no-date' | 'not-running';
  workflow_at!: string | null;
  attempts!: number;
  last_error!: string | null;
}
