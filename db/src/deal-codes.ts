// 统一交易标识码: region (6) + year (4) + procedure kind code (2) + a five-digit serial, e.g. 990100-2026-JS-00017.
import type { Db } from './connection';
import { DealCodeCounter } from './models';

const KIND_CODES: Record<string, string> = {
  'construction-open-tender': 'JS',
  'government-procurement-open': 'ZC',
  'land-listing': 'TD',
  property: 'CQ',
};

export function kindCode(procedureKind: string | null | undefined): string {
  return (procedureKind && KIND_CODES[procedureKind]) || 'QT';
}

export const DEAL_CODE_PATTERN = /^\d{6}-\d{4}-[A-Z]{2}-\d{5}$/;

/** Allocates the next code in its own transaction (a row lock on PostgreSQL, the single writer on SQLite). */
export async function allocateDealCode(db: Db, regionCode: string, procedureKind: string | null | undefined, now = new Date()): Promise<string> {
  const year = Number(now.toISOString().slice(0, 4));
  const kind = kindCode(procedureKind);
  const value = await db.transaction(async (trx) => {
    const key = { region_code: regionCode, year, kind_code: kind };
    await DealCodeCounter.query(trx).insert({ ...key, last_value: 0 }).onConflict(['region_code', 'year', 'kind_code']).ignore();
    await DealCodeCounter.query(trx).where(key).increment('last_value', 1);
    const row = await DealCodeCounter.query(trx).findById([regionCode, year, kind]).select('last_value');
    return Number(row!.last_value);
  });
  if (value > 99_999) throw new Error(`deal codes for ${regionCode}/${year}/${kind} are exhausted`);
  return `${regionCode}-${year}-${kind}-${String(value).padStart(5, '0')}`;
}
