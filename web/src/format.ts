// Times and money as a trading centre reads them: China Standard Time whatever the browser's zone or locale, and
// amounts held in fen (分) shown in yuan with thousands separators.

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** `2026-05-11 10:00:00` in China Standard Time (UTC+8) for an ISO instant; '—' for nothing. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(TIME.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}:${parts.second}`;
}

/** 1234567 fen → `¥12,345.67`. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}
