// The subject library (主体信息库): search by name or credit code, and register a subject (it then waits for review).
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { api, withQuery, useI18n, type Me } from '@ggzy/web';
import { ApplicationDialog } from './ApplicationDialog';
import { kindLabel, reviewStatusLabel } from './labels';

interface SubjectRow { creditCode: string; name: string; kind: string; regionCode: string | null; reviewStatus: string; sanctioned: boolean }

export function SubjectsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [applying, setApplying] = useState(false);
  const found = useQuery({
    queryKey: ['subjects', q, kind],
    queryFn: () => api<{ subjects: SubjectRow[] }>(withQuery('/api/subjects', { q: q || undefined, kind, limit: 100 })),
  });
  return (
    <Card title={t('主体信息库', 'Subject library')} extra={
      <Space wrap>
        <Input.Search allowClear data-testid="subject-search" placeholder={t('名称或统一社会信用代码', 'Name or credit code')} onSearch={(v) => setQ(v.trim())} style={{ width: 260 }} />
        <Select allowClear placeholder={t('主体类型', 'Kind')} style={{ width: 140 }} value={kind} onChange={setKind}
          options={['bidder', 'tenderee', 'agent', 'supplier'].map((k) => ({ value: k, label: kindLabel(k, t) }))} />
        {me.role === 'staff' && <Button type="primary" onClick={() => setApplying(true)}>{t('主体登记', 'Register a subject')}</Button>}
        {me.role === 'staff' && <Link to="/subject-reviews">{t('主体审核', 'Reviews')}</Link>}
      </Space>
    }>
      {found.isError && <Alert type="error" message={(found.error as Error).message} />}
      <Table size="small" rowKey="creditCode" loading={found.isPending} dataSource={found.data?.subjects ?? []} pagination={{ pageSize: 20 }} scroll={{ x: true }}
        data-testid="subjects"
        columns={[
          { title: t('名称', 'Name'), dataIndex: 'name', render: (name: string, s: SubjectRow) => <Link to={`/subjects/${s.creditCode}`}>{name}</Link> },
          { title: t('统一社会信用代码', 'Credit code'), dataIndex: 'creditCode' },
          { title: t('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k, t) },
          { title: t('审核', 'Review'), dataIndex: 'reviewStatus', render: (s: string) => reviewStatusLabel(s, t) },
          { title: t('信用', 'Credit'), dataIndex: 'sanctioned', render: (s: boolean) => (s ? <Tag color="red">{t('受惩戒', 'Sanctioned')}</Tag> : <Tag>{t('正常', 'Good')}</Tag>) },
        ]} />
      {applying && <ApplicationDialog onClose={() => setApplying(false)} />}
    </Card>
  );
}
