// The bid file is read strictly: every mistake is named with its line, in Chinese and English, with a stable code.
import { BidsCsvError, readBidsCsv, bidsCsvOf } from './bids-csv';

const read = (text: string) => readBidsCsv(text, 'bids.csv', 'default').build();
function failure(text: string): BidsCsvError {
  try { read(text); } catch (err) { if (err instanceof BidsCsvError) return err; throw err; }
  throw new Error('expected the file to be refused');
}

describe('reading a bid file', () => {
  test('required and optional columns, quotes, CRLF, a BOM, blank lines and tenders in any order', () => {
    const table = read('\ufefftender_id,bidder_id,bid,winner,date,estimate,market,collusive,people\r\n'
      + 'T1,"A, Ltd",100,1,20240102,120,east,1,p1;p2\r\n\r\n'
      + 'T2,B,90.5,0,2024-01-03,,east,0,\r\n'
      + 'T1,B,105,0,20240102,120,east,1,p2\r\n');
    expect(table.markets).toEqual(['east']);
    expect(table.tenders).toEqual(['T1', 'T2']);
    expect(Array.from(table.bid)).toEqual([100, 105, 90.5]);
    expect(table.bidders).toEqual(['A, Ltd', 'B']);
    expect(Array.from(table.winner)).toEqual([1, 0, 0]);
    expect(Array.from(table.collusive)).toEqual([1, 0]);
    expect(table.date).toEqual(['2024-01-02', '2024-01-03']);
    expect(table.estimate[0]).toBe(120);
    expect(table.estimate[1]).toBeNaN();
    expect(table.facts.people).toEqual([['p1', 'p2'], ['p2'], null]);
    expect(read('tender_id,bid\nT,5\n').markets).toEqual(['default']);
  });

  test('each mistake is refused with its code and line', () => {
    const cases: Array<[string, string, number]> = [
      ['', 'CSV_EMPTY', 0],
      ['tender_id,bid\n', 'CSV_NO_ROWS', 1],
      ['tender_id,bid,colusive\nT,1,1\n', 'CSV_UNKNOWN_COLUMN', 1],
      ['tender_id,bidder_id\nT,A\n', 'CSV_MISSING_COLUMN', 1],
      ['tender_id,bid,bid\nT,1,1\n', 'CSV_DUPLICATE_COLUMN', 1],
      ['tender_id,bid\nT,100\nT,12a\n', 'CSV_BAD_BID', 3],
      ['tender_id,bid\nT,100\nT,-5\n', 'CSV_BAD_BID', 3],
      ['tender_id,bid\nT,100\nT,\n', 'CSV_BAD_BID', 3],
      ['tender_id,bid\n,100\n', 'CSV_EMPTY_FIELD', 2],
      ['tender_id,bid\nT,100,3\n', 'CSV_FIELD_COUNT', 2],
      ['tender_id,bid,winner\nT,100,yes\n', 'CSV_BAD_FLAG', 2],
      ['tender_id,bid,date\nT,100,20240231\n', 'CSV_BAD_DATE', 2],
      ['tender_id,bid,estimate\nT,100,0\n', 'CSV_BAD_ESTIMATE', 2],
      ['tender_id,bid,collusive\nT,100,1\nU,1,0\nT,90,0\n', 'CSV_TENDER_INCONSISTENT', 4],
      ['tender_id,bid,winner\nT,100,1\nT,90,1\n', 'CSV_TWO_WINNERS', 3],
      ['tender_id,bid\nT,100\n"T,90\n', 'CSV_UNTERMINATED_QUOTE', 3],
    ];
    for (const [text, code, line] of cases) {
      const err = failure(text);
      expect([err.code, err.line]).toEqual([code, line]);
      expect(err.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(err.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  test('a table written out reads back the same', () => {
    const text = 'tender_id,bidder_id,bid,winner,date,estimate,market,collusive\nT1,"x,1",100,1,20240102,120,east,1\nT1,y,105,0,20240102,120,east,1\n';
    const again = read(bidsCsvOf(read(text)));
    expect(again.bidders).toEqual(['x,1', 'y']);
    expect(Array.from(again.bid)).toEqual([100, 105]);
    expect(again.date).toEqual(['2024-01-02']);
    expect(Array.from(again.collusive)).toEqual([1]);
  });
});
