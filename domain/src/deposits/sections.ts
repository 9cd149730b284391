// Looking up the deal, section and bidder a money or award task names, with the typed errors a bad name gets.
import type { Knex } from 'knex';
import { Bid, Deal, Subject } from '@ggzy/db';
import { BusinessError, type TaskContext } from '../step';

export interface SectionRow {
  id: number;
  code: string;
  name: string;
  estimateFen: number | null;
  dealId: number;
  dealCode: string;
  dealTitle: string;
  dealStatus: string;
  procedureKind: string;
  regionCode: string;
  tendereeSubjectId: number | null;
  agentSubjectId: number | null;
}

export interface DealRow {
  id: number;
  code: string;
  status: string;
  regionCode: string;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function requireDeal(ctx: TaskContext): Promise<DealRow> {
  const dealCode = ctx.requireDealCode();
  const deal = await Deal.query(ctx.trx).modify('byDealCode', dealCode).select('id', 'status', 'region_code').first();
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目不存在：${dealCode}`, `deal not found: ${dealCode}`, { dealCode });
  return { id: Number(deal.id), code: dealCode, status: deal.status, regionCode: deal.region_code };
}

/** The section of the process's deal; `open` also refuses a terminated deal. */
export async function requireSection(ctx: TaskContext, sectionCode: string, options: { open?: boolean } = {}): Promise<SectionRow> {
  const deal = await requireDeal(ctx);
  // a join of the section with its deal's columns, clearer as plain knex
  const row = await ctx.trx('sections as s').join('deals as d', 'd.id', 's.deal_id')
    .where({ 's.section_code': sectionCode, 'd.id': deal.id })
    .first('s.id', 's.section_code', 's.name', 's.estimate_fen', 'd.title', 'd.procedure_kind', 'd.tenderee_subject_id', 'd.agent_subject_id');
  if (!row) {
    throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${deal.code} 没有标段 ${sectionCode}`, `deal ${deal.code} has no section ${sectionCode}`, { dealCode: deal.code, sectionCode });
  }
  if (options.open && deal.status === 'terminated') {
    throw new BusinessError('DEAL_TERMINATED', `交易项目 ${deal.code} 已终止`, `deal ${deal.code} is terminated`, { dealCode: deal.code });
  }
  return {
    id: Number(row.id), code: row.section_code, name: row.name, estimateFen: num(row.estimate_fen), dealId: deal.id, dealCode: deal.code,
    dealTitle: row.title, dealStatus: deal.status, procedureKind: row.procedure_kind, regionCode: deal.regionCode,
    tendereeSubjectId: num(row.tenderee_subject_id), agentSubjectId: num(row.agent_subject_id),
  };
}

export interface SubjectRow { id: number; creditCode: string; name: string; basicAccount: string | null }

export async function findSubject(trx: Knex, creditCode: string): Promise<SubjectRow | null> {
  const row = await Subject.query(trx).modify('byCreditCode', creditCode).select('id', 'credit_code', 'name', 'basic_account').first();
  return row ? { id: Number(row.id), creditCode: row.credit_code, name: row.name, basicAccount: row.basic_account ?? null } : null;
}

export async function subjectById(trx: Knex, id: number): Promise<SubjectRow> {
  // ids come from foreign keys, so the subject exists
  const row = (await Subject.query(trx).findById(id).select('id', 'credit_code', 'name', 'basic_account'))!;
  return { id: Number(row.id), creditCode: row.credit_code, name: row.name, basicAccount: row.basic_account ?? null };
}

export interface BidderInSection { subject: SubjectRow; bidId: number; bidStatus: string }

/** The bidder's registration for the section (a withdrawn or rejected bid does not count). */
export async function requireRegisteredBidder(ctx: TaskContext, section: SectionRow, creditCode: string, code = 'BIDDER_NOT_REGISTERED'): Promise<BidderInSection> {
  const subject = await findSubject(ctx.trx, creditCode);
  const bid = subject
    ? await Bid.query(ctx.trx).modify('ofBidder', section.id, subject.id).modify('live').select('id', 'status').first()
    : undefined;
  if (!subject || !bid) {
    throw new BusinessError(code, `投标人 ${creditCode} 未报名标段 ${section.code}（或已撤回、被否决）`, `bidder ${creditCode} is not registered for section ${section.code} (or withdrew or was rejected)`, { sectionCode: section.code, creditCode });
  }
  return { subject, bidId: Number(bid.id), bidStatus: bid.status };
}
