// A calendar day picked as YYYY-MM-DD (China Standard Time), shown the same way whatever the browser's locale — the
// native date input would follow the browser's (12/07/2026 on an American one).
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from './i18n';

/** Today's date in China Standard Time. */
export const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function DayPicker({ value, onChange, min, max, testId }: { value: string; onChange(day: string): void; min?: string; max?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <DatePicker
      value={value ? dayjs(value) : null} format="YYYY-MM-DD" needConfirm={false} allowClear={false} data-testid={testId}
      placeholder={t('选择日期', 'Choose a date')}
      disabledDate={min || max ? (d: Dayjs) => (max !== undefined && d.format('YYYY-MM-DD') > max) || (min !== undefined && d.format('YYYY-MM-DD') < min) : undefined}
      onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM-DD') : '')}
    />
  );
}
