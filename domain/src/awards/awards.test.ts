import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { AGENT, TENDEREE, accept, bidder } from '../../../test/support/deal-fixtures';
import { defaultObjectStore, documentBytes } from '../files/documents';
import { chineseAmount, yuanFigures } from './chinese-amount';
import { CjkFontMissingError, resolveCjkFont } from './cjk-font';
import { renderLetter, type LetterContent } from './notice-pdf';

const S1 = `${DEAL}-01`;
const PRICE = 987_654_321; // 9,876,543.21 yuan

const registerCall = (n: number, section = S1): TaskCall => ({
  type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register:${section}#${n}`, input: { sectionCode: section, bidder: bidder(n) },
});
const issue = (winner = 2, input: Record<string, unknown> = {}, key = 'wf-test:award#1'): TaskCall => ({
  type: 'awards.issueNotice', nodeId: 'award', key, input: { sectionCode: S1, winner: bidder(winner).creditCode, priceFen: PRICE, noticeDate: '2026-03-01', ...input },
});

// A small reader for the PDFs pdfkit writes: inflates the streams, reads the ToUnicode map of the embedded font and
// decodes the text shown by the content streams.
interface PdfStream { dict: string; data: Buffer }
function streamsOf(pdf: Buffer): PdfStream[] {
  const text = pdf.toString('latin1');
  const found: PdfStream[] = [];
  for (const match of text.matchAll(/<<([^<>]*(?:<<[^<>]*>>[^<>]*)*)>>\s*stream\r?\n/g)) {
    const dict = match[1]!;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const start = match.index! + match[0].length;
    const raw = pdf.subarray(start, start + length);
    found.push({ dict, data: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  return found;
}
function pdfText(pdf: Buffer): string {
  const streams = streamsOf(pdf);
  const map = new Map<number, string>();
  for (const s of streams.filter((x) => x.data.includes('begincmap'))) {
    for (const [, from, to, list] of s.data.toString('latin1').matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const entries = [...list!.matchAll(/<([0-9a-f ]+)>/gi)].map((m) => String.fromCharCode(...m[1]!.split(' ').map((h) => parseInt(h, 16))));
      for (let code = parseInt(from!, 16); code <= parseInt(to!, 16); code++) map.set(code, entries[code - parseInt(from!, 16)] ?? '');
    }
  }
  let out = '';
  for (const s of streams.filter((x) => /T[Jj]/.test(x.data.toString('latin1')) && !x.data.includes('begincmap'))) {
    for (const [, array] of s.data.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      for (const [, hex] of array!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let i = 0; i < hex!.length; i += 4) out += map.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
      out += '\n';
    }
  }
  return out;
}
const squeeze = (text: string) => text.replace(/\s+/g, '');
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('award letters as PDF', () => {
  const content: LetterContent = {
    kind: 'award_notice', dealCode: DEAL, dealTitle: '东湖市第一中学教学楼新建工程', sectionCode: S1, sectionName: '施工',
    addressee: bidder(2), winner: bidder(2), priceFen: PRICE, tenderee: TENDEREE, agent: AGENT, noticeDate: '2026-03-01',
  };

  test('amounts in capital numerals follow the banking rules for zeros and 整', () => {
    expect(chineseAmount(0)).toBe('零元整');
    expect(chineseAmount(1)).toBe('壹分');
    expect(chineseAmount(50)).toBe('伍角');
    expect(chineseAmount(100)).toBe('壹元整');
    expect(chineseAmount(10_500)).toBe('壹佰零伍元整');
    expect(chineseAmount(101_000)).toBe('壹仟零壹拾元整');
    expect(chineseAmount(1_000_000_000)).toBe('壹仟万元整');
    expect(chineseAmount(1_000_500_000)).toBe('壹仟万伍仟元整');
    expect(chineseAmount(1_000_050_000)).toBe('壹仟万零伍佰元整');
    expect(chineseAmount(10_000_000_100)).toBe('壹亿零壹元整');
    expect(chineseAmount(1_234_567_890)).toBe('壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角');
    expect(chineseAmount(PRICE)).toBe('玖佰捌拾柒万陆仟伍佰肆拾叁元贰角壹分');
    expect(chineseAmount(1_005)).toBe('壹拾元零伍分');
    expect(yuanFigures(PRICE)).toBe('9,876,543.21');
    expect(() => chineseAmount(-1)).toThrow(RangeError);
  });

  test('the same content renders to the same bytes whenever it is rendered; other content to other bytes', async () => {
    const first = await renderLetter(content);
    await new Promise((r) => setTimeout(r, 1100)); // a wall-clock second later
    const again = await renderLetter(content);
    expect(again.sha256).toBe(first.sha256);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect((await renderLetter({ ...content, priceFen: PRICE + 1 })).sha256).not.toBe(first.sha256);
  });

  test('a valid one-page PDF with the CJK font embedded (as a subset) and the Chinese text extractable', async () => {
    const { bytes, sha256: hash } = await renderLetter(content);
    expect(hash).toBe(sha256(bytes));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pageCount(bytes)).toBe(1);
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(raw).toContain('/FontFile3');
    expect(raw).toContain('(D:20260228160000Z)'); // the notice date, 00:00 China Standard Time
    const text = squeeze(pdfText(bytes));
    expect(text).toContain('中标通知书');
    expect(text).toContain(squeeze(`${bidder(2).name}（统一社会信用代码：${bidder(2).creditCode}）：`));
    expect(text).toContain('人民币9,876,543.21元（大写：玖佰捌拾柒万陆仟伍佰肆拾叁元贰角壹分）');
    expect(text).toContain('30日内');
    expect(text).toContain(`招标人：${TENDEREE.name}`);
    expect(text).toContain('2026年3月1日');
  });

  test('without a CJK font the error says what to install', () => {
    expect(() => resolveCjkFont({ GGZY_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(CjkFontMissingError);
    expect(() => resolveCjkFont({ GGZY_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(/fonts-noto-cjk/);
    expect(resolveCjkFont({})).toMatchObject({ face: 'NotoSansCJKsc-Regular' });
  });
});

describe.each(DATABASES)('awards.issueNotice on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await runTask(db, accept);
    for (const n of [1, 2, 3]) await runTask(db, registerCall(n));
  });
  afterEach(async () => { await database.close(); });

  test('issues the notice to the winner and result letters to the others, records the award and the price, in one go', async () => {
    const answer = await runTask(db, issue());
    const result = answer.result as { awardId: number; notice: { documentId: number; sha256: string }; letters: Array<{ bidder: string; documentId: number; sha256: string }> };
    const award = await db('awards').where('id', result.awardId).first();
    expect(award).toMatchObject({ notice_date: '2026-03-01', issued_key: 'wf-test:award#1', notice_sha256: result.notice.sha256 });
    expect(Number(award.price_fen)).toBe(PRICE);
    const notice = await db('documents').where('id', award.notice_document_id).first();
    expect(notice.content).toBeNull(); // the bytes are in the object store, under their digest
    const bytes = await documentBytes(db, defaultObjectStore(), notice.id);
    expect(notice).toMatchObject({ deal_code: DEAL, section_code: S1, kind: 'award_notice', media_type: 'application/pdf', file_name: `award-notice-${S1}.pdf` });
    expect(Number(notice.size_bytes)).toBe(bytes.length);
    expect(sha256(bytes)).toBe(notice.sha256);
    expect(award.notice_sha256).toBe(sha256(bytes));
    expect(pageCount(bytes)).toBe(1);
    expect(squeeze(pdfText(bytes))).toContain(squeeze(`${bidder(2).name}（统一社会信用代码：${bidder(2).creditCode}）`));

    expect(result.letters.map((l) => l.bidder)).toEqual([bidder(1).creditCode, bidder(3).creditCode]);
    for (const letter of result.letters) {
      const row = await db('documents').where('id', letter.documentId).first();
      const letterBytes = await documentBytes(db, defaultObjectStore(), row.id);
      expect(row.kind).toBe('result_letter');
      expect(sha256(letterBytes)).toBe(letter.sha256);
      const text = squeeze(pdfText(letterBytes));
      expect(text).toContain('中标结果通知书');
      expect(text).toContain(squeeze(`确定${bidder(2).name}（统一社会信用代码：${bidder(2).creditCode}）为中标人`));
    }
    expect(Number((await db('award_result_letters').where('award_id', result.awardId).count('* as n').first())!.n)).toBe(2);
    const price = await db('awarded_prices').where('section_code', S1).first();
    expect(price).toMatchObject({ deal_code: DEAL, currency: 'CNY' });
    expect(Number(price.amount_fen)).toBe(PRICE);
    const events = await db('supervision_events').where({ deal_code: DEAL, kind: 'award.issued' });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({
      taskType: 'awards.issueNotice', sectionCode: S1, winner: bidder(2).creditCode, priceFen: PRICE,
      notice: { documentId: notice.id, sha256: notice.sha256 }, letters: [{ bidder: bidder(1).creditCode }, { bidder: bidder(3).creditCode }],
    });
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    const first = await runTask(db, issue());
    const before = await dumpDatabase(db);
    expect(await runTask(db, issue(), { now: () => new Date(PINNED_NOW.getTime() + 3_600_000) })).toEqual(first);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('commit, then fail: the retried run leaves exactly what one clean run leaves (the same PDF bytes)', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [accept, registerCall(1), registerCall(2), issue(1)]);
    expect(outcome.crashes).toBe(4);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await runTask(db, registerCall(4, `${DEAL}-02`));
    await runTask(db, issue(4, { sectionCode: `${DEAL}-02` }, 'wf-test:award#2'));
    const before = await dumpDatabase(db);
    const cases: Array<[string, TaskCall, string]> = [
      ['unknown deal', { ...issue(), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      ['unknown section', issue(2, { sectionCode: `${DEAL}-09` }), 'SECTION_NOT_FOUND'],
      ['winner not a bidder', issue(7), 'WINNER_NOT_A_BIDDER'],
      ['winner of another section', issue(4), 'WINNER_NOT_A_BIDDER'],
      ['negative price', issue(2, { priceFen: -5 }), 'INVALID_INPUT'],
      ['zero price', issue(2, { priceFen: 0 }), 'INVALID_INPUT'],
      ['bad winner code', issue(2, { winner: 'not-a-code' }), 'INVALID_INPUT'],
      ['bad date', issue(2, { noticeDate: '2026-13-01' }), 'INVALID_INPUT'],
      ['notice dated in the future', issue(2, { noticeDate: '2026-03-03' }), 'NOTICE_DATE_INVALID'],
      ['second award of a section', issue(4, { sectionCode: `${DEAL}-02` }, 'wf-test:award#3'), 'AWARD_ALREADY_ISSUED'],
    ];
    for (const [what, call, code] of cases) {
      const error = await businessErrorOf(runTask(db, call));
      expect({ what, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ what, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('with an opening record, the winner must be a valid opened bid and the letters go to the opened bidders', async () => {
    await runTask(db, registerCall(4)); // registered, never submitted
    const section = await db('sections').where('section_code', S1).first('id');
    const at = PINNED_NOW.toISOString();
    const [opening] = await db('bid_openings').insert({ section_id: section.id, deadline_at: at, opened_at: at, opened_key: 'wf-test:open#1', valid_bid_count: 2, line_count: 3 }).returning('id');
    for (const n of [1, 2, 3]) {
      const bid = await db('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id').where({ 'b.section_id': section.id, 's.credit_code': bidder(n).creditCode }).first('b.id', 'b.bidder_subject_id');
      const [submission] = await db('bid_submissions').insert({ bid_id: bid.id, version: 1, document_sha256: 'a'.repeat(64), sealed_price: 'sealed', submitted_key: `wf-test:submit#${n}`, submitted_at: at }).returning('id');
      await db('bid_opening_lines').insert({
        opening_id: opening.id ?? opening, line_no: n, bid_id: bid.id, submission_id: submission.id ?? submission, bidder_subject_id: bid.bidder_subject_id,
        document_sha256: 'a'.repeat(64), price_fen: n === 3 ? null : PRICE + n, is_valid: n !== 3, invalid_reason: n === 3 ? 'late' : null,
      });
    }
    const before = await dumpDatabase(db);
    expect((await businessErrorOf(runTask(db, issue(3)))).code).toBe('WINNER_NOT_A_VALID_BID');
    expect((await businessErrorOf(runTask(db, issue(4)))).code).toBe('WINNER_NOT_A_VALID_BID');
    // the award's price is the winner's opened bid: a different typed price is refused, none is taken from the record
    const typed = await businessErrorOf(runTask(db, issue(2)));
    expect(typed).toMatchObject({ code: 'AWARD_PRICE_NOT_THE_BID', details: { typed: PRICE, opened: PRICE + 2 } });
    expect(await dumpDatabase(db)).toEqual(before);
    const answer = await runTask(db, issue(2, { priceFen: undefined }));
    expect(answer.result).toMatchObject({ priceFen: PRICE + 2 });
    expect((answer.result as { letters: Array<{ bidder: string }> }).letters.map((l) => l.bidder)).toEqual([bidder(1).creditCode, bidder(3).creditCode]);
    expect(Number((await db('awarded_prices').where('section_code', S1).first()).amount_fen)).toBe(PRICE + 2);
  });

  test('without an opening record a price must be given', async () => {
    expect((await businessErrorOf(runTask(db, issue(2, { priceFen: undefined })))).code).toBe('AWARD_PRICE_MISSING');
  });

  test('the database refuses a document whose recorded size does not match its bytes', async () => {
    const bytes = Buffer.from('%PDF-1.3 test');
    const row = { deal_code: DEAL, kind: 'award_notice', file_name: 'x.pdf', media_type: 'application/pdf', sha256: sha256(bytes), content: bytes, created_at: PINNED_NOW.toISOString() };
    await expect(db('documents').insert({ ...row, size_bytes: bytes.length + 1 })).rejects.toMatchObject({ message: expect.stringMatching(/documents_size/) });
    if (database.kind === 'postgres') await expect(db('documents').insert({ ...row, size_bytes: bytes.length, sha256: '0'.repeat(64) })).rejects.toMatchObject({ message: expect.stringMatching(/documents_sha256/) });
    await db('documents').insert({ ...row, size_bytes: bytes.length });
  });
});
