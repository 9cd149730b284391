// Names of the price library's kinds and of the row problems an import reports, zh-CN first.
type T = (zh: string, en: string) => string;

const KINDS: Record<string, [string, string]> = {
  bill_item: ['工程量清单项目', 'Bill items'],
  drug: ['药品耗材', 'Drugs and consumables'],
  award: ['成交价格', 'Award prices'],
};
export const kindName = (kind: string, t: T) => (KINDS[kind] ? t(...KINDS[kind]) : kind);

/** 分 → ¥ with two decimals (quartiles may fall between two 分). */
export const money = (fen: number | null | undefined) => {
  if (fen === null || fen === undefined) return '—';
  const rounded = Math.round(fen);
  const whole = Math.floor(Math.abs(rounded) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}¥${whole}.${String(Math.abs(rounded) % 100).padStart(2, '0')}`;
};
