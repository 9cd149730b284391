// Reading a draw of the current deal, and the writes notify and replace share: inviting a member (frequency
// accounting) and queueing its messages in the outbox.
import type { Knex } from 'knex';
import { ExpertDraw, ExpertDrawMember, ExpertEngagement, ExpertNotification, Region, calendarFor, toIsoTimestamp } from '@ggzy/db';
import { compressPeriod } from '@ggzy/process/runtime';
import { BusinessError } from '../step';
import { centreNameOf, renderInvitation, type Channel } from './invitation';

export interface DrawRow {
  id: number;
  deal_id: number;
  deal_code: string;
  region_code: string;
  status: 'sealed' | 'unsealed';
  principals: number;
  backups: number;
  seed: string;
  seed_commitment: string;
  snapshot_hash: string;
  evaluation_at: string | null;
  venue: string | null;
  reply_within_minutes: number | null;
}

export const drawNotFound = (drawId: number, dealCode?: string) => new BusinessError(
  'DRAW_NOT_FOUND',
  dealCode ? `交易项目 ${dealCode} 没有专家抽取记录 ${drawId}` : `专家抽取记录不存在：${drawId}`,
  dealCode ? `deal ${dealCode} has no expert draw ${drawId}` : `expert draw not found: ${drawId}`,
  { drawId, ...(dealCode ? { dealCode } : {}) },
);

export async function findDraw(trx: Knex, drawId: number): Promise<DrawRow | null> {
  const row = await ExpertDraw.query(trx).alias('x').join('deals as d', 'd.id', 'x.deal_id').where('x.id', drawId)
    .select('x.*', 'd.deal_code').first().castTo<(ExpertDraw & { deal_code: string }) | undefined>();
  if (!row) return null;
  return {
    ...(row as unknown as DrawRow), id: Number(row.id), deal_id: Number(row.deal_id), principals: Number(row.principals), backups: Number(row.backups),
    reply_within_minutes: row.reply_within_minutes === null ? null : Number(row.reply_within_minutes),
    evaluation_at: row.evaluation_at === null ? null : String(toIsoTimestamp(row.evaluation_at)),
  };
}

/**
 * Holds the draw's row until the transaction ends, so answers, replacements and unsealing of one draw happen one
 * after the other (PostgreSQL; SQLite runs one writer at a time anyway).
 */
export async function lockDraw(trx: Knex, drawId: number): Promise<void> {
  if (trx.client.config.client === 'pg') await ExpertDraw.query(trx).where('id', drawId).forUpdate().select('id').limit(1).first();
}

/** The draw, which must belong to the process's deal; locked for the rest of the transaction. */
export async function drawOfDeal(trx: Knex, drawId: number, dealCode: string): Promise<DrawRow> {
  await lockDraw(trx, drawId);
  const draw = await findDraw(trx, drawId);
  if (!draw || draw.deal_code !== dealCode) throw drawNotFound(drawId, dealCode);
  return draw;
}

export function assertSealed(draw: DrawRow): void {
  if (draw.status !== 'sealed') {
    throw new BusinessError('DRAW_ALREADY_UNSEALED', `专家抽取 ${draw.id} 已解密，名单不再变更`, `expert draw ${draw.id} is already unsealed; its list no longer changes`, { drawId: draw.id });
  }
}

/** Counts toward the expert's draw-frequency cap. */
export async function recordEngagements(trx: Knex, members: ReadonlyArray<{ expertId: number; drawId: number; memberId: number }>, at: Date): Promise<void> {
  if (members.length === 0) return;
  // one multi-row knex insert: objection inserts arrays on PostgreSQL only
  await trx(ExpertEngagement.tableName).insert(members.map((m) => ({ expert_id: m.expertId, draw_id: m.drawId, member_id: m.memberId, engaged_at: at.toISOString() })));
}

/** When invitees must have answered: the minutes given, compressed in a sandbox region (演练) like every period. */
export async function replyDueAtFor(trx: Knex, regionCode: string, now: Date, replyWithinMinutes: number): Promise<Date> {
  const { compression } = await calendarFor(trx, regionCode, now.getTime());
  return new Date(now.getTime() + compressPeriod(replyWithinMinutes * 60_000, compression));
}

export interface InvitationDetails { evaluationAt: Date; venue: string; replyWithinMinutes: number; channels: readonly Channel[] }

/** Sets the member's reply deadline and queues one message per channel. Answers the number of messages. */
export async function queueInvitations(
  trx: Knex, draw: DrawRow, memberIds: readonly number[], details: InvitationDetails, now: Date, key: string,
): Promise<number> {
  if (memberIds.length === 0) return 0;
  const region = await Region.query(trx).findById(draw.region_code).select('name');
  const replyDueAt = await replyDueAtFor(trx, draw.region_code, now, details.replyWithinMinutes);
  const members = await ExpertDrawMember.query(trx).alias('m').join('experts as e', 'e.id', 'm.expert_id')
    .whereIn('m.id', [...memberIds]).orderBy('m.id').select('m.id', 'e.name', 'e.mobile')
    .castTo<Array<{ id: number; name: string; mobile: string }>>();
  const messages = [];
  for (const m of members) {
    for (const channel of details.channels) {
      messages.push({
        idempotency_key: `${key}/${Number(m.id)}/${channel}`, draw_id: draw.id, member_id: Number(m.id), channel, recipient: m.mobile,
        body: renderInvitation(channel, { expertName: m.name, centreName: centreNameOf(region!.name), evaluationAt: details.evaluationAt, venue: details.venue, replyDueAt }),
        status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), created_at: now.toISOString(),
      });
    }
  }
  await ExpertDrawMember.query(trx).whereIn('id', [...memberIds]).patch({ reply_due_at: replyDueAt.toISOString() });
  // one multi-row knex insert (a message per member and channel): objection inserts arrays on PostgreSQL only
  await trx(ExpertNotification.tableName).insert(messages);
  return messages.length;
}
