// The two price lists the library imports, column by column, and the check of each row. A file's first row names its
// columns (zh-CN or en names, in any order; the README documents both formats); every other row is checked on its own
// and every problem is reported with its row number, its column and a stable code — a file with any bad row is
// refused as a whole. Money is written in 元 with at most two decimals and kept in 分, converted from the text (never
// through a binary fraction).
import type { TableRow } from './price-table';

export interface RowError { row: number; column: string; code: string; zh: string; en: string }

export interface ColumnSpec { key: string; names: readonly string[]; required: boolean }

export const MAX_ROWS = 50_000;

export const BILL_ITEM_COLUMNS: readonly ColumnSpec[] = [
  { key: 'item_code', names: ['项目编码', 'item_code'], required: true },
  { key: 'item_name', names: ['项目名称', 'item_name'], required: true },
  { key: 'unit', names: ['计量单位', 'unit'], required: true },
  { key: 'quantity', names: ['工程量', 'quantity'], required: true },
  { key: 'unit_price_yuan', names: ['综合单价（元）', '综合单价(元)', 'unit_price_yuan'], required: true },
  { key: 'region_code', names: ['地区代码', 'region_code'], required: true },
  { key: 'period', names: ['期间', 'period'], required: true },
  { key: 'source', names: ['来源', 'source'], required: false },
];

export const DRUG_COLUMNS: readonly ColumnSpec[] = [
  { key: 'generic_name', names: ['通用名', 'generic_name'], required: true },
  { key: 'dosage_form', names: ['剂型', 'dosage_form'], required: true },
  { key: 'specification', names: ['规格', 'specification'], required: true },
  { key: 'packaging', names: ['包装', 'packaging'], required: true },
  { key: 'manufacturer', names: ['生产企业', 'manufacturer'], required: true },
  { key: 'province', names: ['省份', 'province'], required: true },
  { key: 'listed_price_yuan', names: ['挂网价（元）', '挂网价(元)', 'listed_price_yuan'], required: true },
  { key: 'listed_on', names: ['日期', 'listed_on'], required: true },
  { key: 'source', names: ['来源', 'source'], required: false },
];

/** The 31 provincial-level divisions of the mainland, by their short names. */
const PROVINCES = new Set([
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南',
  '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆',
]);

export interface BillItemRow {
  rowNo: number; itemCode: string; itemName: string; unit: string; quantity: number; unitPriceFen: number; regionCode: string; period: string; source: string;
}

export interface DrugRow {
  rowNo: number; productKey: string; genericName: string; dosageForm: string; specification: string; packaging: string; manufacturer: string;
  province: string; listedPriceFen: number; listedOn: string; period: string; source: string;
}

/** How prices of one product are compared: the same name, form and specification, whatever the spacing, width or case. */
export const normalizeName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
export const productKeyOf = (genericName: string, dosageForm: string, specification: string) =>
  [genericName, dosageForm, specification].map(normalizeName).join('|');

/** 元 with at most two decimals → 分, exactly; null when not such a number. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.replace(/,/g, ''));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

function validMonth(text: string): string | null {
  const m = /^(\d{4})-?(\d{1,2})$/.exec(text.replace(/[年/.]/g, '-').replace(/月$/, ''));
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12 || Number(m[1]) < 1990 || Number(m[1]) > 2100) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

function validDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso || Number(m[1]) < 1990 || Number(m[1]) > 2100) return null;
  return iso;
}

function provinceOf(text: string): string | null {
  const short = text.replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|省|市)$/, '');
  return PROVINCES.has(short) ? short : null;
}

interface Checker { errors: RowError[]; row: number }

function problem(c: Checker, column: string, code: string, zh: string, en: string): null {
  c.errors.push({ row: c.row, column, code, zh: `第 ${c.row} 行「${column}」：${zh}`, en: `row ${c.row}, ${column}: ${en}` });
  return null;
}

function text(c: Checker, column: string, value: string, max: number, required = true): string | null {
  const v = value.trim();
  if (!v) return required ? problem(c, column, 'FIELD_REQUIRED', '不能为空', 'is required') : '';
  if ([...v].length > max) return problem(c, column, 'TEXT_TOO_LONG', `不能超过 ${max} 个字`, `is longer than ${max} characters`);
  return v;
}

function money(c: Checker, column: string, value: string): number | null {
  const v = value.trim();
  if (!v) return problem(c, column, 'FIELD_REQUIRED', '不能为空', 'is required');
  const fen = yuanToFen(v);
  if (fen === null) return problem(c, column, 'PRICE_INVALID', `「${v}」不是以元为单位、最多两位小数的金额`, `"${v}" is not an amount in yuan with at most two decimals`);
  if (fen <= 0) return problem(c, column, 'PRICE_NOT_POSITIVE', '价格必须大于零', 'must be more than zero');
  return fen;
}

/** Maps the header row's names to column positions; the missing required columns are errors of row 1. */
function headerOf(header: TableRow, columns: readonly ColumnSpec[], errors: RowError[]): Map<string, number> {
  const at = new Map<string, number>();
  header.cells.forEach((name, i) => {
    const spec = columns.find((col) => col.names.includes(name.trim().normalize('NFKC')) || col.names.includes(name.trim()));
    if (spec && !at.has(spec.key)) at.set(spec.key, i);
  });
  for (const spec of columns) {
    if (spec.required && !at.has(spec.key)) {
      errors.push({ row: header.rowNo, column: spec.names[0]!, code: 'COLUMN_MISSING', zh: `表头缺少「${spec.names[0]}」列（或 ${spec.names[spec.names.length - 1]}）`, en: `the header has no column "${spec.names[spec.names.length - 1]}" (or ${spec.names[0]})` });
    }
  }
  return at;
}

type Parsed<T> = { rows: T[]; errors: RowError[] };

function parseRows<T>(table: readonly TableRow[], columns: readonly ColumnSpec[], parse: (c: Checker, get: (key: string) => { column: string; value: string }) => T | null): Parsed<T> {
  const errors: RowError[] = [];
  const [header, ...body] = table;
  if (!header) return { rows: [], errors: [{ row: 1, column: '', code: 'FILE_EMPTY', zh: '文件没有内容', en: 'the file is empty' }] };
  const at = headerOf(header, columns, errors);
  if (errors.length) return { rows: [], errors };
  if (!body.length) return { rows: [], errors: [{ row: header.rowNo, column: '', code: 'FILE_EMPTY', zh: '文件只有表头，没有价格行', en: 'the file has a header and no price rows' }] };
  if (body.length > MAX_ROWS) return { rows: [], errors: [{ row: body[MAX_ROWS]!.rowNo, column: '', code: 'TOO_MANY_ROWS', zh: `一个文件最多 ${MAX_ROWS} 行`, en: `a file holds at most ${MAX_ROWS} rows` }] };
  const rows: T[] = [];
  for (const r of body) {
    const c: Checker = { errors, row: r.rowNo };
    const get = (key: string) => {
      const spec = columns.find((col) => col.key === key)!;
      const i = at.get(key);
      return { column: spec.names[0]!, value: i === undefined ? '' : (r.cells[i] ?? '') };
    };
    const before = errors.length;
    const parsed = parse(c, get);
    if (parsed && errors.length === before) rows.push(parsed);
  }
  return { rows, errors };
}

/**
 * 工程量清单 item prices: a GB 50500 code of twelve digits (nine of the standard's item, three of the bill's own
 * numbering), the item's name and unit, the quantity, the 综合单价 in 元, the region (a code the importer may write
 * for) and the month the price is of.
 */
export function parseBillItems(table: readonly TableRow[], opts: { allowedRegions: readonly string[]; defaultSource: string }): Parsed<BillItemRow> {
  return parseRows(table, BILL_ITEM_COLUMNS, (c, get) => {
    const code = get('item_code'), name = get('item_name'), unit = get('unit'), qty = get('quantity'), price = get('unit_price_yuan');
    const region = get('region_code'), period = get('period'), source = get('source');
    const itemCode = code.value.trim();
    if (!itemCode) problem(c, code.column, 'FIELD_REQUIRED', '不能为空', 'is required');
    else if (!/^\d{12}$/.test(itemCode)) problem(c, code.column, 'ITEM_CODE_INVALID', `「${itemCode}」不是 12 位数字的清单项目编码（GB 50500）`, `"${itemCode}" is not a twelve-digit bill item code (GB 50500)`);
    const itemName = text(c, name.column, name.value, 200);
    const unitText = text(c, unit.column, unit.value, 16);
    const q = qty.value.trim();
    let quantity: number | null = null;
    if (!q) problem(c, qty.column, 'FIELD_REQUIRED', '不能为空', 'is required');
    else if (!/^\d{1,12}(\.\d{1,4})?$/.test(q) || Number(q) <= 0) problem(c, qty.column, 'QUANTITY_INVALID', `「${q}」不是大于零、最多四位小数的工程量`, `"${q}" is not a quantity above zero with at most four decimals`);
    else quantity = Number(q);
    const unitPriceFen = money(c, price.column, price.value);
    const regionCode = region.value.trim();
    if (!regionCode) problem(c, region.column, 'FIELD_REQUIRED', '不能为空', 'is required');
    else if (!/^\d{6}$/.test(regionCode)) problem(c, region.column, 'REGION_INVALID', `「${regionCode}」不是 6 位行政区划代码`, `"${regionCode}" is not a six-digit region code`);
    else if (!opts.allowedRegions.includes(regionCode)) problem(c, region.column, 'REGION_NOT_ALLOWED', `您不能导入地区 ${regionCode} 的价格`, `you may not import prices for region ${regionCode}`);
    const month = period.value.trim() ? validMonth(period.value.trim()) : problem(c, period.column, 'FIELD_REQUIRED', '不能为空', 'is required');
    if (period.value.trim() && !month) problem(c, period.column, 'PERIOD_INVALID', `「${period.value.trim()}」不是年月（如 2026-03）`, `"${period.value.trim()}" is not a month such as 2026-03`);
    const src = text(c, source.column, source.value, 200, false);
    if (!itemName || !unitText || quantity === null || unitPriceFen === null || !month || src === null || !/^\d{12}$/.test(itemCode) || !opts.allowedRegions.includes(regionCode)) return null;
    return { rowNo: c.row, itemCode, itemName, unit: unitText, quantity, unitPriceFen, regionCode, period: month, source: src || opts.defaultSource };
  });
}

/** Drug and consumable 挂网价 published by a province: the product, its maker, the province, the price per package and its date. */
export function parseDrugs(table: readonly TableRow[], opts: { defaultSource: string; today: string }): Parsed<DrugRow> {
  return parseRows(table, DRUG_COLUMNS, (c, get) => {
    const g = get('generic_name'), f = get('dosage_form'), s = get('specification'), p = get('packaging'), m = get('manufacturer');
    const prov = get('province'), price = get('listed_price_yuan'), date = get('listed_on'), source = get('source');
    const genericName = text(c, g.column, g.value, 200);
    const dosageForm = text(c, f.column, f.value, 64);
    const specification = text(c, s.column, s.value, 100);
    const packaging = text(c, p.column, p.value, 100);
    const manufacturer = text(c, m.column, m.value, 200);
    const provinceText = prov.value.trim();
    let province: string | null = null;
    if (!provinceText) problem(c, prov.column, 'FIELD_REQUIRED', '不能为空', 'is required');
    else if (!(province = provinceOf(provinceText))) problem(c, prov.column, 'PROVINCE_INVALID', `「${provinceText}」不是省级行政区`, `"${provinceText}" is not a province of the mainland`);
    const listedPriceFen = money(c, price.column, price.value);
    const d = date.value.trim();
    let listedOn: string | null = null;
    if (!d) problem(c, date.column, 'FIELD_REQUIRED', '不能为空', 'is required');
    else if (!(listedOn = validDate(d))) problem(c, date.column, 'DATE_INVALID', `「${d}」不是日期（如 2026-03-15）`, `"${d}" is not a date such as 2026-03-15`);
    else if (listedOn > opts.today) { problem(c, date.column, 'DATE_IN_FUTURE', `日期 ${listedOn} 晚于今天`, `the date ${listedOn} is after today`); listedOn = null; }
    const src = text(c, source.column, source.value, 200, false);
    if (!genericName || !dosageForm || !specification || !packaging || !manufacturer || !province || listedPriceFen === null || !listedOn || src === null) return null;
    return {
      rowNo: c.row, productKey: productKeyOf(genericName, dosageForm, specification), genericName, dosageForm, specification, packaging, manufacturer,
      province, listedPriceFen, listedOn, period: listedOn.slice(0, 7), source: src || opts.defaultSource,
    };
  });
}
