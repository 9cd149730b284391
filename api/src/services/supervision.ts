// The supervision feed: every event of the trail in the caller's regions, newest first, with the deal it belongs to.
import type { Db } from '@ggzy/db';
import { realRegions, type Principal } from '../auth/principal';
import { AppError } from '../http/errors';

export interface FeedFilter {
  limit: number;
  /** Only events after this sequence number (a live feed polls with the last one it has). */
  after?: number;
  /** Only events before this sequence number (paging back). */
  before?: number;
  regionCode?: string;
  kind?: string;
}

interface EventRow {
  seq: number | string; kind: string; actor: string; payload: string; occurred_at: string | Date; region_code: string;
  deal_code: string | null; chain_key: string | null; workflow_id: string | null;
}

export async function supervisionFeed(db: Db, principal: Principal, filter: FeedFilter) {
  if (filter.regionCode && !principal.visibleRegions.includes(filter.regionCode)) throw new AppError('NOT_FOUND');
  // the feed joins each event to its process by deal code or by workflow id: a knex join with an OR reads clearer
  const query = db('supervision_events as e')
    .leftJoin('process_instances as p', function joinDeal() {
      // a deal's chain is its deal code; a process without one chains under wf:<workflowId>
      this.on('p.deal_code', '=', 'e.chain_key').orOn(db.raw("'wf:' || p.workflow_id") as unknown as string, '=', 'e.chain_key');
    })
    .whereIn('e.region_code', filter.regionCode ? [filter.regionCode] : realRegions(principal)) // the sandbox (演练) only when asked for
    .select('e.seq', 'e.kind', 'e.actor', 'e.payload', 'e.occurred_at', 'e.region_code', 'e.deal_code', 'e.chain_key', 'p.workflow_id');
  if (filter.after !== undefined) query.where('e.seq', '>', filter.after);
  if (filter.before !== undefined) query.where('e.seq', '<', filter.before);
  if (filter.kind) query.where('e.kind', 'like', `${filter.kind.replace(/[\\%_]/g, '')}%`);
  const rows = (await query.orderBy('e.seq', 'desc').limit(filter.limit)) as EventRow[];
  return rows.map((r) => ({
    seq: Number(r.seq), kind: r.kind, actor: r.actor, payload: JSON.parse(r.payload) as unknown, regionCode: r.region_code,
    dealCode: r.deal_code, workflowId: r.workflow_id ?? (r.chain_key?.startsWith('wf:') ? r.chain_key.slice(3) : null),
    occurredAt: r.occurred_at instanceof Date ? r.occurred_at.toISOString() : r.occurred_at,
  }));
}
