// The sealed list (名单密封): who was drawn is readable only after experts.unseal, and only by the roles that
// work the evaluation or oversee it, in the deal's region or the province above it — or, in the province's training
// sandbox (演练区, whose committees are practice experts), the centre's people of every city who practise there.
// Nobody reads it sealed.
import { ExpertDrawMember, Region, type Db } from '@ggzy/db';
import { BusinessError } from '../step';
import { drawNotFound, findDraw } from './draw-records';

/** Roles that may read an unsealed list: the centre's staff, supervisors, and auditors. */
export const SEALED_LIST_READERS: readonly string[] = ['staff', 'supervisor', 'auditor'];

export interface ListViewer {
  role: string;
  regionCode: string;
  /** The training sandboxes (演练区) the viewer practises in: a practice committee there is read as the deal's own. */
  sandboxRegions?: readonly string[];
}

export interface DrawMemberView {
  seat: number | null;
  groupNo: number;
  specialtyCode: string;
  rank: number;
  role: 'principal' | 'backup';
  status: string;
  response: string | null;
  expertCode: string;
  name: string;
  kind: string;
  title: string | null;
  employer: string | null;
}

async function withinRegion(db: Db, viewerRegion: string, dealRegion: string): Promise<boolean> {
  let code: string | null = dealRegion;
  for (let depth = 0; code && depth < 8; depth++) {
    if (code === viewerRegion) return true;
    const row: Region | undefined = await Region.query(db).findById(code).select('parent_code');
    code = row?.parent_code ?? null;
  }
  return false;
}

/** The members of an unsealed draw. Denied reads look like a missing draw; a sealed one says so. */
export async function readDrawMembers(db: Db, drawId: number, viewer: ListViewer): Promise<DrawMemberView[]> {
  const draw = await findDraw(db, drawId);
  const practising = draw !== null && (viewer.sandboxRegions ?? []).includes(draw.region_code);
  if (!draw || !SEALED_LIST_READERS.includes(viewer.role) || !(practising || (await withinRegion(db, viewer.regionCode, draw.region_code)))) {
    throw drawNotFound(drawId);
  }
  if (draw.status !== 'unsealed') {
    throw new BusinessError('DRAW_SEALED', `专家抽取 ${drawId} 尚未解密，名单不可查看`, `expert draw ${drawId} is sealed; its list cannot be read yet`, { drawId });
  }
  const rows = await ExpertDrawMember.query(db).alias('m').join('experts as e', 'e.id', 'm.expert_id')
    .leftJoin('subjects as s', 's.id', 'e.employer_subject_id')
    .where('m.draw_id', drawId).orderBy(['m.group_no', 'm.rank'])
    .select('m.seat_no', 'm.group_no', 'm.specialty_code', 'm.rank', 'm.role', 'm.status', 'm.response',
      'e.expert_code', 'e.name', 'e.kind', 'e.title', 's.name as employer')
    .castTo<Array<Record<string, unknown>>>();
  return rows.map((r) => ({
    seat: r.seat_no === null ? null : Number(r.seat_no), groupNo: Number(r.group_no), specialtyCode: String(r.specialty_code),
    rank: Number(r.rank), role: r.role as DrawMemberView['role'], status: String(r.status), response: (r.response as string | null) ?? null,
    expertCode: String(r.expert_code), name: String(r.name), kind: String(r.kind), title: (r.title as string | null) ?? null,
    employer: (r.employer as string | null) ?? null,
  }));
}
