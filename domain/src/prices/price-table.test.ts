// Reading a price list's table: RFC 4180 quoting, the line a row starts on, a BOM, and a CSV a Chinese Excel saved in
// GB 18030 rather than UTF-8.
import { decodeText, parseCsv, readPriceTable } from './price-table';
import { yuanToFen } from './price-lists';

test('quoted fields keep their commas, quotes and line breaks; rows keep the line they start on; blank lines are dropped', () => {
  const rows = parseCsv('a,b,c\r\n"1,5","say ""hi""","two\nlines"\n\n x ,,\n');
  expect(rows).toEqual([
    { rowNo: 1, cells: ['a', 'b', 'c'] },
    { rowNo: 2, cells: ['1,5', 'say "hi"', 'two\nlines'] },
    { rowNo: 5, cells: [' x ', '', ''] },
  ]);
  expect(() => parseCsv('a,"b\n')).toThrow(/never closed/);
});

test('UTF-8 with a BOM, and GB 18030 when the bytes are not UTF-8', async () => {
  expect(decodeText(Buffer.from('\uFEFF项目编码', 'utf8'))).toBe('项目编码');
  const gb = Buffer.from('cfeec4bfb1e0c2eb2cc3fbb3c60a3031303130313030313030312c22cddacdc1b7bd2c20d2bbb0e3220a', 'hex');
  expect(await readPriceTable(gb)).toEqual([{ rowNo: 1, cells: ['项目编码', '名称'] }, { rowNo: 2, cells: ['010101001001', '挖土方, 一般'] }]);
});

test('yuan to fen exactly, never through a binary fraction', () => {
  expect(yuanToFen('0.29')).toBe(29);
  expect(yuanToFen('1,234.5')).toBe(123_450);
  expect(yuanToFen('100')).toBe(10_000);
  for (const bad of ['1.234', '-1', '1e3', '', '¥5', '0x10']) expect(yuanToFen(bad)).toBeNull();
});
