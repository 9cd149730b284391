import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `expert_draw_members`. */
export class ExpertDrawMember extends BaseModel {
  static override tableName = 'expert_draw_members';
  static override timestampColumns = ['invited_at', 'reply_due_at', 'responded_at'];

  static override modifiers = {
    /** A draw's members in the order they were drawn: group by group, each group by rank. */
    ofDraw(query: QueryBuilder<ExpertDrawMember>, drawId: number) {
      query.where('draw_id', drawId).orderBy(['group_no', 'rank']);
    },
  };
  id!: number;
  draw_id!: number;
  /** Null while the draw is sealed (then in sealed_expert). */
  expert_id!: number | null;
  sealed_expert!: string | null;
  group_no!: number;
  specialty_code!: string;
  rank!: number;
  role!: string;
  status!: string;
  seat_no!: number | null;
  invited_at!: string | null;
  reply_due_at!: string | null;
  response!: string | null;
  response_channel!: string | null;
  responded_at!: string | null;
  replaces_member_id!: number | null;
}
