// Reading and writing notice rows inside a task's transaction.
import type { Knex } from 'knex';
import { Deal, Notice, Section, toIsoTimestamp } from '@ggzy/db';
import { BusinessError } from '../step';
import type { NoticeType } from './periods';

export interface DealRow { id: number; deal_code: string; region_code: string; title: string; procedure_kind: string; status: string; is_sandbox: boolean }

export interface NoticeRow {
  id: number; deal_id: number; section_id: number | null; notice_type: NoticeType; title: string; status: 'published' | 'withdrawn';
  published_at: string | Date; min_until: string | Date; period: string | null; period_basis: string;
}

export async function dealOf(trx: Knex, dealCode: string): Promise<DealRow> {
  const deal = await Deal.query(trx).where('deal_code', dealCode).select('id', 'deal_code', 'region_code', 'title', 'procedure_kind', 'status', 'is_sandbox').first();
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
  return { id: Number(deal.id), deal_code: deal.deal_code, region_code: deal.region_code, title: deal.title, procedure_kind: deal.procedure_kind, status: deal.status, is_sandbox: Boolean(deal.is_sandbox) };
}

export async function sectionOf(trx: Knex, deal: DealRow, sectionCode: string): Promise<{ id: number; section_code: string }> {
  const section = await Section.query(trx).where({ deal_id: deal.id, section_code: sectionCode }).select('id', 'section_code').first();
  if (!section) {
    throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${deal.deal_code} 没有标段 ${sectionCode}`, `deal ${deal.deal_code} has no section ${sectionCode}`, { dealCode: deal.deal_code, sectionCode });
  }
  return { id: Number(section.id), section_code: section.section_code };
}

export interface NewNotice {
  deal: DealRow; sectionId: number | null; noticeType: NoticeType; title: string; body: string; bodyFormat: 'markdown' | 'plain';
  publishedAt: Date; minUntil: Date; period: string | null; periodBasis: string; publishKey: string; createdAt: Date;
}

/** The mark every notice of a sandbox deal carries in its title (演练: a training exercise, not a real deal). */
export const SANDBOX_MARK = '【演练】';
const SANDBOX_NOTE = { markdown: '> **演练**：本公告为培训演练所用，不是真实的交易信息。\n\n', plain: '演练：本公告为培训演练所用，不是真实的交易信息。\n\n' };

export async function insertNotice(trx: Knex, n: NewNotice): Promise<number> {
  const title = n.deal.is_sandbox && !n.title.startsWith(SANDBOX_MARK) ? `${SANDBOX_MARK}${n.title}` : n.title;
  const body = n.deal.is_sandbox ? `${SANDBOX_NOTE[n.bodyFormat]}${n.body}` : n.body;
  const row = await Notice.query(trx).insert({
    deal_id: n.deal.id, section_id: n.sectionId, region_code: n.deal.region_code, notice_type: n.noticeType, title,
    body, body_format: n.bodyFormat, status: 'published', published_at: n.publishedAt.toISOString(),
    min_until: n.minUntil.toISOString(), period: n.period, period_basis: n.periodBasis, publish_key: n.publishKey,
    created_at: n.createdAt.toISOString(),
  });
  return Number(row.id);
}

/** A timestamp column as a Date, whichever database returned it. */
export function instant(value: string | Date): Date {
  return new Date(toIsoTimestamp(value) as string);
}

/** The bidding window a tender notice announces, kept on the deal (the parties' portal checks it). */
export async function recordBiddingWindow(trx: Knex, deal: DealRow, window: { bidDeadline: Date; documentsOnSaleUntil: Date | null }): Promise<void> {
  await Deal.query(trx).findById(deal.id).patch({
    bid_deadline_at: window.bidDeadline.toISOString(), documents_on_sale_until: window.documentsOnSaleUntil?.toISOString() ?? null,
  });
}
