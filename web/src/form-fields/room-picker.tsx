// One of the centre's rooms in the form's region (else the caller's regions) (开标厅, 评标室). The value is the room's name (what a notice to
// the experts says) unless the form asks for its code.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api, withQuery } from '../api';
import { useI18n } from '../i18n';
import { useFormRegion } from './form-region';

interface Room { roomCode: string; regionCode: string; name: string; kind: string; capacity: number }

export function RoomPicker({ value, onChange, disabled, kind, valueField = 'name' }: {
  value?: string | null; onChange?(v: string | undefined): void; disabled?: boolean; kind?: 'opening_hall' | 'evaluation_room'; valueField?: 'name' | 'roomCode';
}) {
  const { t } = useI18n();
  // the rooms of the region the form is for (a sandbox deal's are the sandbox's), else of all the caller's regions
  const formRegion = useFormRegion();
  const rooms = useQuery({
    queryKey: ['rooms', kind ?? ''],
    queryFn: () => api<{ items: Room[] }>(withQuery('/api/rooms', { kind })),
    staleTime: 300_000,
  });
  return (
    <Select showSearch allowClear disabled={disabled} value={value ?? undefined} onChange={(v?: string) => onChange?.(v)} loading={rooms.isPending}
      optionFilterProp="label" placeholder={t('选择场地', 'Choose a room')}
      options={(rooms.data?.items ?? []).filter((r) => !formRegion || r.regionCode === formRegion).map((r) => ({ value: r[valueField], label: `${r.name}（${t('容纳', 'seats')} ${r.capacity}）` }))} />
  );
}
