import { BaseModel } from './base';

/** A row of `expert_draws`. */
export class ExpertDraw extends BaseModel {
  static override tableName = 'expert_draws';
  static override timestampColumns = ['drawn_at', 'evaluation_at', 'unsealed_at'];
  id!: number;
  deal_id!: number;
  region_code!: string;
  status!: string;
  committee_size!: number;
  tenderee_representatives!: number;
  request!: string;
  /** Hex; null while the draw is sealed (then in sealed_seed). */
  seed!: string | null;
  seed_commitment!: string;
  snapshot_hash!: string;
  candidates!: number;
  reached!: number;
  principals!: number;
  backups!: number;
  drawn_key!: string;
  drawn_at!: string;
  evaluation_at!: string | null;
  venue!: string | null;
  reply_within_minutes!: number | null;
  unsealed_at!: string | null;
  unsealed_key!: string | null;
  /** The draw's data key wrapped by the master key, while sealed. */
  sealed_data_key!: string | null;
  sealed_seed!: string | null;
  /** Changes whenever the draw's member rows do (a trigger): what a process opened of a sealed list is good while it holds. */
  list_stamp!: number | string;
}
