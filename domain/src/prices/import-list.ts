// Importing a price list (价格信息导入): the file is read from the object store by its SHA-256 (it came in through the
// resumable uploads), every row is checked, and only a file without a bad row is written — all of it in one
// transaction. The same file imported again (same kind, same SHA-256) changes nothing and answers the first import.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { PriceImport } from '@ggzy/db';
import { BusinessError } from '../step';
import type { ObjectStore } from '../files/object-store';
import { readPriceTable } from './price-table';
import { parseBillItems, parseDrugs, type BillItemRow, type DrugRow, type RowError } from './price-lists';

export type PriceListKind = 'bill_items' | 'drugs';

export interface PriceImportRequest {
  kind: PriceListKind;
  fileName: string;
  /** The city the list is imported for (the importer's). */
  regionCode: string;
  /** The regions the importer may write bill item prices for. */
  allowedRegions: readonly string[];
  actor: string;
  now: Date;
}

export interface PriceImportAnswer { importId: number; kind: PriceListKind; sha256: string; rows: number; alreadyImported: boolean; importedAt: string }

/** A price list is a table, not a bid file: larger than this, it is refused before it is read. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** At most this many row errors are reported (the count of all of them is given too). */
export const MAX_REPORTED_ERRORS = 200;
const INSERT_CHUNK = 200;

const chinaDay = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function bytesOf(store: ObjectStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.read(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function refusedRows(errors: readonly RowError[]): BusinessError {
  const rows = new Set(errors.map((e) => e.row)).size;
  return new BusinessError(
    'PRICE_IMPORT_INVALID', `价格文件有 ${rows} 行不符合格式，整个文件未导入`, `${rows} row(s) of the price file are not valid; nothing was imported`,
    { errorCount: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS) },
  );
}

async function insertChunked(trx: Knex, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  // plain knex: multi-row inserts in chunks, which objection does not batch
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

/** Checks and imports bytes already read; exported for the tests and for imports that do not come from the store. */
export async function importPriceBytes(db: Knex, bytes: Buffer, request: PriceImportRequest): Promise<PriceImportAnswer> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const answerOf = (row: PriceImport, alreadyImported: boolean): PriceImportAnswer => ({
    importId: Number(row.id), kind: row.kind, sha256: row.sha256, rows: Number(row.row_count), alreadyImported, importedAt: row.imported_at,
  });
  const earlier = await PriceImport.query(db).where({ kind: request.kind, sha256 }).first();
  if (earlier) return answerOf(earlier, true);
  const table = await readPriceTable(bytes);
  const parsed = request.kind === 'bill_items'
    ? parseBillItems(table, { allowedRegions: request.allowedRegions, defaultSource: request.fileName })
    : parseDrugs(table, { defaultSource: request.fileName, today: chinaDay(request.now) });
  if (parsed.errors.length) throw refusedRows(parsed.errors);
  return db.transaction(async (trx) => {
    // a concurrent import of the same file: the unique (kind, sha256) makes one of them wait and find the other's
    const again = await PriceImport.query(trx).where({ kind: request.kind, sha256 }).first();
    if (again) return answerOf(again, true);
    const row = await PriceImport.query(trx).insert({
      kind: request.kind, sha256, file_name: request.fileName, region_code: request.regionCode, imported_by: request.actor,
      row_count: parsed.rows.length, imported_at: request.now.toISOString(),
    });
    const importId = Number(row.id);
    if (request.kind === 'bill_items') {
      await insertChunked(trx, 'bill_item_prices', (parsed.rows as BillItemRow[]).map((r) => ({
        import_id: importId, row_no: r.rowNo, item_code: r.itemCode, item_name: r.itemName, unit: r.unit, quantity: r.quantity,
        unit_price_fen: r.unitPriceFen, region_code: r.regionCode, period: r.period, source: r.source,
      })));
    } else {
      await insertChunked(trx, 'drug_prices', (parsed.rows as DrugRow[]).map((r) => ({
        import_id: importId, row_no: r.rowNo, product_key: r.productKey, generic_name: r.genericName, dosage_form: r.dosageForm,
        specification: r.specification, packaging: r.packaging, manufacturer: r.manufacturer, province: r.province,
        listed_price_fen: r.listedPriceFen, listed_on: r.listedOn, period: r.period, region_code: request.regionCode, source: r.source,
      })));
    }
    return answerOf(row, false);
  });
}

/** Imports a file the caller uploaded (its SHA-256 names it in the object store). */
export async function importPriceList(db: Knex, store: ObjectStore, sha256: string, request: PriceImportRequest): Promise<PriceImportAnswer> {
  const earlier = await PriceImport.query(db).where({ kind: request.kind, sha256 }).first();
  if (earlier) {
    return { importId: Number(earlier.id), kind: earlier.kind, sha256, rows: Number(earlier.row_count), alreadyImported: true, importedAt: earlier.imported_at };
  }
  const size = await store.size(sha256);
  if (size === null) throw new BusinessError('PRICE_FILE_NOT_UPLOADED', '文件库中没有该文件', 'the file store does not hold this file', { sha256 });
  if (size > MAX_FILE_BYTES) {
    throw new BusinessError('PRICE_FILE_UNREADABLE', `价格文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`, `a price file may not exceed ${MAX_FILE_BYTES / 1024 / 1024} MB`, { size });
  }
  return importPriceBytes(db, await bytesOf(store, sha256), request);
}

/** The imports of the given regions, newest first. */
export async function listPriceImports(db: Knex, regions: readonly string[], limit: number) {
  const rows = await PriceImport.query(db).whereIn('region_code', [...regions]).orderBy('id', 'desc').limit(limit);
  return rows.map((r) => ({
    importId: Number(r.id), kind: r.kind, sha256: r.sha256, fileName: r.file_name, regionCode: r.region_code, importedBy: r.imported_by,
    rows: Number(r.row_count), importedAt: r.imported_at,
  }));
}
