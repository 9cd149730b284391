// Reading an uploaded price list into rows of text: an XLSX workbook (its first sheet, read with read-excel-file) or
// a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks). A CSV saved by a Chinese Excel is
// usually GB 18030, not UTF-8: text that is not valid UTF-8 is read as GB 18030. Blank lines are dropped, but every
// row keeps its line number in the file, which is what a row's error names.
import { createRequire } from 'node:module';
import { BusinessError } from '../step';

// read-excel-file ships CommonJS next to its ES modules, but its type declarations are ES modules only, which a
// CommonJS package cannot import statically: its reader is required, typed as it documents it.
const { readSheet } = createRequire(__filename)('read-excel-file/node') as { readSheet(input: Buffer): Promise<unknown[][]> };

export interface TableRow { rowNo: number; cells: string[] }

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function decodeText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** RFC 4180 CSV: rows of fields, each row with the (1-based) line it starts on. */
export function parseCsv(text: string): TableRow[] {
  const rows: TableRow[] = [];
  let field = '', cells: string[] = [], quoted = false, line = 1, rowStart = 1, i = 0;
  const endRow = () => {
    cells.push(field);
    if (cells.some((c) => c.trim() !== '')) rows.push({ rowNo: rowStart, cells });
    cells = []; field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      if (c === '\n') line++;
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { cells.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++; rowStart = line;
      continue;
    }
    field += c; i++;
  }
  if (quoted) {
    throw new BusinessError('PRICE_FILE_UNREADABLE', `第 ${rowStart} 行起的引号没有闭合`, `the quote opened on line ${rowStart} is never closed`, { row: rowStart });
  }
  if (field !== '' || cells.length) endRow();
  return rows;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** The rows of an uploaded list, from XLSX or CSV bytes. */
export async function readPriceTable(bytes: Buffer): Promise<TableRow[]> {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    let data: unknown[][];
    try {
      data = await readSheet(bytes);
    } catch (err) {
      throw new BusinessError('PRICE_FILE_UNREADABLE', '无法读取该 XLSX 文件的第一张工作表', 'the first sheet of this XLSX file cannot be read', { reason: err instanceof Error ? err.name : 'unknown' });
    }
    return data.map((cells, i) => ({ rowNo: i + 1, cells: cells.map(cellText) })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  }
  return parseCsv(decodeText(bytes));
}
