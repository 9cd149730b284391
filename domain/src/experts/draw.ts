// experts.draw (专家抽取): the evaluation committee's experts drawn at random from those who may sit, with ranked
// backups. The seed and the candidate snapshot are recorded so the draw can be replayed (verifyDraw); the list is
// sealed: neither the result nor the supervision event names anyone, and the members and the seed are stored
// encrypted under the draw's own data key (list-seal.ts) until experts.unseal.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ExpertDraw, ExpertDrawMember, ExpertDrawSection, ExpertDrawSnapshot, groupConcat, rawRows } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError, code, defineTask, type TaskContext } from '../step';
import { drawReferences, loadFacts, loadPools, type DrawReferences } from './candidates';
import { DRAW_ALGORITHM, seedSource } from './draw-stream';
import { rememberSealedList, sealedInvitationCounts, type SealedInvitationCounts } from './draw-records';
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

interface DrawnSection { id: number; code: string; sealedDrawId: number | null; bidders: number[] }

interface DealToDraw { id: number; region_code: string; tenderee_subject_id: number | null; agent_subject_id: number | null; sections: DrawnSection[] }

/**
 * The deal, locked for the rest of the transaction (two draws of one deal run one after the other on PostgreSQL), with
 * its sections to draw for (all when none are named), each with the lowest sealed draw that stands on it and the
 * subjects that bid in it, in one query.
 */
async function dealToDraw(ctx: TaskContext, dealCode: string, codes: readonly string[] | undefined): Promise<DealToDraw> {
  // The lock first, on its own: a statement reads as of its start, so a read taking the lock along would not see the
  // sealed draw of the transaction it waited for (SQLite's writer runs one transaction at a time). The sealed draw is
  // looked up from the section's draws (an index), not from the sealed draws, whose number grows with the platform.
  if (ctx.trx.client.config.client === 'pg') await ctx.trx.raw('select id from deals where deal_code = ? for update', [dealCode]);
  const rows = rawRows(ctx.trx, await ctx.trx.raw(
    `select d.id, d.region_code, d.status, d.tenderee_subject_id, d.agent_subject_id, s.id as section_id, s.section_code,
       (select min(ds.draw_id) from expert_draw_sections ds where ds.section_id = s.id
          and exists (select 1 from expert_draws x where x.id = ds.draw_id and x.status = 'sealed')) as sealed_draw_id,
       (select ${groupConcat(ctx.trx, 'b.bidder_subject_id', { distinct: true })} from bids b where b.section_id = s.id) as bidders
     from deals d left join sections s on s.deal_id = d.id where d.deal_code = ? order by s.section_code`,
    [dealCode],
  ));
  const deal = rows[0];
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目不存在：${dealCode}`, `deal not found: ${dealCode}`, { dealCode });
  if (deal.status === 'terminated') {
    throw new BusinessError('DEAL_TERMINATED', `交易项目 ${dealCode} 已终止`, `deal ${dealCode} is terminated`, { dealCode });
  }
  const optionalId = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const all = rows.filter((r) => r.section_id !== null && r.section_id !== undefined).map((r) => ({
    id: Number(r.section_id), code: String(r.section_code), sealedDrawId: optionalId(r.sealed_draw_id),
    bidders: r.bidders == null || r.bidders === '' ? [] : String(r.bidders).split(',').map(Number),
  }));
  const picked = !codes ? all : [...new Set(codes)].sort().map((c) => {
    const row = all.find((r) => r.code === c);
    if (!row) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${c}`, `deal ${dealCode} has no section ${c}`, { dealCode, sectionCode: c });
    return row;
  });
  return {
    id: Number(deal.id), region_code: String(deal.region_code), tenderee_subject_id: optionalId(deal.tenderee_subject_id),
    agent_subject_id: optionalId(deal.agent_subject_id), sections: picked,
  };
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

/** Refuses a specialty or a region that is not one; answers the frequency cap for the deal's region. */
function checkReferences(refs: DrawReferences, specialtyCodes: readonly string[], requestedRegions: readonly string[], dealRegion: string): { maxDraws: number; windowDays: number } {
  const specialty = specialtyCodes.find((c) => !refs.subtrees.has(c));
  if (specialty) throw new BusinessError('SPECIALTY_NOT_FOUND', `专家专业不存在：${specialty}`, `expert specialty not found: ${specialty}`, { specialtyCode: specialty });
  const region = requestedRegions.find((c) => !refs.regionScope.includes(c));
  if (region) throw new BusinessError('REGION_NOT_FOUND', `行政区划不存在：${region}`, `region not found: ${region}`, { regionCode: region });
  // the region's own policy, else its parent region's, else the platform default ('*')
  const rank = (scope: string) => (scope === dealRegion ? 0 : scope === '*' ? 2 : 1);
  const policy = [...refs.policies].sort((a, b) => rank(a.scope) - rank(b.scope))[0];
  if (!policy) throw new Error('no expert draw policy is configured (the migration inserts the default scope *)');
  return { maxDraws: policy.maxDraws, windowDays: policy.windowDays };
}

function conflictSubjects(deal: { tenderee_subject_id: unknown; agent_subject_id: unknown }, sections: readonly DrawnSection[]): number[] {
  const ids = [deal.tenderee_subject_id, deal.agent_subject_id, ...sections.flatMap((s) => s.bidders)]
    .filter((v) => v !== null && v !== undefined).map(Number);
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** How many candidates to read when `missing` eligible experts are still to be found: most may sit, so a little more. */
const batchFor = (missing: number) => Math.ceil(missing * 1.5) + 2;

function takeFrom(order: Iterator<number>, want: number): number[] {
  const batch: number[] = [];
  while (batch.length < want) {
    const next = order.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch;
}

/** A group's pool in the seed's order, and the candidates its walk reads first (read for every group at once). */
interface GroupWalk { order: Iterator<number>; first: number[] }

/**
 * Walks the group's pool in the seed's order, judging the candidates a batch at a time — the first batch from the
 * facts read for every group at once, each further one read when needed — until it has met as many eligible experts
 * as the group needs (or the pool ends). Answers the facts in walk order.
 */
async function walkGroup(
  ctx: TaskContext, snapshot: DrawSnapshot, group: GroupRequest, walk: GroupWalk, firstFacts: Map<number, CandidateFacts>, taken: Set<number>,
  sealedInvitations: SealedInvitationCounts,
): Promise<CandidateFacts[]> {
  const needed = group.count + group.backups;
  const reached: CandidateFacts[] = [];
  let found = 0;
  let batch = walk.first;
  let facts = firstFacts;
  while (found < needed && batch.length > 0) {
    for (const expertId of batch) {
      const f = facts.get(expertId);
      if (!f) throw new Error(`expert ${expertId} is in the specialty index but not in the library`);
      reached.push(f);
      if (exclusionOf(f, group, snapshot, taken) !== null) continue;
      taken.add(expertId);
      if (++found === needed) break;
    }
    if (found === needed) break;
    batch = takeFrom(walk.order, batchFor(needed - found));
    if (batch.length) facts = await loadFacts(ctx.trx, batch, { conflictSubjectIds: snapshot.conflictSubjectIds, now: ctx.now, windowDays: snapshot.policy.windowDays, sealedInvitations });
  }
  return reached;
}

export const drawExperts = defineTask({
  type: 'experts.draw',
  input,
  async run(ctx, request) {
    const dealCode = ctx.requireDealCode();
    const tendereeRepresentatives = checkComposition(request);
    const deal = await dealToDraw(ctx, dealCode, request.sectionCodes);
    const { sections } = deal;
    if (sections.length === 0) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段`, `deal ${dealCode} has no sections`, { dealCode });
    const sectionIds = sections.map((s) => s.id);
    const specialtyCodes = [...new Set(request.specialties.map((s) => s.specialtyCode))];
    const requestedRegions = [...new Set(request.regionCodes ?? [deal.region_code])].sort();
    const refs = await drawReferences(ctx.trx, { regionCodes: requestedRegions, specialtyCodes, dealRegion: deal.region_code });
    const policy = checkReferences(refs, specialtyCodes, requestedRegions, deal.region_code);
    const regionCodes = refs.regionScope;
    assertNoSealedDraw(sections);
    const conflictSubjectIds = conflictSubjects(deal, sections);

    const seed = seedSource.fresh();
    const snapshot: DrawSnapshot = {
      version: 1, algorithm: DRAW_ALGORITHM, takenAt: ctx.now.toISOString(), conflictSubjectIds, policy, regionCodes,
      columns: FACT_COLUMNS, groups: [],
    };
    const sealedInvitations = await sealedInvitationCounts(ctx.trx, ctx.sealKeys(), new Date(ctx.now.getTime() - policy.windowDays * 86_400_000));
    const groups: GroupRequest[] = request.specialties.map((s) => ({ specialtyCode: s.specialtyCode, kind: s.kind ?? null, count: s.count, backups: s.backups }));
    const pools = await loadPools(ctx.trx, groups.map((g) => refs.subtrees.get(g.specialtyCode)!), regionCodes);
    const walks: GroupWalk[] = groups.map((g, i) => {
      const order = walkOrder(pools[i]!, seed, i + 1);
      return { order, first: takeFrom(order, batchFor(g.count + g.backups)) };
    });
    const firstIds = [...new Set(walks.flatMap((w) => w.first))];
    const firstFacts = firstIds.length
      ? await loadFacts(ctx.trx, firstIds, { conflictSubjectIds, now: ctx.now, windowDays: policy.windowDays, sealedInvitations })
      : new Map<number, CandidateFacts>();
    const taken = new Set<number>();
    for (const [i, group] of groups.entries()) {
      snapshot.groups.push({ ...group, pool: pools[i]!, reached: await walkGroup(ctx, snapshot, group, walks[i]!, firstFacts, taken, sealedInvitations) });
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
    // plain knex inserts (no model instances): a draw is a hot path
    const [row] = await ctx.trx(ExpertDraw.tableName).insert({
      deal_id: deal.id, region_code: deal.region_code, status: 'sealed', committee_size: request.committeeSize,
      tenderee_representatives: tendereeRepresentatives, request: canonicalJson({ ...request, regionCodes: requestedRegions, sectionCodes: sections.map((s) => s.code) }),
      seed: null, seed_commitment: seedCommitment, snapshot_hash: snapshotHash,
      candidates: selection.groups.reduce((n, g) => n + g.pool, 0), reached: selection.groups.reduce((n, g) => n + g.reached, 0),
      principals, backups, drawn_key: ctx.key, drawn_at: at,
    }, ['id']) as Array<{ id: number | string }>;
    const drawId = Number(row!.id);
    const sealer = ctx.sealKeys();
    const { dataKey, wrapped } = sealer.newDataKey(drawId);
    // one multi-row knex insert (objection inserts arrays on PostgreSQL only)
    await ctx.trx(ExpertDrawSection.tableName).insert(sectionIds.map((id) => ({ draw_id: drawId, section_id: id })));
    await ctx.trx(ExpertDrawSnapshot.tableName).insert({ draw_id: drawId, snapshot: snapshotText });

    let seat = 0;
    const memberRows = selection.members.map((m) => ({
      draw_id: drawId, expert_id: null, sealed_expert: sealValue(dataKey, sealedAad.member(drawId, m.groupNo, m.rank), String(m.expertId)), group_no: m.groupNo, specialty_code: m.specialtyCode, rank: m.rank, role: m.role,
      status: m.role === 'principal' ? 'invited' : 'standby', seat_no: m.role === 'principal' ? ++seat : null,
      invited_at: m.role === 'principal' ? at : null,
    }));
    // one multi-row knex insert: objection inserts arrays on PostgreSQL only. The invitations count toward the
    // frequency cap from now on (sealedInvitationCounts); their engagement rows are written at the unseal.
    await ctx.trx(ExpertDrawMember.tableName).insert(memberRows);
    // the list is sealed (its data key and seed stored) after its members, so this update answers the stamp their
    // insert gave it: this process holds the list as written, once the transaction commits
    const [stamped] = await ctx.trx(ExpertDraw.tableName).where('id', drawId)
      .update({ sealed_data_key: wrapped, sealed_seed: sealValue(dataKey, sealedAad.seed(drawId), seed.toString('hex')) }, ['list_stamp']) as Array<{ list_stamp: number | string }>;
    const invitedAt = Date.parse(at);
    rememberSealedList(ctx.trx, sealer, drawId, String(stamped!.list_stamp), selection.members.filter((m) => m.role === 'principal').map((m) => ({ expertId: m.expertId, invitedAt })));

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
