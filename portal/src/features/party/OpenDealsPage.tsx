// 项目大厅: deals open for bidding — the tender notice is public and the bid deadline has not passed.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Table } from 'antd';
import { api, chinaTime, useI18n, yuan } from '@ggzy/web';
import type { OpenDeal } from './types';

export function OpenDealsPage() {
  const { t } = useI18n();
  const deals = useQuery({ queryKey: ['party', 'open-deals'], queryFn: () => api<{ deals: OpenDeal[] }>('/api/party/open-deals') });
  return (
    <Card title={t('项目大厅：正在招标的项目', 'Open for bidding')}>
      {deals.isError && <Alert type="error" message={(deals.error as Error).message} />}
      <Table size="small" rowKey="dealCode" loading={deals.isPending} dataSource={deals.data?.deals ?? []} pagination={false} scroll={{ x: true }}
        data-testid="open-deals" locale={{ emptyText: t('暂无正在招标的项目', 'No deal is open for bidding') }}
        columns={[
          { title: t('项目', 'Deal'), dataIndex: 'title', render: (title: string, d: OpenDeal) => <Link to={`/party/deals/${d.dealCode}`}>{title}</Link> },
          { title: t('统一交易标识码', 'Deal code'), dataIndex: 'dealCode' },
          { title: t('投标截止时间', 'Bid deadline'), dataIndex: 'bidDeadline', render: (v: string) => chinaTime(v) },
          {
            title: t('标段与保证金', 'Sections and deposits'), dataIndex: 'sections',
            render: (sections: OpenDeal['sections']) => sections.map((s) => <div key={s.sectionCode}>{s.name}（{s.sectionCode}）{s.depositRequiredFen !== null && ` · ${t('保证金', 'deposit')} ${yuan(s.depositRequiredFen)}`}</div>),
          },
        ]} />
    </Card>
  );
}
