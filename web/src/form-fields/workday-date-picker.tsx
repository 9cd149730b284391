// A date (or a date and time) on the region's working-day calendar (/api/work-calendars): weekends and public holidays
// are greyed out unless they are make-up working days (调休). Times are China Standard Time whatever the browser's
// zone: the value is `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm:00+08:00` with a time.
import { useQueries } from '@tanstack/react-query';
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useMe } from '../session';
import { useFormRegion } from './form-region';

interface Calendar { holidays: string[]; workdays: string[] }

/** The wall-clock part of a stored value, as the picker shows it. */
function shown(value: string | null | undefined): Dayjs | null {
  if (!value) return null;
  const wall = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?/.exec(value)?.[0];
  const parsed = wall ? dayjs(wall) : null;
  return parsed?.isValid() ? parsed : null;
}

export function WorkdayDatePicker({ value, onChange, disabled, showTime, workdaysOnly = true }: {
  value?: string | null; onChange?(v: string | undefined): void; disabled?: boolean; showTime?: boolean; workdaysOnly?: boolean;
}) {
  const { t } = useI18n();
  const me = useMe().data;
  const formRegion = useFormRegion();
  const regionCode = formRegion ?? me?.regionCode;
  // the training sandbox (演练区) works round the clock on its compressed clock: any day, any minute
  const sandbox = Boolean(regionCode && me?.sandboxRegions?.includes(regionCode));
  const onWorkdays = workdaysOnly && !sandbox;
  const year = new Date().getFullYear();
  const calendars = useQueries({
    queries: [year, year + 1].map((y) => ({
      queryKey: ['work-calendar', regionCode ?? '', y],
      queryFn: () => api<Calendar>(`/api/work-calendars/${regionCode}/${y}`).catch(() => ({ holidays: [], workdays: [] })),
      enabled: Boolean(regionCode) && onWorkdays,
      staleTime: 3_600_000,
    })),
  });
  const holidays = new Set(calendars.flatMap((c) => c.data?.holidays ?? []));
  const workdays = new Set(calendars.flatMap((c) => c.data?.workdays ?? []));
  const isWorkday = (d: Dayjs) => {
    const day = d.format('YYYY-MM-DD');
    if (workdays.has(day)) return true;
    return d.day() !== 0 && d.day() !== 6 && !holidays.has(day);
  };
  return (
    <DatePicker
      style={{ width: '100%' }} disabled={disabled} value={shown(value)} needConfirm={false}
      showTime={showTime ? { format: 'HH:mm', minuteStep: sandbox ? 1 : 5 } : false} format={showTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD'}
      disabledDate={onWorkdays ? (d) => !isWorkday(d) : undefined}
      placeholder={showTime ? t('选择日期和时间（北京时间）', 'Date and time (China Standard Time)') : t('选择日期', 'Choose a date')}
      onChange={(d: Dayjs | null) => onChange?.(d ? (showTime ? `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00` : d.format('YYYY-MM-DD')) : undefined)}
    />
  );
}
