// 我的项目: the deals the party is tenderee, agency or bidder of — its registrations, deposits, receipts, questions to answer.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Empty, Space, Table, Tag } from 'antd';
import { api, chinaTime, useI18n, yuan } from '@ggzy/web';
import { depositStatusLabel, dealStatusLabel, registrationStatusLabel, roleLabel } from './labels';
import type { PartyDeal, PartySection } from './types';

export function MyDealsPage() {
  const { t } = useI18n();
  const deals = useQuery({ queryKey: ['party', 'my-deals'], queryFn: () => api<{ deals: PartyDeal[] }>('/api/party/my-deals') });
  return (
    <Card title={t('我的项目', 'My deals')} data-testid="my-deals">
      {deals.isError && <Alert type="error" message={(deals.error as Error).message} />}
      {deals.data?.deals.length === 0 && <Empty description={t('还没有参与的项目', 'No deals yet')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {deals.data?.deals.map((d) => (
          <Card key={d.dealCode} size="small" type="inner" data-testid={`my-deal-${d.dealCode}`}
            title={<Link to={`/party/deals/${d.dealCode}`}>{d.title}</Link>}
            extra={<Space>{d.roles.map((r) => <Tag key={r} color="blue">{roleLabel(r, t)}</Tag>)}<Tag>{dealStatusLabel(d.status, t)}</Tag>
              {d.questions.toAnswer.length > 0 && <Badge count={d.questions.toAnswer.length} title={t('待答复问题', 'Questions to answer')}><Tag color="orange">{t('待答复', 'To answer')}</Tag></Badge>}</Space>}>
            <p>{d.dealCode} · {t('投标截止', 'Deadline')} {chinaTime(d.bidDeadline)}</p>
            {d.roles.includes('bidder') && (
              <Table size="small" rowKey="sectionCode" pagination={false} dataSource={d.sections.filter((s) => s.registration)}
                columns={[
                  { title: t('标段', 'Section'), dataIndex: 'name', render: (name: string, s: PartySection) => `${name}（${s.sectionCode}）` },
                  { title: t('报名', 'Registration'), render: (_: unknown, s: PartySection) => registrationStatusLabel(s.registration!.status, t) },
                  { title: t('保证金', 'Deposit'), render: (_: unknown, s: PartySection) => `${depositStatusLabel(s.deposit!.status, t)} ${s.deposit!.amountFen !== null ? yuan(s.deposit!.amountFen) : ''}` },
                  { title: t('退还（本金＋利息）', 'Refund (principal + interest)'), render: (_: unknown, s: PartySection) => (s.deposit!.refund ? `${yuan(s.deposit!.refund.principalFen)} + ${yuan(s.deposit!.refund.interestFen)}` : '—') },
                ]} />
            )}
            <p>{t('回执', 'Receipts')}：{d.receipts.length}</p>
          </Card>
        ))}
      </Space>
    </Card>
  );
}
