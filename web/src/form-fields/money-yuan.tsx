// Money as people type it — 元, with thousands separators and at most two decimals — held as whole 分 (fen), the
// unit every amount of the platform is stored and computed in: no rounding of money happens anywhere else.
import { InputNumber } from 'antd';

const grouped = (text: string) => {
  const [whole = '', decimals] = text.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${decimals !== undefined ? `.${decimals}` : ''}`;
};

export function MoneyYuan({ value, onChange, disabled, placeholder }: {
  value?: number | null; onChange?(fen: number | undefined): void; disabled?: boolean; placeholder?: string;
}) {
  return (
    <InputNumber<number>
      style={{ width: '100%' }} min={0} precision={2} step={1000} disabled={disabled} placeholder={placeholder} addonAfter="元"
      value={typeof value === 'number' ? value / 100 : null}
      // while typing, what was typed (grouped); once typed, always two decimals
      formatter={(v, info) => (v === undefined || v === null || String(v) === '' ? '' : grouped(info.userTyping ? String(v) : Number(v).toFixed(2)))}
      parser={(text) => Number((text ?? '').replace(/[,\s¥元]/g, '')) || 0}
      onChange={(yuan) => onChange?.(typeof yuan === 'number' && Number.isFinite(yuan) ? Math.round(yuan * 100) : undefined)}
    />
  );
}
