import type { Knex } from 'knex';
import { BusinessError } from '../step';

export interface DealRow {
  id: number;
  region_code: string;
  status: string;
}

/** The deal the process runs for, or a typed error when the transaction library does not hold it. */
export async function dealOf(trx: Knex, dealCode: string): Promise<DealRow> {
  const deal = await trx('deals').where('deal_code', dealCode).first('id', 'region_code', 'status');
  if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
  return { ...deal, id: Number(deal.id) };
}

/** The id of one of the deal's sections, or a typed error. */
export async function sectionIdOf(trx: Knex, deal: { id: number }, dealCode: string, sectionCode: string): Promise<number> {
  const section = await trx('sections').where({ deal_id: deal.id, section_code: sectionCode }).first('id');
  if (!section) {
    throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${sectionCode}`, `deal ${dealCode} has no section ${sectionCode}`, { dealCode, sectionCode });
  }
  return Number(section.id);
}
