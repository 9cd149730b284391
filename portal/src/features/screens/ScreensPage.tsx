// 围标串标筛查: the screened sections of my regions (flagged ones first by default), each linking to its screens.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { api, chinaTime, regionName, useI18n, withQuery, type Me } from '@ggzy/web';
import type { ScreeningSummary } from './types';
import { indicatorName, reasonName } from './labels';

export function ScreensPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [which, setWhich] = useState<'flagged' | 'all'>('flagged');
  const [region, setRegion] = useState<string | undefined>();
  const list = useQuery({
    queryKey: ['screens', which, region],
    queryFn: () => api<{ items: ScreeningSummary[] }>(withQuery('/api/screens', { flagged: which === 'flagged' ? 'true' : undefined, regionCode: region, limit: 200 })),
  });
  return (
    <Card title={t('围标串标筛查', 'Bid-rigging screens')} extra={<Space wrap>
      {me.visibleRegions.length > 1 && (
        <Select allowClear placeholder={t('全部地区', 'All regions')} style={{ width: 160 }} value={region} onChange={setRegion}
          options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />
      )}
      <Segmented value={which} onChange={(v) => setWhich(v as 'flagged' | 'all')}
        options={[{ value: 'flagged', label: t('疑似串标', 'Flagged') }, { value: 'all', label: t('全部已筛查', 'All screened') }]} />
    </Space>}>
      <Typography.Paragraph type="secondary">
        {t('每个标段开标后按本地区、本交易类型的历史数据自动筛查，每晚对历史数据重新评分；筛查结果只作为监管线索，不阻断交易。',
          'Every section is screened once its opening is final, against its region\'s and procedure kind\'s history, and the history is scored again each night; a flag is a lead for supervision and never holds a deal.')}
      </Typography.Paragraph>
      {list.isError && <Alert type="error" message={(list.error as Error).message} />}
      <Table<ScreeningSummary> rowKey="id" data-testid="screens-list" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('暂无筛查结果', 'Nothing screened yet') }}
        columns={[
          { title: t('标段', 'Section'), key: 'section', render: (_, r) => <Link to={`/screens/${encodeURIComponent(r.dealCode)}/${encodeURIComponent(r.sectionCode)}`}>{r.sectionCode}</Link> },
          { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (v: string) => regionName(v, t) },
          { title: t('有效投标', 'Bids'), dataIndex: 'bidCount' },
          { title: t('评分 / 阈值', 'Score / threshold'), key: 'score', render: (_, r) => (r.score == null ? '—' : `${r.score.toFixed(3)} / ${r.threshold?.toFixed(3) ?? '—'}`) },
          { title: t('结论', 'Result'), key: 'flag', render: (_, r) => (r.status === 'failed'
            ? <Tag color="orange">{t('筛查失败，待重试', 'Failed, to be retried')}</Tag>
            : r.flagged ? <Space wrap>{r.flagReasons.map((x) => <Tag color="red" key={x}>{reasonName(x, t)}</Tag>)}</Space> : <Tag color="green">{t('未见异常', 'Nothing found')}</Tag>) },
          { title: t('证据', 'Evidence'), key: 'indicators', render: (_, r) => <Space wrap>{r.indicators.map((i) => <Tag key={i}>{indicatorName(i, t)}</Tag>)}</Space> },
          { title: t('筛查时间', 'Screened'), dataIndex: 'screenedAt', render: (v: string) => chinaTime(v) },
        ]} />
    </Card>
  );
}
