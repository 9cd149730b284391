import { BaseModel } from './base';

/**
 * A row of `termination_requests`: a supervisor's terminate directive waiting for a second supervisor's confirmation
 * (four eyes: a termination refunds every deposit and ends the deal for good).
 */
export class TerminationRequest extends BaseModel {
  static override tableName = 'termination_requests';
  static override timestampColumns = ['requested_at', 'confirmed_at'];
  id!: number;
  directive_id!: string;
  workflow_id!: string;
  deal_code!: string | null;
  region_code!: string;
  reason!: string;
  requested_by!: string;
  requested_at!: string;
  status!: 'pending' | 'confirmed';
  confirmed_by!: string | null;
  confirmed_at!: string | null;
}
