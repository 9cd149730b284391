// The analysts' bid file (one row per bid): read strictly, so that a typo in a column name or a price is named with
// its line rather than silently skewing a screen. Pure: the caller reads the file.
import { BidTableBuilder, type BidInput, type BidTable } from './bid-table';

export const REQUIRED_COLUMNS = ['tender_id', 'bid'] as const;
export const OPTIONAL_COLUMNS = [
  'bidder_id', 'winner', 'date', 'estimate', 'market', 'collusive',
  'document_hash', 'tool_fingerprint', 'deposit_account', 'agent', 'people',
] as const;
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

export class BidsCsvError extends Error {
  constructor(readonly code: string, readonly source: string, readonly line: number, readonly zh: string, readonly en: string) {
    super(`${source}${line ? `:${line}` : ''}: ${zh} (${en}) [${code}]`);
    this.name = 'BidsCsvError';
  }
}

/** Splits CSV text into records of fields with the line each record starts on (RFC 4180 quoting, CRLF or LF). */
function* records(text: string, source: string): Generator<{ line: number; fields: string[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new BidsCsvError('CSV_UNTERMINATED_QUOTE', source, startLine, '引号未闭合', 'a quoted field is not closed');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      fields.push(field);
      field = '';
      if (text[i] === ',') { i++; continue; }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') { i++; line++; }
      break;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue; // blank line
    yield { line: startLine, fields: fields.map((f) => f.trim()) };
  }
}

const DATE = /^(\d{4})-?(\d{2})-?(\d{2})$/;

/**
 * Reads a bid file into the builder. Rows of one tender may be anywhere in the file; what is per tender (market,
 * estimate, date, collusive) must agree across its rows. Without a `market` column every row is in `defaultMarket`.
 */
export function readBidsCsv(text: string, source: string, defaultMarket: string, builder = new BidTableBuilder()): BidTableBuilder {
  const fail = (code: string, line: number, zh: string, en: string): never => { throw new BidsCsvError(code, source, line, zh, en); };
  const it = records(text, source);
  const first = it.next();
  if (first.done) return fail('CSV_EMPTY', 0, '文件为空', 'the file is empty');
  const header = first.value.fields.map((h: string) => h.toLowerCase());
  const seen = new Set<string>();
  for (const name of header) {
    if (!KNOWN.has(name)) fail('CSV_UNKNOWN_COLUMN', 1, `未知的列“${name}”，可用的列：${[...KNOWN].join(',')}`, `unknown column "${name}"; the columns are ${[...KNOWN].join(',')}`);
    if (seen.has(name)) fail('CSV_DUPLICATE_COLUMN', 1, `列“${name}”重复`, `column "${name}" appears twice`);
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) if (!seen.has(name)) fail('CSV_MISSING_COLUMN', 1, `缺少必需的列“${name}”`, `the required column "${name}" is missing`);
  const col = (name: string) => header.indexOf(name);
  const at = Object.fromEntries([...KNOWN].map((n) => [n, col(n)])) as Record<string, number>;
  const perTender = new Map<string, { line: number; market: string; estimate: number | null; date: string | null; collusive: boolean | null; winners: number }>();
  const start = builder.size;
  for (const { line, fields } of it) {
    if (fields.length !== header.length) fail('CSV_FIELD_COUNT', line, `有 ${fields.length} 个字段，表头有 ${header.length} 个`, `${fields.length} fields where the header has ${header.length}`);
    const get = (name: string) => (at[name]! >= 0 ? fields[at[name]!]! : '');
    const tender = get('tender_id');
    if (!tender) fail('CSV_EMPTY_FIELD', line, 'tender_id 为空', 'tender_id is empty');
    const number = (name: string, code: string, required: boolean): number | null => {
      const raw = get(name);
      if (raw === '') {
        if (required) fail(code, line, `${name} 为空`, `${name} is empty`);
        return null;
      }
      const value = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(value) || value <= 0) fail(code, line, `${name}“${raw}”不是正数`, `${name} "${raw}" is not a positive number`);
      return value;
    };
    const flag = (name: string): boolean | null => {
      const raw = get(name);
      if (raw === '') return null;
      if (raw !== '0' && raw !== '1') fail('CSV_BAD_FLAG', line, `${name}“${raw}”应为 0 或 1`, `${name} "${raw}" must be 0 or 1`);
      return raw === '1';
    };
    const text = (name: string) => get(name) || null;
    const bid = number('bid', 'CSV_BAD_BID', true)!;
    const estimate = number('estimate', 'CSV_BAD_ESTIMATE', false);
    let date = text('date');
    if (date !== null) {
      const m = DATE.exec(date);
      const valid = m && !Number.isNaN(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).getUTCDate() === +m[3]!;
      if (!valid) fail('CSV_BAD_DATE', line, `date“${date}”不是 YYYYMMDD 或 YYYY-MM-DD 日期`, `date "${date}" is not a YYYYMMDD or YYYY-MM-DD date`);
      date = `${m![1]}-${m![2]}-${m![3]}`;
    }
    const market = text('market') ?? defaultMarket;
    const winner = flag('winner');
    const collusive = flag('collusive');
    const key = `${market}\u0000${tender}`;
    const known = perTender.get(key);
    if (!known) perTender.set(key, { line, market, estimate, date, collusive, winners: winner ? 1 : 0 });
    else {
      const differs = (name: string, a: unknown, b: unknown) => {
        if (a !== b) fail('CSV_TENDER_INCONSISTENT', line, `招标项目“${tender}”的 ${name} 与第 ${known.line} 行不同`, `tender "${tender}" has another ${name} than on line ${known.line}`);
      };
      differs('estimate', estimate, known.estimate);
      differs('date', date, known.date);
      differs('collusive', collusive, known.collusive);
      if (winner && ++known.winners > 1) fail('CSV_TWO_WINNERS', line, `招标项目“${tender}”有多于一个中标投标`, `tender "${tender}" has more than one winning bid`);
    }
    const people = text('people');
    const row: BidInput = {
      tender, bid, market, estimate, date, winner, collusive, bidder: text('bidder_id'),
      documentHash: text('document_hash'), toolFingerprint: text('tool_fingerprint'), depositAccount: text('deposit_account'),
      agent: text('agent'), people: people === null ? null : people.split(';').map((p) => p.trim()).filter(Boolean),
    };
    builder.add(row);
  }
  if (builder.size === start) fail('CSV_NO_ROWS', 1, '文件没有投标行', 'the file has no bid rows');
  return builder;
}

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The table as a bid file (the required and the optional columns the table has), e.g. for generated markets. */
export function bidsCsvOf(table: BidTable): string {
  const lines = ['tender_id,bidder_id,bid,winner,date,estimate,market,collusive'];
  for (let t = 0; t < table.tenders.length; t++) {
    const estimate = Number.isNaN(table.estimate[t]!) ? '' : String(table.estimate[t]);
    const label = table.collusive[t] === -1 ? '' : String(table.collusive[t]);
    const date = table.date[t]?.replace(/-/g, '') ?? '';
    for (let i = table.start[t]!; i < table.start[t + 1]!; i++) {
      const bidder = table.bidder[i]! >= 0 ? table.bidders[table.bidder[i]!]! : '';
      const winner = table.winner[i] === -1 ? '' : String(table.winner[i]);
      lines.push([table.tenders[t]!, bidder, String(table.bid[i]), winner, date, estimate, table.markets[table.tenderMarket[t]!]!, label].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
