// experts.draw (专家抽取): the evaluation committee's experts drawn at random from those who may sit, with ranked
// backups. The seed and the candidate snapshot are recorded so the draw can be replayed (verifyDraw); the list is
// sealed: neither the result nor the supervision event names anyone, and the members and the seed are stored
// encrypted under the draw's own data key (list-seal.ts) until experts.unseal.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Deal, ExpertDraw, ExpertDrawMember, ExpertDrawPolicy, ExpertDrawSection, ExpertDrawSnapshot, Region, groupConcat, rawRows } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError, code, defineTask, type TaskContext } from '../step';
import { loadFacts, loadPool, regionScope, specialtySubtrees } from './candidates';
import { DRAW_ALGORITHM, seedSource } from './draw-stream';
import { sealedInvitationCounts, type SealedInvitationCounts } from './draw-records';
import { sealValue, sealedAad } from './list-seal';
import { FACT_COLUMNS, exclusionOf, selectMembers, snapshotJson, walkOrder, type CandidateFacts, type DrawSnapshot, type GroupRequest } from './selection';

const regionCode = z.string().regex(/^\d{6,12}$/, 'a region code is 6 to 12 digits');

const input = z.object({
  /** The sections the committee evaluates; all sections of the deal when omitted. */
  sectionCodes: z.array(code).min(1).max(99).optional(),
  /** The whole committee (评标委员会), tenderee representatives included: odd, at least 5. */
  committeeSize: z.number().int().min(1).max(99),
  specialties: z.array(z.object({
    specialtyCode: code,
    count: z.number().int().min(1).max(49),
    backups: z.number().int().min(0).max(49).default(2),
    kind: z.enum(['technical', 'economic']).optional(),
  })).min(1).max(20),
  /** Where experts may come from (a region includes the regions below it); the deal's region when omitted. */
  regionCodes: z.array(regionCode).min(1).max(50).optional(),
});

type DrawInput = z.infer<typeof input>;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function checkComposition(request: DrawInput): number {
  const size = request.committeeSize;
  if (size < 5 || size % 2 === 0) {
    throw new BusinessError('COMMITTEE_SIZE_INVALID', `评标委员会成员人数应为五人以上单数，收到 ${size}`, `the committee must have an odd number of at least 5 members, got ${size}`, { committeeSize: size });
  }
  const experts = request.specialties.reduce((sum, s) => sum + s.count, 0);
  if (experts > size || experts * 3 < size * 2) {
    throw new BusinessError(
      'COMMITTEE_COMPOSITION_INVALID',
      `抽取专家 ${experts} 人与评标委员会 ${size} 人不符：技术、经济等方面的专家不得少于成员总数的三分之二，且不得多于成员总数`,
      `${experts} experts do not fit a committee of ${size}: technical and economic experts must be at least two thirds of the members and no more than all of them`,
      { committeeSize: size, experts },
    );
  }
  return size - experts;
}

/** The deal, locked for the rest of the transaction: two draws of one deal run one after the other (PostgreSQL). */
async function dealOf(ctx: TaskContext, dealCode: string) {
  const query = Deal.query(ctx.trx).where('deal_code', dealCode);
  if (ctx.trx.client.config.client === 'pg') query.forUpdate();
  const deal = await query.select('id', 'region_code', 'status', 'tenderee_subject_id', 'agent_subject_id').limit(1).first();
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目不存在：${dealCode}`, `deal not found: ${dealCode}`, { dealCode });
  if (deal.status === 'terminated') {
    throw new BusinessError('DEAL_TERMINATED', `交易项目 ${dealCode} 已终止`, `deal ${dealCode} is terminated`, { dealCode });
  }
  return { id: Number(deal.id), region_code: deal.region_code, status: deal.status, tenderee_subject_id: deal.tenderee_subject_id, agent_subject_id: deal.agent_subject_id };
}

interface DrawnSection { id: number; code: string; sealedDrawId: number | null; bidders: number[] }

/**
 * The deal's sections to draw for (all when none are named), each with the lowest sealed draw that stands on it and
 * the subjects that bid in it, in one query.
 */
async function sectionsOf(ctx: TaskContext, dealId: number, dealCode: string, codes: readonly string[] | undefined): Promise<DrawnSection[]> {
  const rows = rawRows(ctx.trx, await ctx.trx.raw(
    `select s.id, s.section_code,
       (select min(x.id) from expert_draw_sections ds join expert_draws x on x.id = ds.draw_id where ds.section_id = s.id and x.status = 'sealed') as sealed_draw_id,
       (select ${groupConcat(ctx.trx, 'b.bidder_subject_id', { distinct: true })} from bids b where b.section_id = s.id) as bidders
     from sections s where s.deal_id = ? order by s.section_code`,
    [dealId],
  )).map((r) => ({
    id: Number(r.id), code: String(r.section_code), sealedDrawId: r.sealed_draw_id == null ? null : Number(r.sealed_draw_id),
    bidders: r.bidders == null || r.bidders === '' ? [] : String(r.bidders).split(',').map(Number),
  }));
  if (!codes) return rows;
  const wanted = [...new Set(codes)].sort();
  return wanted.map((c) => {
    const row = rows.find((r) => r.code === c);
    if (!row) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${c}`, `deal ${dealCode} has no section ${c}`, { dealCode, sectionCode: c });
    return row;
  });
}

/** Drawing again while a sealed draw of the same section stands would allow picking the preferred result. */
function assertNoSealedDraw(sections: readonly DrawnSection[]): void {
  const open = sections.filter((s) => s.sealedDrawId !== null).sort((x, y) => x.sealedDrawId! - y.sealedDrawId!)[0];
  if (open) {
    throw new BusinessError(
      'DRAW_ALREADY_SEALED',
      `标段 ${open.code} 已有未解密的专家抽取 ${open.sealedDrawId}，不得重复抽取`,
      `section ${open.code} already has a sealed expert draw ${open.sealedDrawId}; it may not be drawn again`,
      { drawId: open.sealedDrawId, sectionCode: open.code },
    );
  }
}

/** The subtree of every requested specialty, refusing a code that is not one. */
async function subtreesOf(ctx: TaskContext, codes: string[]): Promise<Map<string, string[]>> {
  const subtrees = await specialtySubtrees(ctx.trx, codes);
  const missing = codes.find((c) => !subtrees.has(c));
  if (missing) throw new BusinessError('SPECIALTY_NOT_FOUND', `专家专业不存在：${missing}`, `expert specialty not found: ${missing}`, { specialtyCode: missing });
  return subtrees;
}

async function regionsOf(ctx: TaskContext, requested: string[]): Promise<string[]> {
  const scope = await regionScope(ctx.trx, requested);
  const missing = requested.find((c) => !scope.includes(c));
  if (missing) throw new BusinessError('REGION_NOT_FOUND', `行政区划不存在：${missing}`, `region not found: ${missing}`, { regionCode: missing });
  return scope;
}

/** The cap for the deal's region: its own policy, else its parent region's, else the platform default ('*'). */
async function policyFor(ctx: TaskContext, region: string): Promise<{ maxDraws: number; windowDays: number }> {
  const rows = await ExpertDrawPolicy.query(ctx.trx)
    .where('scope', region).orWhere('scope', '*')
    .orWhere('scope', Region.query(ctx.trx).where('code', region).select('parent_code'))
    .select('scope', 'max_draws', 'window_days');
  const rank = (scope: string) => (scope === region ? 0 : scope === '*' ? 2 : 1);
  const row = rows.sort((a, b) => rank(a.scope) - rank(b.scope))[0];
  if (!row) throw new Error('no expert draw policy is configured (the migration inserts the default scope *)');
  return { maxDraws: Number(row.max_draws), windowDays: Number(row.window_days) };
}

function conflictSubjects(deal: { tenderee_subject_id: unknown; agent_subject_id: unknown }, sections: readonly DrawnSection[]): number[] {
  const ids = [deal.tenderee_subject_id, deal.agent_subject_id, ...sections.flatMap((s) => s.bidders)]
    .filter((v) => v !== null && v !== undefined).map(Number);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/**
 * Walks the group's pool in the seed's order, reading the facts of the candidates reached a batch at a time, until
 * it has met as many eligible experts as the group needs (or the pool ends). Answers the facts in walk order.
 */
async function walkGroup(
  ctx: TaskContext, snapshot: DrawSnapshot, group: GroupRequest, pool: number[], seed: Buffer, groupNo: number, taken: Set<number>,
  sealedInvitations: SealedInvitationCounts,
): Promise<CandidateFacts[]> {
  const needed = group.count + group.backups;
  const reached: CandidateFacts[] = [];
  const order = walkOrder(pool, seed, groupNo);
  let found = 0;
  while (found < needed) {
    // most candidates may sit: read a little more than still needed, so one query usually suffices
    const want = Math.ceil((needed - found) * 1.5) + 2;
    const batch: number[] = [];
    while (batch.length < want) {
      const next = order.next();
      if (next.done) break;
      batch.push(next.value);
    }
    if (batch.length === 0) break;
    const facts = await loadFacts(ctx.trx, batch, { conflictSubjectIds: snapshot.conflictSubjectIds, now: ctx.now, windowDays: snapshot.policy.windowDays, sealedInvitations });
    for (const expertId of batch) {
      const f = facts.get(expertId);
      if (!f) throw new Error(`expert ${expertId} is in the specialty index but not in the library`);
      reached.push(f);
      if (exclusionOf(f, group, snapshot, taken) !== null) continue;
      taken.add(expertId);
      if (++found === needed) break;
    }
  }
  return reached;
}

export const drawExperts = defineTask({
  type: 'experts.draw',
  input,
  async run(ctx, request) {
    const dealCode = ctx.requireDealCode();
    const tendereeRepresentatives = checkComposition(request);
    const deal = await dealOf(ctx, dealCode);
    const sections = await sectionsOf(ctx, deal.id, dealCode, request.sectionCodes);
    if (sections.length === 0) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段`, `deal ${dealCode} has no sections`, { dealCode });
    const sectionIds = sections.map((s) => s.id);
    const subtrees = await subtreesOf(ctx, [...new Set(request.specialties.map((s) => s.specialtyCode))]);
    const requestedRegions = [...new Set(request.regionCodes ?? [deal.region_code as string])].sort();
    const regionCodes = await regionsOf(ctx, requestedRegions);
    assertNoSealedDraw(sections);
    const policy = await policyFor(ctx, deal.region_code);
    const conflictSubjectIds = conflictSubjects(deal, sections);

    const seed = seedSource.fresh();
    const snapshot: DrawSnapshot = {
      version: 1, algorithm: DRAW_ALGORITHM, takenAt: ctx.now.toISOString(), conflictSubjectIds, policy, regionCodes,
      columns: FACT_COLUMNS, groups: [],
    };
    const taken = new Set<number>();
    const sealedInvitations = await sealedInvitationCounts(ctx.trx, ctx.sealKeys(), new Date(ctx.now.getTime() - policy.windowDays * 86_400_000));
    for (const [index, s] of request.specialties.entries()) {
      const group: GroupRequest = { specialtyCode: s.specialtyCode, kind: s.kind ?? null, count: s.count, backups: s.backups };
      const pool = await loadPool(ctx.trx, subtrees.get(group.specialtyCode)!, regionCodes);
      snapshot.groups.push({ ...group, pool, reached: await walkGroup(ctx, snapshot, group, pool, seed, index + 1, taken, sealedInvitations) });
    }
    // The members come from the same pure replay verifyDraw runs on the record.
    const selection = selectMembers(snapshot, seed);
    if (!selection.ok && 'inconsistent' in selection) throw new Error(`expert draw replay disagrees with the walk: ${selection.inconsistent}`);
    if (!selection.ok) {
      const { groupNo, specialtyCode, needed, eligible, pool, excluded } = selection.shortfall;
      throw new BusinessError(
        'EXPERTS_INSUFFICIENT',
        `专业 ${specialtyCode}（第 ${groupNo} 组）符合条件的专家不足：需要 ${needed} 人（含备选），候选 ${pool} 人中仅 ${eligible} 人可参加，缺 ${needed - eligible} 人`,
        `not enough eligible experts for specialty ${specialtyCode} (group ${groupNo}): ${needed} needed including backups, ${eligible} of ${pool} candidates eligible, ${needed - eligible} short`,
        { specialtyCode, groupNo, needed, eligible, candidates: pool, shortfall: needed - eligible, excluded },
      );
    }

    const snapshotText = snapshotJson(snapshot);
    const snapshotHash = sha256(snapshotText);
    const seedCommitment = sha256(seed);
    const principals = selection.members.filter((m) => m.role === 'principal').length;
    const backups = selection.members.length - principals;
    const at = ctx.now.toISOString();
    const row = await ExpertDraw.query(ctx.trx).insert({
      deal_id: deal.id, region_code: deal.region_code, status: 'sealed', committee_size: request.committeeSize,
      tenderee_representatives: tendereeRepresentatives, request: canonicalJson({ ...request, regionCodes: requestedRegions, sectionCodes: sections.map((s) => s.code) }),
      seed: null, seed_commitment: seedCommitment, snapshot_hash: snapshotHash,
      candidates: selection.groups.reduce((n, g) => n + g.pool, 0), reached: selection.groups.reduce((n, g) => n + g.reached, 0),
      principals, backups, drawn_key: ctx.key, drawn_at: at,
    });
    const drawId = Number(row.id);
    const { dataKey, wrapped } = ctx.sealKeys().newDataKey(drawId);
    await ExpertDraw.query(ctx.trx).where('id', drawId).patch({ sealed_data_key: wrapped, sealed_seed: sealValue(dataKey, sealedAad.seed(drawId), seed.toString('hex')) });
    // one multi-row knex insert (objection inserts arrays on PostgreSQL only)
    await ctx.trx(ExpertDrawSection.tableName).insert(sectionIds.map((id) => ({ draw_id: drawId, section_id: id })));
    await ExpertDrawSnapshot.query(ctx.trx).insert({ draw_id: drawId, snapshot: snapshotText });

    let seat = 0;
    const memberRows = selection.members.map((m) => ({
      draw_id: drawId, expert_id: null, sealed_expert: sealValue(dataKey, sealedAad.member(drawId, m.groupNo, m.rank), String(m.expertId)), group_no: m.groupNo, specialty_code: m.specialtyCode, rank: m.rank, role: m.role,
      status: m.role === 'principal' ? 'invited' : 'standby', seat_no: m.role === 'principal' ? ++seat : null,
      invited_at: m.role === 'principal' ? at : null,
    }));
    // one multi-row knex insert: objection inserts arrays on PostgreSQL only. The invitations count toward the
    // frequency cap from now on (sealedInvitationCounts); their engagement rows are written at the unseal.
    await ctx.trx(ExpertDrawMember.tableName).insert(memberRows);

    await ctx.emit('experts.drawn', {
      drawId, sectionCodes: sections.map((s) => s.code), committeeSize: request.committeeSize, tendereeRepresentatives,
      principals, backups, regionScope: requestedRegions, algorithm: DRAW_ALGORITHM, seedCommitment, snapshotHash, policy,
      groups: selection.groups.map((g, i) => ({ ...g, count: request.specialties[i]!.count, backups: request.specialties[i]!.backups, kind: request.specialties[i]!.kind ?? null })),
    });
    return {
      variables: { expertDrawId: drawId, expertDrawPrincipals: principals, expertDrawBackups: backups },
      result: { drawId, principals, backups, seedCommitment, snapshotHash },
    };
  },
});
