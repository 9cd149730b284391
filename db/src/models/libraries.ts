import { BaseModel } from './base';

// transaction library (交易库)
export class Deal extends BaseModel {
  static override tableName = 'deals';
  static override timestampColumns = ['created_at', 'updated_at'];
  id!: number;
  deal_code!: string;
  region_code!: string;
  title!: string;
  procedure_kind!: string;
  status!: string;
  workflow_id!: string | null;
  created_at!: string;
  updated_at!: string;
  sections?: Section[];

  static override relationMappings = () => ({
    sections: { relation: BaseModel.HasManyRelation, modelClass: Section, join: { from: 'deals.id', to: 'sections.deal_id' } },
  });
}

export class Section extends BaseModel {
  static override tableName = 'sections';
  static override bigintColumns = ['estimate_fen'];
  id!: number;
  deal_id!: number;
  section_code!: string;
  name!: string;
  estimate_fen!: number | null;
  status!: string;
}

// subject library (主体库)
export class Subject extends BaseModel {
  static override tableName = 'subjects';
  static override timestampColumns = ['created_at'];
  id!: number;
  credit_code!: string;
  name!: string;
  kind!: string;
  region_code!: string | null;
  created_at!: string;

  static override jsonSchema = {
    type: 'object',
    required: ['credit_code', 'name', 'kind'],
    properties: { credit_code: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }, name: { type: 'string', minLength: 1 } },
  };
}

// expert library (专家库)
export class Expert extends BaseModel {
  static override tableName = 'experts';
  id!: number;
  expert_code!: string;
  name!: string;
  specialty_code!: string;
  region_code!: string;
  employer_subject_id!: number | null;
  status!: string;
}

// credit library (信用库)
export class CreditRecord extends BaseModel {
  static override tableName = 'credit_records';
  static override timestampColumns = ['valid_from', 'valid_until'];
  id!: number;
  subject_id!: number;
  kind!: 'honest' | 'dishonest';
  description!: string;
  source_region_code!: string;
  valid_from!: string;
  valid_until!: string | null;
}

// supervision library (监管库)
export class SupervisionEvent extends BaseModel {
  static override tableName = 'supervision_events';
  static override idColumn = 'seq';
  static override timestampColumns = ['occurred_at'];
  static override bigintColumns = ['seq'];
  seq!: number;
  idempotency_key!: string;
  deal_code!: string | null;
  region_code!: string;
  kind!: string;
  actor!: string;
  payload!: string;
  occurred_at!: string;
}

// price library (价格库)
export class AwardedPrice extends BaseModel {
  static override tableName = 'awarded_prices';
  static override timestampColumns = ['awarded_at'];
  static override bigintColumns = ['amount_fen'];
  id!: number;
  deal_code!: string;
  section_code!: string;
  amount_fen!: number;
  currency!: string;
  awarded_at!: string;
}

/** Which tables make up each of the six unified libraries. */
export const LIBRARIES = {
  transaction: ['deals', 'sections'],
  subject: ['subjects'],
  expert: ['experts'],
  credit: ['credit_records'],
  supervision: ['supervision_events'],
  price: ['awarded_prices'],
} as const;
