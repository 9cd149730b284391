// An experts' specialty (评标专家专业) from the catalogue, by its code or its name: what a draw asks for.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api } from '../api';
import { useI18n } from '../i18n';

export function SpecialtyPicker({ value, onChange, disabled }: { value?: string | null; onChange?(code: string | undefined): void; disabled?: boolean }) {
  const { t } = useI18n();
  const catalogue = useQuery({
    queryKey: ['expert-specialties'],
    queryFn: () => api<{ items: Array<{ code: string; name: string; parentCode: string | null }> }>('/api/expert-specialties'),
    staleTime: 300_000,
  });
  return (
    <Select showSearch allowClear disabled={disabled} value={value ?? undefined} onChange={(v?: string) => onChange?.(v)} loading={catalogue.isPending}
      optionFilterProp="label" placeholder={t('选择专业', 'Choose a specialty')} style={{ minWidth: 180 }}
      options={(catalogue.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))} />
  );
}
