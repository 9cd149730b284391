// Reading a draw of the current deal, and the writes notify, replace and unseal share: opening the sealed list
// (list-seal.ts), queueing a member's messages in the outbox (sealed like the list), and the frequency accounting.
import type { Knex } from 'knex';
import { Expert, ExpertDraw, ExpertDrawMember, ExpertEngagement, ExpertNotification, Region, calendarFor, rawRows, toIsoTimestamp } from '@ggzy/db';
import { compressPeriod } from '@ggzy/process/runtime';
import { BusinessError } from '../step';
import { outermostTransaction } from '../supervision/trail';
import { centreNameOf, renderInvitation, type Channel } from './invitation';
import { openValue, sealValue, sealedAad, type ListSealer } from './list-seal';

export interface DrawRow {
  id: number;
  deal_id: number;
  deal_code: string;
  region_code: string;
  status: 'sealed' | 'unsealed';
  principals: number;
  backups: number;
  /** Null while sealed: the seed is then in sealed_seed, under the data key in sealed_data_key. */
  seed: string | null;
  sealed_seed: string | null;
  sealed_data_key: string | null;
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

/** The data key of a sealed draw (fails loudly with the wrong or a missing master key). */
export function dataKeyOf(draw: Pick<DrawRow, 'id' | 'sealed_data_key'>, sealer: ListSealer): Buffer {
  if (!draw.sealed_data_key) throw new Error(`expert draw ${draw.id} has no sealed data key (unsealed already, or recorded in clear)`);
  return sealer.unwrap(draw.id, draw.sealed_data_key);
}

export interface MemberIdentity { memberId: number; groupNo: number; rank: number; expertId: number }

/** Who the members of a draw are: opened from their sealed form while the draw is sealed, else as stored. */
export async function memberIdentities(trx: Knex, draw: Pick<DrawRow, 'id' | 'sealed_data_key'>, sealer: ListSealer, memberIds?: readonly number[]): Promise<MemberIdentity[]> {
  const query = ExpertDrawMember.query(trx).where('draw_id', draw.id).orderBy('id').select('id', 'group_no', 'rank', 'expert_id', 'sealed_expert');
  if (memberIds) query.whereIn('id', [...memberIds]);
  const rows = await query;
  const dataKey = rows.some((r) => r.sealed_expert !== null) ? dataKeyOf(draw, sealer) : null;
  return rows.map((r) => {
    const groupNo = Number(r.group_no);
    const rank = Number(r.rank);
    const expertId = r.sealed_expert !== null ? Number(openValue(dataKey!, sealedAad.member(draw.id, groupNo, rank), r.sealed_expert)) : Number(r.expert_id);
    return { memberId: Number(r.id), groupNo, rank, expertId };
  });
}

/** What one sealed draw's list says about the frequency cap: who was invited, and when (epoch ms). */
interface OpenedList { stamp: string; invitations: ReadonlyArray<{ expertId: number; invitedAt: number }> }

/**
 * An order-free digest of a set of (draw id, stamp), in two moduli: the same expressions as the triggers that keep the
 * database's digest of the draws still sealed (migration 036).
 */
export const digestOf = (id: number, stamp: string): [number, number] => {
  const s = BigInt(stamp);
  return [Number((BigInt(id) * 1000003n + s) % 2147483647n), Number((BigInt(id) * 999983n + s) % 2147483629n)];
};

/**
 * The sealed lists this process has opened, per database and master-key ring, indexed by expert. They stay in the
 * memory of the process that holds the keys (never written anywhere). A draw asks the database only whether the
 * sealed lists up to the highest id held are still those held (a digest of ids and stamps, computed by the database)
 * and which sealed draws are newer; a full listing is read only when the digest differs (a list changed, a draw was
 * unsealed, or a draw of a lower id committed late). A draw's count then costs what changed and the experts it
 * reaches, not every sealed list.
 */
class SealedListIndex {
  private readonly lists = new Map<number, OpenedList & { addedEpoch: number }>();
  private readonly byExpert = new Map<number, Array<{ drawId: number; invitedAt: number }>>();
  private epoch = 0;
  private count = 0;
  private a = 0;
  private b = 0;
  private maxId = 0;

  /** A mark taken before a listing is read: only what was held before it may be dropped by that listing. */
  mark(): { epoch: number; maxId: number; n: number; a: number; b: number } {
    return { epoch: this.epoch++, maxId: this.maxId, n: this.count, a: this.a, b: this.b };
  }

  stampOf(id: number): string | undefined { return this.lists.get(id)?.stamp; }

  put(id: number, list: OpenedList): void {
    this.drop(id);
    this.lists.set(id, { ...list, addedEpoch: this.epoch++ });
    for (const i of list.invitations) {
      const entries = this.byExpert.get(i.expertId);
      if (entries) entries.push({ drawId: id, invitedAt: i.invitedAt });
      else this.byExpert.set(i.expertId, [{ drawId: id, invitedAt: i.invitedAt }]);
    }
    const [da, db] = digestOf(id, list.stamp);
    this.count++; this.a += da; this.b += db;
    if (id > this.maxId) this.maxId = id;
  }

  drop(id: number): void {
    const list = this.lists.get(id);
    if (!list) return;
    this.lists.delete(id);
    for (const i of list.invitations) {
      const entries = this.byExpert.get(i.expertId);
      if (!entries) continue;
      const rest = entries.filter((e) => e.drawId !== id);
      if (rest.length) this.byExpert.set(i.expertId, rest);
      else this.byExpert.delete(i.expertId);
    }
    const [da, db] = digestOf(id, list.stamp);
    this.count--; this.a -= da; this.b -= db;
    if (id === this.maxId) {
      this.maxId = 0;
      for (const held of this.lists.keys()) if (held > this.maxId) this.maxId = held;
    }
  }

  /** Drops the lists held before `epoch` that a listing read after it no longer shows sealed. */
  dropAbsent(present: ReadonlySet<number>, epoch: number): void {
    for (const [id, list] of [...this.lists]) if (!present.has(id) && list.addedEpoch < epoch) this.drop(id);
  }

  invitationsOf(expertId: number, after: number): number {
    let n = 0;
    for (const e of this.byExpert.get(expertId) ?? []) if (e.invitedAt > after) n++;
    return n;
  }

  *experts(): Generator<number> { yield* this.byExpert.keys(); }
}

const indexes = new WeakMap<object, WeakMap<ListSealer, SealedListIndex>>();

function indexOf(trx: Knex, sealer: ListSealer): SealedListIndex {
  const database = trx.client.config as object; // shared by a connection pool and its transactions
  let bySealer = indexes.get(database);
  if (!bySealer) indexes.set(database, (bySealer = new WeakMap()));
  let index = bySealer.get(sealer);
  if (!index) bySealer.set(sealer, (index = new SealedListIndex()));
  return index;
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** Opens the invitations of the given sealed draws as this transaction sees them. */
async function openLists(trx: Knex, sealer: ListSealer, draws: ReadonlyArray<{ id: number; stamp: string }>): Promise<Map<number, OpenedList>> {
  const opened = new Map<number, OpenedList>(draws.map((d) => [d.id, { stamp: d.stamp, invitations: [] }]));
  for (const part of chunks(draws, 500)) {
    const ids = part.map((d) => d.id);
    const keys = new Map((await ExpertDraw.query(trx).whereIn('id', ids).select('id', 'sealed_data_key')).map((d) => [Number(d.id), d.sealed_data_key]));
    const rows = await ExpertDrawMember.query(trx).whereIn('draw_id', ids).whereNotNull('invited_at').orderBy('id')
      .select('draw_id', 'group_no', 'rank', 'expert_id', 'sealed_expert', 'invited_at');
    const dataKeys = new Map<number, Buffer>();
    for (const r of rows) {
      const drawId = Number(r.draw_id);
      let expertId: number;
      if (r.sealed_expert !== null) {
        let dataKey = dataKeys.get(drawId);
        if (!dataKey) dataKeys.set(drawId, (dataKey = dataKeyOf({ id: drawId, sealed_data_key: keys.get(drawId) ?? null }, sealer)));
        expertId = Number(openValue(dataKey, sealedAad.member(drawId, Number(r.group_no), Number(r.rank)), r.sealed_expert));
      } else {
        expertId = Number(r.expert_id);
      }
      (opened.get(drawId)!.invitations as Array<{ expertId: number; invitedAt: number }>).push({ expertId, invitedAt: Date.parse(String(toIsoTimestamp(r.invited_at!))) });
    }
  }
  return opened;
}

/** Invitations of sealed draws since a moment, per expert (what the frequency cap adds to the recorded engagements). */
export interface SealedInvitationCounts extends Iterable<[number, number]> {
  get(expertId: number): number | undefined;
}

const SEALED = (trx: Knex) => trx(ExpertDraw.tableName).where('status', 'sealed').whereNotNull('sealed_data_key');

/**
 * The invitations of the draws still sealed since `since`, per expert: they count toward the frequency cap like the
 * recorded engagements, which a sealed draw writes only when it is unsealed.
 *
 * Who sits on a sealed draw is readable only with the keys, so the database cannot count them: this process opens
 * each sealed list once and again only when the draw's stamp (migration 032) moved, and keeps them indexed by expert
 * (SealedListIndex). A count read while a draw is being unsealed elsewhere may count its invitations twice (as
 * sealed and as engagements), never not at all.
 */
export async function sealedInvitationCounts(trx: Knex, sealer: ListSealer, since: Date): Promise<SealedInvitationCounts> {
  const index = indexOf(trx, sealer);
  const mark = index.mark();
  // one round trip: the digest of every sealed draw (the row with id null, kept by triggers), then the sealed draws
  // newer than the highest held; what is held is unchanged when the digest less the newer ones is the one held
  const answer = rawRows(trx, await trx.raw(
    `select null as id, sum(n) as list_stamp, sum(a) as a, sum(b) as b from expert_sealed_digest
     union all
     select id, list_stamp, null, null from ${ExpertDraw.tableName} where status = 'sealed' and sealed_data_key is not null and id > ?`,
    [mark.maxId],
  ));
  const all = answer.find((r) => r.id === null);
  const newer = answer.filter((r) => r.id !== null) as Array<{ id: number | string; list_stamp: number | string }>;
  let [n, a, b] = [Number(all?.list_stamp ?? 0), Number(all?.a ?? 0), Number(all?.b ?? 0)];
  for (const d of newer) {
    const [da, db] = digestOf(Number(d.id), String(d.list_stamp));
    n--; a -= da; b -= db;
  }
  const unchanged = n === mark.n && a === mark.a && b === mark.b;
  // plain rows (no model instances): on a changed digest every sealed draw of the platform is listed
  const rows = unchanged ? newer : await SEALED(trx).select('id', 'list_stamp') as typeof newer;
  const listed = rows.map((d) => ({ id: Number(d.id), stamp: String(d.list_stamp) }));
  const stale = listed.filter((d) => index.stampOf(d.id) !== d.stamp);
  if (stale.length) for (const [id, list] of await openLists(trx, sealer, stale)) index.put(id, list);
  if (!unchanged) index.dropAbsent(new Set(listed.map((d) => d.id)), mark.epoch);
  const after = since.getTime();
  return {
    get: (expertId) => index.invitationsOf(expertId, after) || undefined,
    *[Symbol.iterator]() {
      for (const expertId of [...index.experts()]) {
        const n = index.invitationsOf(expertId, after);
        if (n) yield [expertId, n] as [number, number];
      }
    },
  };
}

/**
 * A list this transaction has just sealed (its members and its stamp as written), held in this process's index once
 * the transaction commits, so that the next draw here need not read and open it again. A list whose transaction rolls
 * back is never held; one held while a concurrent count read the digest only makes that count list everything again.
 */
export function rememberSealedList(trx: Knex.Transaction, sealer: ListSealer, drawId: number, stamp: string, invitations: OpenedList['invitations']): void {
  const outer = outermostTransaction(trx);
  const index = indexOf(trx, sealer);
  outer.executionPromise.then(() => index.put(drawId, { stamp, invitations }), () => undefined);
}

/** Counts toward the expert's draw-frequency cap (written when the draw is unsealed: until then it would say who). */
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
  trx: Knex, draw: DrawRow, memberIds: readonly number[], details: InvitationDetails, now: Date, key: string, sealer: ListSealer,
): Promise<number> {
  if (memberIds.length === 0) return 0;
  const region = await Region.query(trx).findById(draw.region_code).select('name');
  const replyDueAt = await replyDueAtFor(trx, draw.region_code, now, details.replyWithinMinutes);
  const members = await memberIdentities(trx, draw, sealer, memberIds);
  const experts = new Map((await Expert.query(trx).whereIn('id', members.map((m) => m.expertId)).select('id', 'name', 'mobile'))
    .map((e) => [Number(e.id), e]));
  // the messages of a sealed draw say who was drawn: they are sealed with its list until experts.unseal
  const dataKey = draw.status === 'sealed' ? dataKeyOf(draw, sealer) : null;
  const messages = [];
  for (const m of members) {
    const expert = experts.get(m.expertId)!;
    for (const channel of details.channels) {
      const idempotencyKey = `${key}/${m.memberId}/${channel}`;
      const recipient = String(expert.mobile);
      const body = renderInvitation(channel, { expertName: expert.name, centreName: centreNameOf(region!.name), evaluationAt: details.evaluationAt, venue: details.venue, replyDueAt });
      messages.push({
        idempotency_key: idempotencyKey, draw_id: draw.id, member_id: m.memberId, channel,
        ...(dataKey
          ? { recipient: null, body: null, sealed_message: sealValue(dataKey, sealedAad.message(draw.id, idempotencyKey), JSON.stringify({ recipient, body })) }
          : { recipient, body }),
        status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), created_at: now.toISOString(),
      });
    }
  }
  await ExpertDrawMember.query(trx).whereIn('id', [...memberIds]).patch({ reply_due_at: replyDueAt.toISOString() });
  // one multi-row knex insert (a message per member and channel): objection inserts arrays on PostgreSQL only
  await trx(ExpertNotification.tableName).insert(messages);
  return messages.length;
}
