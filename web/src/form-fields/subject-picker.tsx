// A market subject picked from the subject library (主体库) by part of its name or the start of its credit code.
// The value is what the form's schema asks for: {creditCode, name} for an object field, the credit code for a text one.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFieldSchema } from '@formily/react';
import { Select, Tag } from 'antd';
import { api, withQuery } from '../api';
import { useI18n } from '../i18n';

interface SubjectOption { creditCode: string; name: string; kind: string; sanctioned: boolean }
type Picked = { creditCode: string; name: string };

export function SubjectPicker({ value, onChange, disabled, kind }: {
  value?: Picked | string | null; onChange?(value: Picked | string | undefined): void; disabled?: boolean; kind?: string;
}) {
  const { t } = useI18n();
  const asObject = useFieldSchema()?.type === 'object';
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useQuery({
    queryKey: ['subject-picker', kind ?? '', q],
    queryFn: () => api<{ subjects: SubjectOption[] }>(withQuery('/api/subjects', { q: q || undefined, kind, limit: 20 })),
    staleTime: 30_000,
  });
  const code = typeof value === 'string' ? value : value?.creditCode;
  const current = typeof value === 'object' && value ? value : undefined;
  const options = (found.data?.subjects ?? []).map((s) => ({
    value: s.creditCode, subject: s, disabled: s.sanctioned,
    label: <span>{s.name}<span style={{ color: '#888' }}>（{s.creditCode}）</span>{s.sanctioned && <Tag color="red" style={{ marginLeft: 4 }}>{t('失信惩戒中', 'Sanctioned')}</Tag>}</span>,
  }));
  if (code && !options.some((o) => o.value === code)) {
    options.unshift({ value: code, subject: { creditCode: code, name: current?.name ?? code, kind: kind ?? '', sanctioned: false }, disabled: false, label: <span>{current?.name ?? code}<span style={{ color: '#888' }}>（{code}）</span></span> });
  }
  return (
    <Select
      showSearch allowClear disabled={disabled} filterOption={false} value={code || undefined} loading={found.isFetching}
      placeholder={t('输入名称或统一社会信用代码搜索主体库', 'Search the subject library by name or credit code')}
      notFoundContent={found.isFetching ? t('搜索中…', 'Searching…') : t('主体库中没有匹配的主体', 'No subject in the library matches')}
      onSearch={setTyped} options={options}
      onChange={(picked: string | undefined) => {
        const subject = options.find((o) => o.value === picked)?.subject;
        if (!picked || !subject) return onChange?.(undefined);
        onChange?.(asObject ? { creditCode: subject.creditCode, name: subject.name } : subject.creditCode);
      }}
    />
  );
}
