// The price library (价格信息库) as the api shows it: searches, indicators and the control-price reference over the
// regions one may see (the training sandboxes only when asked for by name), and the import of a list one uploaded,
// for a city one may write for. A list's bad rows come back as the error's details, one per problem, with the row.
import {
  BusinessError, controlPriceReference, importPriceList, listPriceImports, priceIndicators, searchPriceItems, uploadedBy,
  type BillLine, type Granularity, type IndicatorSubject, type ObjectStore, type RowError,
} from '@ggzy/domain';
import type { Db } from '@ggzy/db';
import { realRegions, type Principal } from '../auth/principal';
import { AppError, type ErrorDetail } from '../http/errors';
import { storeOf } from './files';

/** The regions a read covers: the one asked for (404 when not one's own), else every real region one sees. */
function regionsOf(principal: Principal, regionCode: string | undefined): string[] {
  if (!regionCode) return realRegions(principal);
  if (!principal.visibleRegions.includes(regionCode)) throw new AppError('NOT_FOUND');
  return [regionCode];
}

const rowDetail = (e: RowError): ErrorDetail => ({ path: `rows.${e.row}.${e.column}`, code: e.code, message: e.en, messages: { zh: e.zh, en: e.en } });

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof BusinessError)) throw err;
    if (err.code === 'PRICE_IMPORT_INVALID') {
      const refused = new AppError('PRICE_IMPORT_INVALID', (err.details.errors as RowError[]).map(rowDetail));
      refused.localized = { zh: err.zh, en: err.en };
      throw refused;
    }
    if (err.code === 'PRICE_BASIS_MIXED') {
      throw new AppError('PRICE_BASIS_MIXED', (err.details.bases as Array<{ basis: string; count: number }>).map((b) => ({ path: 'basis', code: 'BASIS_OPTION', message: b.basis })));
    }
    if (err.code === 'PRICE_FILE_UNREADABLE') {
      const refused = new AppError('PRICE_FILE_UNREADABLE');
      refused.localized = { zh: err.zh, en: err.en };
      throw refused;
    }
    if (err.code === 'PRICE_FILE_NOT_UPLOADED') throw new AppError('PRICE_FILE_NOT_UPLOADED');
    if (err.code === 'ITEM_CODE_INVALID') throw new AppError('VALIDATION_FAILED', [{ path: 'query.itemCode', message: err.en, messages: { zh: err.zh, en: err.en } }]);
    throw err;
  }
}

export interface IndicatorQuery {
  kind: IndicatorSubject['kind']; itemCode?: string; unit?: string; genericName?: string; dosageForm?: string; specification?: string;
  procedureKind?: string; category?: string; regionCode?: string; from?: string; to?: string; granularity: Granularity; base?: string;
}

function subjectOf(q: IndicatorQuery): IndicatorSubject {
  if (q.kind === 'bill_item') {
    if (!q.itemCode) throw new AppError('VALIDATION_FAILED', [{ path: 'query.itemCode', message: 'a bill item code (2, 4, 6, 9 or 12 digits) is required for bill items' }]);
    return { kind: 'bill_item', itemCode: q.itemCode, ...(q.unit ? { unit: q.unit } : {}) };
  }
  if (q.kind === 'drug') {
    if (!q.genericName) throw new AppError('VALIDATION_FAILED', [{ path: 'query.genericName', message: 'the generic name (通用名) is required for drugs' }]);
    return { kind: 'drug', genericName: q.genericName, ...(q.dosageForm ? { dosageForm: q.dosageForm } : {}), ...(q.specification ? { specification: q.specification } : {}) };
  }
  return { kind: 'award', ...(q.procedureKind ? { procedureKind: q.procedureKind } : {}), ...(q.category ? { category: q.category } : {}) };
}

export const indicators = (db: Db, principal: Principal, q: IndicatorQuery) => refusing(() =>
  priceIndicators(db, subjectOf(q), { regions: regionsOf(principal, q.regionCode), from: q.from, to: q.to }, { granularity: q.granularity, basePeriod: q.base }));

export const search = (db: Db, principal: Principal, q: { kind: IndicatorSubject['kind']; q?: string; regionCode?: string; limit: number }) =>
  searchPriceItems(db, q.kind, regionsOf(principal, q.regionCode), q.q, q.limit);

export const reference = (db: Db, principal: Principal, body: { items: BillLine[]; regionCode?: string; from?: string; to?: string }) =>
  controlPriceReference(db, body.items, { regions: regionsOf(principal, body.regionCode), from: body.from, to: body.to });

export async function importList(db: Db, objects: ObjectStore | null | undefined, principal: Principal, body: { kind: 'bill_items' | 'drugs'; sha256: string; fileName: string; regionCode: string }) {
  // one imports for a city of one's own; a city's bill items may only be priced for the cities one sees
  if (!realRegions(principal).includes(body.regionCode)) throw new AppError('FORBIDDEN');
  const store = storeOf(objects);
  if (!await uploadedBy(db, body.sha256, principal.userId)) throw new AppError('PRICE_FILE_NOT_UPLOADED');
  return refusing(() => importPriceList(db, store, body.sha256, {
    kind: body.kind, fileName: body.fileName, regionCode: body.regionCode, allowedRegions: realRegions(principal), actor: principal.username, now: new Date(),
  }));
}

export const imports = (db: Db, principal: Principal, limit: number) => listPriceImports(db, realRegions(principal), limit);
