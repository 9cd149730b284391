// Reading the candidates of a specialty group in the draw's transaction: the pool from the specialty index alone,
// then the 回避 facts of the candidates the walk reaches, a batch at a time.
import type { Knex } from 'knex';
import { groupConcat, rawRows } from '@ggzy/db';
import type { CandidateFacts } from './selection';

const DAY_MS = 86_400_000;

const marks = (n: number) => Array(n).fill('?').join(', ');

/** The requested regions and every region below them — but no training sandbox (演练区) unless it is asked for by name: practice experts never sit on a real deal's committee. */
export async function regionScope(trx: Knex, codes: readonly string[]): Promise<string[]> {
  const rows = await trx.raw(
    `with recursive scope(code) as (
       select code from regions where code in (${marks(codes.length)})
       union
       select r.code from regions r join scope s on r.parent_code = s.code where r.sandbox_day_seconds is null
     ) select code from scope order by code`,
    [...codes],
  );
  return rawRows(trx, rows).map((r) => String(r.code));
}

/**
 * The subtree (the code and every specialty below it) of each requested specialty, in one query; a code that is not
 * a specialty has none.
 */
export async function specialtySubtrees(trx: Knex, codes: readonly string[]): Promise<Map<string, string[]>> {
  const rows = rawRows(trx, await trx.raw(
    `with recursive subtree(root, code) as (
       select code, code from expert_specialties where code in (${marks(codes.length)})
       union all
       select t.root, s.code from expert_specialties s join subtree t on s.parent_code = t.code
     ) select root, code from subtree`,
    [...codes],
  ));
  const subtrees = new Map<string, string[]>();
  for (const r of rows) {
    const list = subtrees.get(String(r.root));
    if (list) list.push(String(r.code));
    else subtrees.set(String(r.root), [String(r.code)]);
  }
  return subtrees;
}

/**
 * Ids of the experts with a specialty in `subtree` (a specialty and those below it, specialtySubtrees) and a region
 * in `regionCodes`, ascending. Read from the index (specialty_code, region_code, expert_id) without touching an expert
 * row; the subtree is passed as a list: joined as a recursive CTE, PostgreSQL guesses it large and scans every link.
 */
export async function loadPool(trx: Knex, subtree: readonly string[], regionCodes: readonly string[]): Promise<number[]> {
  if (subtree.length === 0) return [];
  // one row holding the ids as text: a province-wide pool has thousands, and a row each costs more than the scan
  const [row] = rawRows(trx, await trx.raw(
    `select ${groupConcat(trx, 'l.expert_id')} as ids from expert_specialty_links l
     where l.specialty_code in (${marks(subtree.length)}) and l.region_code in (${marks(regionCodes.length)})`,
    [...subtree, ...regionCodes],
  ));
  const ids = row?.ids ? String(row.ids).split(',').map(Number) : [];
  // an expert with several specialties in the subtree appears once
  return [...new Set(ids)].sort((a, b) => a - b);
}

export interface FactQuery {
  conflictSubjectIds: readonly number[];
  now: Date;
  windowDays: number;
  /** Invitations of sealed draws per expert, counted with the recorded engagements (their rows come at unseal). */
  sealedInvitations?: { get(expertId: number): number | undefined };
}

/** The avoidance facts of the given experts (status, kind, employer, relations, sanctions, recent invitations), in one query. */
export async function loadFacts(trx: Knex, expertIds: readonly number[], q: FactQuery): Promise<Map<number, CandidateFacts>> {
  const at = q.now.toISOString();
  const windowStart = new Date(q.now.getTime() - q.windowDays * DAY_MS).toISOString();
  // the declared relations still valid with the deal's conflict subjects, as one list per expert
  const relatedList = q.conflictSubjectIds.length === 0 ? 'null' : `(
         select ${groupConcat(trx, 'r.subject_id')}
         from expert_avoidance_relations r where r.expert_id = e.id and r.subject_id in (${marks(q.conflictSubjectIds.length)})
           and (r.valid_until is null or r.valid_until > ?)
       )`;
  const rows = rawRows(trx, await trx.raw(
    `select e.id, e.status, e.kind, e.employer_subject_id, case when e.mobile is null then 0 else 1 end as reachable,
       case when exists (
         select 1 from expert_sanctions x where x.expert_id = e.id and x.revoked_at is null and x.valid_from <= ?
           and (x.valid_until is null or x.valid_until > ?)
       ) then 1 else 0 end as sanctioned,
       (select count(*) from expert_engagements g where g.expert_id = e.id and g.engaged_at > ?) as recent,
       ${relatedList} as related
     from experts e where e.id in (${marks(expertIds.length)})`,
    [at, at, windowStart, ...(q.conflictSubjectIds.length ? [...q.conflictSubjectIds, at] : []), ...expertIds],
  ));
  const related = new Map<number, number[]>();
  for (const r of rows) {
    if (r.related === null || r.related === undefined || r.related === '') continue;
    related.set(Number(r.id), [...new Set(String(r.related).split(',').map(Number))].sort((a, b) => a - b));
  }
  const facts = new Map<number, CandidateFacts>();
  for (const r of rows) {
    const id = Number(r.id);
    facts.set(id, [
      id, String(r.status), String(r.kind), r.employer_subject_id === null ? null : Number(r.employer_subject_id), related.get(id) ?? [],
      Number(r.sanctioned) ? 1 : 0, Number(r.recent) + (q.sealedInvitations?.get(id) ?? 0), Number(r.reachable) ? 1 : 0,
    ]);
  }
  return facts;
}
