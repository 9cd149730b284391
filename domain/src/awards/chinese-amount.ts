// Amounts in Chinese capital numerals (中文大写金额) as written on notices and contracts, following the People's Bank
// rules for writing amounts (支付结算办法): one 零 for a run of zeros, 整 after 元, none after 分.
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES = ['仟', '佰', '拾', ''];
const GROUPS = ['', '万', '亿', '万亿'];

/** 1 … 9999 without leading zeros; zeros between digits written once. */
function group(value: number): string {
  const digits = [Math.floor(value / 1000), Math.floor(value / 100) % 10, Math.floor(value / 10) % 10, value % 10];
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (out) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + PLACES[i]!;
  });
  return out;
}

function yuanText(yuan: bigint): string {
  const groups: number[] = [];
  for (let rest = yuan; rest > 0n; rest /= 10_000n) groups.push(Number(rest % 10_000n));
  if (groups.length > GROUPS.length) throw new RangeError('amount too large for Chinese capital numerals');
  let out = '';
  let skipped = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const value = groups[i]!;
    if (value === 0) {
      if (out) skipped = true;
      continue;
    }
    if (out && (skipped || value < 1000)) out += '零';
    skipped = false;
    out += group(value) + GROUPS[i]!;
  }
  return out;
}

/** An amount in fen as 人民币 capital numerals, e.g. 1,234,567,890 fen → 壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角. */
export function chineseAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  const yuan = BigInt(fen) / 100n;
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (jiao === 0 && cents === 0) return `${yuan === 0n ? '零' : yuanText(yuan)}元整`;
  let out = yuan > 0n ? `${yuanText(yuan)}元` : '';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (out) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}

/** 12,345,678.90 */
export function yuanFigures(fen: number): string {
  const yuan = (BigInt(fen) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${yuan}.${String(fen % 100).padStart(2, '0')}`;
}
