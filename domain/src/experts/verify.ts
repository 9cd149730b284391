// An auditor's replay of a draw: the recorded snapshot must hash to what was published at the draw, the recorded
// seed to its commitment, and eligibility plus the shuffle recomputed from them must give the same members in the
// same order (group, rank, principal or backup).
import { createHash } from 'node:crypto';
import { ExpertDrawMember, ExpertDrawSnapshot, type Db } from '@ggzy/db';
import { BusinessError } from '../step';
import { drawNotFound, findDraw } from './draw-records';
import { selectMembers, type DrawSnapshot, type DrawnMember } from './selection';

export interface DrawVerification {
  drawId: number;
  ok: boolean;
  seedMatchesCommitment: boolean;
  snapshotMatchesHash: boolean;
  membersMatch: boolean;
  /** What differs, in words (empty when ok). */
  problems: string[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const memberText = (m: Pick<DrawnMember, 'groupNo' | 'rank' | 'role' | 'expertId'>) => `group ${m.groupNo} rank ${m.rank}: ${m.role} expert #${m.expertId}`;

export async function verifyDraw(db: Db, drawId: number): Promise<DrawVerification> {
  const draw = await findDraw(db, drawId);
  if (!draw) throw drawNotFound(drawId);
  if (draw.status !== 'unsealed' || draw.seed === null) {
    // the seed and the members are encrypted until the unseal: a replay before it would reveal the list
    throw new BusinessError('DRAW_SEALED', `专家抽取 ${drawId} 尚未解密，不能复核`, `expert draw ${drawId} is sealed; it can be verified once unsealed`, { drawId });
  }
  const problems: string[] = [];
  const stored = await ExpertDrawSnapshot.query(db).findById(drawId).select('snapshot');
  const snapshotJson: string = stored?.snapshot ?? '';
  const snapshotMatchesHash = sha256(snapshotJson) === draw.snapshot_hash;
  if (!snapshotMatchesHash) problems.push('the recorded candidate snapshot does not hash to the published snapshot hash');
  const seed = Buffer.from(draw.seed, 'hex');
  const seedMatchesCommitment = seed.length === 32 && sha256(seed) === draw.seed_commitment;
  if (!seedMatchesCommitment) problems.push('the recorded seed does not match the published seed commitment');

  const recorded: DrawnMember[] = (await ExpertDrawMember.query(db).modify('ofDraw', drawId)
    .select('group_no', 'specialty_code', 'expert_id', 'rank', 'role'))
    .map((r) => ({ groupNo: Number(r.group_no), specialtyCode: String(r.specialty_code), expertId: Number(r.expert_id ?? 0), rank: Number(r.rank), role: r.role as DrawnMember['role'] }));

  let membersMatch = false;
  if (snapshotMatchesHash && seed.length === 32) {
    const snapshot = JSON.parse(snapshotJson) as DrawSnapshot;
    const replay = selectMembers(snapshot, seed);
    if (!replay.ok) {
      problems.push('inconsistent' in replay ? replay.inconsistent : `the replay finds too few eligible experts for ${replay.shortfall.specialtyCode}`);
    } else {
      const expected = replay.members;
      const before = problems.length;
      const length = Math.max(expected.length, recorded.length);
      for (let i = 0; i < length; i++) {
        const a = expected[i];
        const b = recorded[i];
        if (!a || !b || a.groupNo !== b.groupNo || a.rank !== b.rank || a.role !== b.role || a.expertId !== b.expertId || a.specialtyCode !== b.specialtyCode) {
          problems.push(`replay gives ${a ? memberText(a) : 'nothing'}, recorded ${b ? memberText(b) : 'nothing'}`);
        }
      }
      membersMatch = problems.length === before;
    }
  }
  return { drawId, ok: snapshotMatchesHash && seedMatchesCommitment && membersMatch && problems.length === 0, seedMatchesCommitment, snapshotMatchesHash, membersMatch, problems };
}
