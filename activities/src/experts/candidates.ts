// The candidate pool of one specialty group: active experts with a specialty in the requested subtree and a region
// in scope, each with the facts the 回避 rules need (read in the draw's transaction, recorded in its snapshot).
import type { Knex } from 'knex';
import type { CandidateTuple, ExpertKind } from './selection';

export interface CandidateQuery {
  specialtyCode: string;
  kind: ExpertKind | null;
  regionCodes: readonly string[];
  conflictSubjectIds: readonly number[];
  now: Date;
  windowDays: number;
}

const DAY_MS = 86_400_000;

/** The requested regions and every region below them. */
export async function regionScope(trx: Knex, codes: readonly string[]): Promise<string[]> {
  const rows = await trx.raw(
    `with recursive scope(code) as (
       select code from regions where code in (${codes.map(() => '?').join(', ')})
       union
       select r.code from regions r join scope s on r.parent_code = s.code
     ) select code from scope order by code`,
    [...codes],
  );
  return rowsOf(trx, rows).map((r) => String(r.code));
}

/** Active-expert pool of the group, sorted by expert code, with its avoidance facts. */
export async function loadCandidates(trx: Knex, q: CandidateQuery): Promise<CandidateTuple[]> {
  const at = q.now.toISOString();
  const windowStart = new Date(q.now.getTime() - q.windowDays * DAY_MS).toISOString();
  const regions = q.regionCodes.map(() => '?').join(', ');
  const kind = q.kind ? 'and e.kind = ?' : '';
  // Driven from the specialty links (index specialty_code, expert_id) of the subtree; sanctions and recent
  // invitations are probes on (expert_id …) indexes. Relations are read from the conflict side below.
  const rows = rowsOf(trx, await trx.raw(
    `with recursive subtree(code) as (
       select code from expert_specialties where code = ?
       union all
       select s.code from expert_specialties s join subtree t on s.parent_code = t.code
     ),
     pool(id) as (
       select distinct l.expert_id from expert_specialty_links l where l.specialty_code in (select code from subtree)
     )
     select e.id, e.expert_code, e.employer_subject_id, e.mobile,
       case when exists (
         select 1 from expert_sanctions x where x.expert_id = e.id and x.revoked_at is null and x.valid_from <= ?
           and (x.valid_until is null or x.valid_until > ?)
       ) then 1 else 0 end as sanctioned,
       (select count(*) from expert_engagements g where g.expert_id = e.id and g.engaged_at > ?) as recent
     from pool p join experts e on e.id = p.id
     where e.status = 'active' and e.region_code in (${regions}) ${kind}`,
    [q.specialtyCode, at, at, windowStart, ...q.regionCodes, ...(q.kind ? [q.kind] : [])],
  )) as Array<{ id: number | string; expert_code: string; employer_subject_id: number | string | null; mobile: string | null; sanctioned: number | string; recent: number | string }>;

  const related = new Map<number, number[]>();
  if (q.conflictSubjectIds.length > 0) {
    const relations = await trx('expert_avoidance_relations')
      .whereIn('subject_id', [...q.conflictSubjectIds])
      .where((w) => w.whereNull('valid_until').orWhere('valid_until', '>', at))
      .orderBy(['expert_id', 'subject_id'])
      .select('expert_id', 'subject_id');
    for (const r of relations as Array<{ expert_id: number | string; subject_id: number | string }>) {
      const list = related.get(Number(r.expert_id)) ?? [];
      if (!list.includes(Number(r.subject_id))) list.push(Number(r.subject_id));
      related.set(Number(r.expert_id), list);
    }
  }

  const candidates: CandidateTuple[] = rows.map((r) => {
    const id = Number(r.id);
    return [
      id, r.expert_code, r.employer_subject_id === null ? null : Number(r.employer_subject_id), related.get(id) ?? [],
      Number(r.sanctioned) ? 1 : 0, Number(r.recent), r.mobile ? 1 : 0,
    ];
  });
  candidates.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return candidates;
}

function rowsOf(trx: Knex, result: unknown): Array<Record<string, unknown>> {
  // knex.raw answers the driver's shape: pg a result object, better-sqlite3 the rows.
  if (trx.client.config.client === 'pg') return (result as { rows: Array<Record<string, unknown>> }).rows;
  return result as Array<Record<string, unknown>>;
}
