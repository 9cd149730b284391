import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';
import { Section } from './section';

/** A row of `deals` — transaction library (交易库). */
export class Deal extends BaseModel {
  static override tableName = 'deals';
  static override timestampColumns = ['created_at', 'updated_at', 'bid_deadline_at', 'documents_on_sale_until'];
  static override bigintColumns = ['estimate_fen'];
  id!: number;
  deal_code!: string;
  region_code!: string;
  title!: string;
  procedure_kind!: string;
  /** 品目: what is bought or built (a category of the price library), when the deal names one. */
  category!: string | null;
  status!: string;
  workflow_id!: string | null;
  created_at!: string;
  updated_at!: string;
  tenderee_subject_id!: number | null;
  agent_subject_id!: number | null;
  estimate_fen!: number | null;
  registered_key!: string | null;
  bid_deadline_at!: string | null;
  documents_on_sale_until!: string | null;
  /** Registered in a sandbox region (演练): never listed, counted or exported with the real deals. */
  is_sandbox!: boolean;
  sections?: Section[];

  static override relationMappings = () => ({
    sections: { relation: BaseModel.HasManyRelation, modelClass: Section, join: { from: 'deals.id', to: 'sections.deal_id' } },
  });

  static override modifiers = {
    /** The deal a unified deal code (统一交易标识码) names. */
    byDealCode(query: QueryBuilder<Deal>, dealCode: string) {
      query.where('deal_code', dealCode);
    },
  };
}
