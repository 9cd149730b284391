import { BaseModel } from './base';

export const ROLES = ['designer', 'staff', 'supervisor', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export class Region extends BaseModel {
  static override tableName = 'regions';
  static override idColumn = 'code';
  code!: string;
  name!: string;
  level!: 'province' | 'city';
  parent_code!: string | null;

  static override jsonSchema = {
    type: 'object',
    required: ['code', 'name', 'level'],
    properties: {
      code: { type: 'string', pattern: '^[0-9]{6,12}$' },
      name: { type: 'string', minLength: 1, maxLength: 100 },
      level: { enum: ['province', 'city'] },
      parent_code: { type: ['string', 'null'] },
    },
  };
}

export class User extends BaseModel {
  static override tableName = 'users';
  static override timestampColumns = ['locked_until', 'created_at'];
  id!: number;
  username!: string;
  display_name!: string;
  password_hash!: string;
  role!: Role;
  region_code!: string;
  failed_logins!: number;
  locked_until!: string | null;
  is_demo!: boolean;
  created_at!: string;

  static override jsonSchema = {
    type: 'object',
    required: ['username', 'display_name', 'password_hash', 'role', 'region_code'],
    properties: {
      username: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{1,63}$' },
      display_name: { type: 'string', minLength: 1, maxLength: 100 },
      role: { enum: [...ROLES] },
      region_code: { type: 'string' },
    },
  };

  static override modifiers = {
    publicColumns(query: import('objection').QueryBuilder<User>) {
      query.select('id', 'username', 'display_name', 'role', 'region_code');
    },
  };
}

export class Session extends BaseModel {
  static override tableName = 'sessions';
  static override idColumn = 'token_hash';
  static override timestampColumns = ['expires_at', 'created_at'];
  token_hash!: string;
  user_id!: number;
  expires_at!: string;
  created_at!: string;

  static override relationMappings = () => ({
    user: { relation: BaseModel.BelongsToOneRelation, modelClass: User, join: { from: 'sessions.user_id', to: 'users.id' } },
  });
}

/** One row written by the spine's probe workflow: proves api → Temporal → worker → database → api. */
export class WorkflowProbe extends BaseModel {
  static override tableName = 'workflow_probes';
  static override timestampColumns = ['created_at'];
  id!: number;
  workflow_id!: string;
  message!: string;
  region_code!: string;
  created_by!: number;
  created_at!: string;
}
