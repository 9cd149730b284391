// The section a bid step acts on, locked for the step (submissions, withdrawals and the opening of one section
// happen one at a time), and the bidder's registration for it.
import { isPostgres } from '@ggzy/db';
import { z } from 'zod';
import { BusinessError, type TaskContext } from '../step';

export const instant = z.iso.datetime({ offset: true });

export interface LockedSection {
  id: number;
  code: string;
  dealCode: string;
  status: string;
  dealStatus: string;
}

export async function lockSection(ctx: TaskContext, sectionCode: string): Promise<LockedSection> {
  const dealCode = ctx.requireDealCode();
  // a join locking the section row (forUpdate of `s`), clearer as plain knex
  const query = ctx.trx('sections as s').join('deals as d', 'd.id', 's.deal_id')
    .where({ 's.section_code': sectionCode, 'd.deal_code': dealCode }).first('s.id', 's.status', 'd.status as deal_status');
  if (isPostgres(ctx.trx)) query.forUpdate('s');
  const row = await query;
  if (!row) {
    throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${sectionCode}`, `deal ${dealCode} has no section ${sectionCode}`, { dealCode, sectionCode });
  }
  return { id: Number(row.id), code: sectionCode, dealCode, status: row.status, dealStatus: row.deal_status };
}

/** Bids are taken, withdrawn and opened only while the section is open and its deal goes on. */
export function assertSectionOpen(section: LockedSection): void {
  if (section.dealStatus === 'terminated') {
    throw new BusinessError('DEAL_CLOSED', `交易项目 ${section.dealCode} 已终止`, `deal ${section.dealCode} is terminated`, { dealCode: section.dealCode, status: section.dealStatus });
  }
  if (section.status === 'opened') {
    throw new BusinessError('BIDS_ALREADY_OPENED', `标段 ${section.code} 已开标`, `the bids of section ${section.code} are already opened`, { sectionCode: section.code });
  }
  if (section.status !== 'open') {
    throw new BusinessError('SECTION_CLOSED', `标段 ${section.code} 已不接受投标（状态 ${section.status}）`, `section ${section.code} takes no bids (status ${section.status})`, { sectionCode: section.code, status: section.status });
  }
}

/** Submissions and withdrawals end at the bid deadline (投标截止时间). */
export function assertBeforeDeadline(section: LockedSection, deadline: Date, now: Date): void {
  if (now.getTime() >= deadline.getTime()) {
    throw new BusinessError('BID_DEADLINE_PASSED', `标段 ${section.code} 的投标截止时间 ${deadline.toISOString()} 已过`, `the bid deadline of section ${section.code} (${deadline.toISOString()}) has passed`,
      { sectionCode: section.code, deadline: deadline.toISOString(), now: now.toISOString() });
  }
}

export interface Registration {
  id: number;
  status: string;
  subjectId: number;
  name: string;
}

/** The bidder's registration (投标报名) for the section. */
export async function registrationOf(ctx: TaskContext, section: LockedSection, creditCode: string): Promise<Registration> {
  // the bid joined to its bidder's credit code, clearer as plain knex
  const row = await ctx.trx('bids as b').join('subjects as p', 'p.id', 'b.bidder_subject_id')
    .where({ 'b.section_id': section.id, 'p.credit_code': creditCode }).first('b.id', 'b.status', 'p.id as subject_id', 'p.name');
  if (!row) {
    throw new BusinessError('BID_NOT_REGISTERED', `投标人 ${creditCode} 未报名标段 ${section.code}`, `bidder ${creditCode} is not registered for section ${section.code}`, { sectionCode: section.code, creditCode });
  }
  const registration = { id: Number(row.id), status: row.status, subjectId: Number(row.subject_id), name: row.name };
  if (registration.status === 'withdrawn') {
    throw new BusinessError('BID_WITHDRAWN', `投标人 ${creditCode} 已撤回标段 ${section.code} 的投标`, `bidder ${creditCode} has withdrawn from section ${section.code}`, { sectionCode: section.code, creditCode });
  }
  if (registration.status === 'rejected') {
    throw new BusinessError('BID_REJECTED', `投标人 ${creditCode} 在标段 ${section.code} 的投标已被拒绝`, `the bid of ${creditCode} for section ${section.code} was rejected`, { sectionCode: section.code, creditCode });
  }
  return registration;
}

/** The local date (China Standard Time) of an instant: the day a statutory clock starts. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
