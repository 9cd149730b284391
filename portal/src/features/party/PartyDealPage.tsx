// One deal for a party: its sections (报名, deposit), the tender documents, 答疑 and the party's receipts. What it
// shows follows the party's relation to the deal, as the api decides it.
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { api, chinaTime, useI18n } from '@ggzy/web';
import { ComplaintPanel } from './ComplaintPanel';
import { DocumentsPanel } from './DocumentsPanel';
import { DealObjectionsPanel } from '../objections/DealObjectionsPanel';
import { PartyTaskCard } from './PartyTaskCard';
import { QuestionsPanel } from './QuestionsPanel';
import { SectionsPanel } from './SectionsPanel';
import { receiptKindLabel, roleLabel } from './labels';
import { ListingBoard } from '../listing/ListingBoard';
import type { PartyDeal, PartyTask, Receipt } from './types';

// the bid and the hall come with their own chunk (the sealed-bid module itself loads only when a bid is sealed)
const BidsAndOpening = lazy(() => import('../bidding/BidsAndOpening').then((m) => ({ default: m.BidsAndOpening })));

export function PartyDealPage() {
  const { t } = useI18n();
  const { dealCode } = useParams();
  // while the deal is open the page follows what happens outside it: a deposit the bank reports, a published answer
  const deal = useQuery({
    queryKey: ['party', 'deal', dealCode], queryFn: () => api<PartyDeal>(`/api/party/deals/${dealCode}`),
    refetchInterval: (q) => (q.state.data?.openForBidding ? 5000 : false),
  });
  // the deal's steps that are this party's own (none for a party with no relation to it: the api says 404)
  const tasks = useQuery({
    queryKey: ['party', 'deal-tasks', dealCode], queryFn: () => api<{ tasks: PartyTask[] }>(`/api/party/deals/${dealCode}/tasks`),
    enabled: !!deal.data?.roles.length, refetchInterval: 10_000,
  });
  if (deal.isPending) return <Spin style={{ margin: 48 }} />;
  if (deal.isError) return <Alert type="error" message={(deal.error as Error).message} />;
  const d = deal.data;
  const listing = d.procedureKind === 'land-listing';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="party-deal">
      <Card title={<>{d.title}{d.sandbox && <Tag color="orange" style={{ marginLeft: 8 }} data-testid="sandbox-deal">{t('演练，不具有法律效力', 'Sandbox: practice, no legal effect')}</Tag>}</>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('统一交易标识码', 'Deal code')}>{d.dealCode}</Descriptions.Item>
          <Descriptions.Item label={listing ? t('竞买申请与挂牌截止时间', 'Applications and listing end') : t('投标截止时间', 'Bid deadline')}><span data-testid="bid-deadline">{chinaTime(d.bidDeadline)}</span></Descriptions.Item>
          {!listing && <Descriptions.Item label={t('招标文件发售截止', 'Documents on sale until')}>{chinaTime(d.documentsOnSaleUntil)}</Descriptions.Item>}
          <Descriptions.Item label={t('我的身份', 'My role')}>
            {d.roles.length ? d.roles.map((r) => <Tag key={r} color="blue">{roleLabel(r, t)}</Tag>) : <Tag>{t('未报名', 'Not registered')}</Tag>}
            {d.openForBidding ? <Tag color="green">{t('招标中', 'Open for bidding')}</Tag> : <Tag>{t('已截止', 'Closed')}</Tag>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {(tasks.data?.tasks.length ?? 0) > 0 && (
        <Card title={t('待我办理', 'For me to do')} data-testid="party-deal-tasks">
          <Space direction="vertical" style={{ width: '100%' }}>{tasks.data!.tasks.map((task) => <PartyTaskCard key={task.taskId} task={task} />)}</Space>
        </Card>
      )}
      <Card title={listing ? t('宗地、竞买申请与竞买保证金', 'Parcel, application and deposit') : t('标段、报名与保证金', 'Sections, registration and deposits')}><SectionsPanel deal={d} /></Card>
      {listing && <Card title={t('网上挂牌报价', 'Online listing: quotes')} data-testid="listing"><ListingBoard path={`/api/party/deals/${d.dealCode}/listing`} /></Card>}
      {!listing && <Card title={t('招标文件', 'Tender documents')}><DocumentsPanel deal={d} /></Card>}
      <Card title={t('答疑澄清', 'Clarifications')}><QuestionsPanel deal={d} /></Card>
      {!listing && <Card title={t('投标文件与开标', 'Bids and opening')} data-testid="bids-and-opening">
        <Suspense fallback={<Spin />}>
          <BidsAndOpening dealCode={d.dealCode}
            sections={d.roles.includes('bidder') ? d.sections.filter((s) => s.registration && s.registration.status !== 'withdrawn') : []}
            hosted={d.roles.includes('tenderee') || d.roles.includes('agency') ? d.sections : []} />
        </Suspense>
      </Card>}
      {d.roles.length > 0 && !listing && <Card title={t('异议', 'Objections')} data-testid="objections"><DealObjectionsPanel deal={d} /></Card>}
      {d.roles.includes('bidder') && <Card title={t('投诉', 'Complaints')} data-testid="complaints"><ComplaintPanel deal={d} /></Card>}
      <Card title={t('我的回执', 'My receipts')}>
        <Table size="small" rowKey="sha256" pagination={false} dataSource={d.receipts} data-testid="receipts" scroll={{ x: true }}
          locale={{ emptyText: t('暂无回执', 'No receipts yet') }}
          columns={[
            { title: t('事项', 'Act'), dataIndex: 'kind', render: (k: string) => receiptKindLabel(k, t) },
            { title: t('标段', 'Section'), dataIndex: 'sectionCode', render: (v: string | null) => v ?? '—' },
            { title: t('时间', 'When'), dataIndex: 'issuedAt', render: (v: string) => chinaTime(v) },
            { title: t('回执哈希 (SHA-256)', 'Receipt hash (SHA-256)'), dataIndex: 'sha256', render: (v: string) => <code>{v}</code> },
            { title: t('监管留痕序号', 'Trail #'), dataIndex: 'trailSeq', render: (v: Receipt['trailSeq']) => v },
          ]} />
      </Card>
    </Space>
  );
}
