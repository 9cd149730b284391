// Reading the candidates of a specialty group in the draw's transaction: the pool from the specialty index alone,
// then the 回避 facts of the candidates the walk reaches, a batch at a time.
import type { Knex } from 'knex';
import { groupConcat, rawRows } from '@ggzy/db';
import type { CandidateFacts } from './selection';

const DAY_MS = 86_400_000;

const marks = (n: number) => Array(n).fill('?').join(', ');

export interface DrawReferences {
  /** The requested regions and every region below them (no training sandbox unless asked for by name). */
  regionScope: string[];
  /** Each requested specialty's subtree (the code and every specialty below it); an unknown code has none. */
  subtrees: Map<string, string[]>;
  /** The draw-frequency policies that may apply to the deal's region: its own, its parent's, the default ('*'). */
  policies: Array<{ scope: string; maxDraws: number; windowDays: number }>;
}

/**
 * What a draw looks up before it reads any expert, in one query: the region scope — the requested regions and every
 * region below them, but no training sandbox (演练区) unless it is asked for by name: practice experts never sit on a
 * real deal's committee — each requested specialty's subtree, and the frequency policies for the deal's region.
 */
export async function drawReferences(trx: Knex, q: { regionCodes: readonly string[]; specialtyCodes: readonly string[]; dealRegion: string }): Promise<DrawReferences> {
  const rows = rawRows(trx, await trx.raw(
    `with recursive scope(code) as (
       select code from regions where code in (${marks(q.regionCodes.length)})
       union
       select r.code from regions r join scope s on r.parent_code = s.code where r.sandbox_day_seconds is null
     ), subtree(root, code) as (
       select code, code from expert_specialties where code in (${marks(q.specialtyCodes.length)})
       union all
       select t.root, s.code from expert_specialties s join subtree t on s.parent_code = t.code
     )
     select 'r' as k, code as a, null as b, null as c from scope
     union all select 's', root, code, null from subtree
     union all select 'p', scope, cast(max_draws as varchar(20)), cast(window_days as varchar(20)) from expert_draw_policies
       where scope in (?, '*') or scope = (select parent_code from regions where code = ?)`,
    [...q.regionCodes, ...q.specialtyCodes, q.dealRegion, q.dealRegion],
  ));
  const out: DrawReferences = { regionScope: [], subtrees: new Map(), policies: [] };
  for (const r of rows) {
    if (r.k === 'r') {
      out.regionScope.push(String(r.a));
    } else if (r.k === 's') {
      const list = out.subtrees.get(String(r.a));
      if (list) list.push(String(r.b));
      else out.subtrees.set(String(r.a), [String(r.b)]);
    } else {
      out.policies.push({ scope: String(r.a), maxDraws: Number(r.b), windowDays: Number(r.c) });
    }
  }
  out.regionScope.sort();
  return out;
}

/**
 * Comma-separated ids as ascending distinct numbers (an expert with several specialties in a subtree is listed once).
 * Read digit by digit into a typed array: a province-wide pool has thousands, and a string each costs more than the
 * rest of the parse.
 */
function ascendingIds(text: string): number[] {
  if (!text) return [];
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const sorted = new Float64Array(count);
  let n = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44) {
      if (digits === 0) throw new Error(`an empty id in the specialty index's answer at ${i}`);
      sorted[n++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else {
      throw new Error(`not an id in the specialty index's answer: ${JSON.stringify(text.slice(Math.max(0, i - 10), i + 10))}`);
    }
  }
  sorted.sort(); // a typed array sorts numerically
  const ids: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) ids.push(sorted[i]!);
  return ids;
}

/**
 * Ids of the experts with a specialty in each subtree (a specialty and those below it, drawReferences) and a region
 * in `regionCodes`, ascending, one list per subtree, in one query. Read from the index (specialty_code, region_code,
 * expert_id) without touching an expert row; each subtree is passed as a list: joined as a recursive CTE, PostgreSQL
 * guesses it large and scans every link.
 */
export async function loadPools(trx: Knex, subtrees: ReadonlyArray<readonly string[]>, regionCodes: readonly string[]): Promise<number[][]> {
  const asked = subtrees.map((subtree, i) => ({ subtree, i })).filter((x) => x.subtree.length > 0);
  const pools: number[][] = subtrees.map(() => []);
  if (asked.length === 0 || regionCodes.length === 0) return pools;
  // one row per subtree holding the ids as text: a province-wide pool has thousands, and a row each costs more than the scan
  const rows = rawRows(trx, await trx.raw(
    asked.map(({ subtree }) => `select ? as i, ${groupConcat(trx, 'l.expert_id')} as ids from expert_specialty_links l
       where l.specialty_code in (${marks(subtree.length)}) and l.region_code in (${marks(regionCodes.length)})`).join(' union all '),
    asked.flatMap(({ subtree, i }) => [i, ...subtree, ...regionCodes]),
  ));
  for (const r of rows) pools[Number(r.i)] = ascendingIds(r.ids ? String(r.ids) : '');
  return pools;
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
