// Notices as the public sees them on the portal: only published ones (their publication time reached, not
// withdrawn), filtered and paged in the database, and only the fields meant for the public.
import type { Knex } from 'knex';
import { toIsoTimestamp, type Db } from '@ggzy/db';

/** The notice types of notices.publish (信息发布), as the public api names them. */
export const PUBLIC_NOTICE_TYPES = ['tender', 'clarification', 'candidates', 'result', 'procurement', 'land-listing', 'land-result', 'termination'] as const;

export interface PublicNoticeFilter {
  /** A city, or a province (then its cities too). */
  regionCode?: string;
  type?: (typeof PUBLIC_NOTICE_TYPES)[number];
  /** Words in the title or the body. */
  keyword?: string;
  /** Publication dates, inclusive, in China Standard Time (YYYY-MM-DD). */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
  /** The training sandbox's notices (演练) instead of the real ones; the two are never listed together. */
  sandbox?: boolean;
}

interface NoticeRow {
  id: number | string; notice_type: string; title: string; body?: string; body_format: string; region_code: string; region_name: string;
  deal_code: string; deal_title: string; section_code: string | null; section_name: string | null;
  published_at: string | Date; min_until: string | Date; is_sandbox: boolean | number;
}

const CST_OFFSET = '+08:00';
const iso = (value: string | Date) => new Date(toIsoTimestamp(value) as string).toISOString();
const startOfDay = (date: string) => new Date(`${date}T00:00:00${CST_OFFSET}`).toISOString();
const nextDay = (date: string) => new Date(new Date(`${date}T00:00:00${CST_OFFSET}`).getTime() + 86_400_000).toISOString();

// a read projection across notices, deals, regions and sections: plain knex joins read clearer than models here
function published(db: Db, now: Date): Knex.QueryBuilder {
  return db('notices as n')
    .join('deals as d', 'd.id', 'n.deal_id')
    .join('regions as r', 'r.code', 'n.region_code')
    .leftJoin('sections as s', 's.id', 'n.section_id')
    .where('n.status', 'published')
    .where('n.published_at', '<=', now.toISOString());
}

function filtered(db: Db, filter: PublicNoticeFilter, now: Date): Knex.QueryBuilder {
  const query = published(db, now).where('d.is_sandbox', filter.sandbox === true);
  if (filter.regionCode) {
    const code = filter.regionCode;
    query.where((q) => q.where('n.region_code', code).orWhereIn('n.region_code', db('regions').where('parent_code', code).select('code')));
  }
  if (filter.type) query.where('n.notice_type', filter.type);
  if (filter.keyword) {
    const pattern = `%${filter.keyword.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
    query.where((q) => q.whereRaw("lower(n.title) like ? escape '!'", [pattern]).orWhereRaw("lower(n.body) like ? escape '!'", [pattern]));
  }
  if (filter.from) query.where('n.published_at', '>=', startOfDay(filter.from));
  if (filter.to) query.where('n.published_at', '<', nextDay(filter.to));
  return query;
}

function toPublic(row: NoticeRow) {
  const publishedAt = iso(row.published_at);
  const minUntil = iso(row.min_until);
  return {
    id: Number(row.id),
    type: row.notice_type,
    title: row.title,
    regionCode: row.region_code,
    regionName: row.region_name,
    dealCode: row.deal_code,
    dealTitle: row.deal_title,
    sectionCode: row.section_code,
    sectionName: row.section_name,
    publishedAt,
    /** The end of the statutory publication period (公示期), when the type has one. */
    publicUntil: minUntil > publishedAt ? minUntil : null,
    /** A notice of the training sandbox (演练), not of a real deal. */
    sandbox: Boolean(row.is_sandbox),
  };
}

const COLUMNS = [
  'n.id', 'n.notice_type', 'n.title', 'n.body_format', 'n.region_code', 'r.name as region_name', 'd.deal_code', 'd.title as deal_title',
  's.section_code', 's.name as section_name', 'n.published_at', 'n.min_until', 'd.is_sandbox',
];

export async function listPublicNotices(db: Db, filter: PublicNoticeFilter, now = new Date()) {
  const total = await filtered(db, filter, now).count('* as n').first();
  const rows = (await filtered(db, filter, now).select(COLUMNS)
    .orderBy([{ column: 'n.published_at', order: 'desc' }, { column: 'n.id', order: 'desc' }])
    .limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize)) as NoticeRow[];
  return { items: rows.map(toPublic), page: filter.page, pageSize: filter.pageSize, total: Number(total?.n ?? 0) };
}

/** One published notice with its body, or null (unknown, withdrawn and not-yet-published notices look the same). */
export async function getPublicNotice(db: Db, id: number, now = new Date()) {
  const row = (await published(db, now).where('n.id', id).first([...COLUMNS, 'n.body'])) as NoticeRow | undefined;
  if (!row) return null;
  return { ...toPublic(row), bodyFormat: row.body_format, body: row.body! };
}
