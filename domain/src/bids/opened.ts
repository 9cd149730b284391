// Whether a deal's bids have been opened (开标): every section of the deal has its opening record. Until then, nothing
// that may affect fair competition — a bid's price above all — is disclosed to anyone (招标投标法 §22).
import type { Db } from '@ggzy/db';

export async function dealBidsOpened(db: Db, dealCode: string): Promise<boolean> {
  const sections: Array<{ opening: number | string | null }> = await db('sections as s')
    .join('deals as d', 'd.id', 's.deal_id')
    .leftJoin('bid_openings as o', 'o.section_id', 's.id')
    .where('d.deal_code', dealCode)
    .select('o.id as opening');
  return sections.length > 0 && sections.every((s) => s.opening !== null);
}
