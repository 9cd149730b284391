import type { Knex } from 'knex';
import { Deal, Section } from '@ggzy/db';
import { BusinessError } from '../step';

export interface DealRow {
  id: number;
  region_code: string;
  status: string;
  /** A sandbox deal (演练): its rooms are booked by the minute. */
  is_sandbox: boolean;
}

/** The deal the process runs for, or a typed error when the transaction library does not hold it. */
export async function dealOf(trx: Knex, dealCode: string): Promise<DealRow> {
  const deal = await Deal.query(trx).modify('byDealCode', dealCode).select('id', 'region_code', 'status', 'is_sandbox').first();
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
  return { id: Number(deal.id), region_code: deal.region_code, status: deal.status, is_sandbox: Boolean(deal.is_sandbox) };
}

/** The id of one of the deal's sections, or a typed error. */
export async function sectionIdOf(trx: Knex, deal: { id: number }, dealCode: string, sectionCode: string): Promise<number> {
  const section = await Section.query(trx).modify('ofDeal', deal.id).where('section_code', sectionCode).select('id').first();
  if (!section) {
    throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${sectionCode}`, `deal ${dealCode} has no section ${sectionCode}`, { dealCode, sectionCode });
  }
  return Number(section.id);
}
