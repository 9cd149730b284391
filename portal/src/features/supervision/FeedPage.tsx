// The supervisor's live feed: every supervision event in my regions as it happens (polled), newest first.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, List, Select, Space, Tag, Typography } from 'antd';
import { api, withQuery, useI18n, regionName, type Me, chinaTime } from '@ggzy/web';
import type { FeedEvent } from '../../types';
import { eventLabel } from '../deal/labels';

const KEEP = 200;

export function FeedPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<string | undefined>();
  const [region, setRegion] = useState<string | undefined>();
  const [events, setEvents] = useState<FeedEvent[]>([]);
  const after = events[0]?.seq;
  const feed = useQuery({
    queryKey: ['feed', kind, region, after ?? 0],
    queryFn: () => api<{ items: FeedEvent[] }>(withQuery('/api/supervision/events', { kind, regionCode: region, after, limit: 100 })),
    refetchInterval: 2000,
  });
  useEffect(() => setEvents([]), [kind, region]);
  useEffect(() => {
    const fresh = feed.data?.items ?? [];
    if (fresh.length) setEvents((old) => [...fresh.filter((e) => !old.some((o) => o.seq === e.seq)), ...old].sort((a, b) => b.seq - a.seq).slice(0, KEEP));
  }, [feed.data]);
  return (
    <Card title={<Space>{t('监管动态', 'Supervision feed')}<Badge status="processing" text={t('实时', 'live')} /></Space>} extra={<Space wrap>
      {me.visibleRegions.length > 1 && (
        <Select allowClear placeholder={t('全部地区', 'All regions')} style={{ width: 160 }} value={region} onChange={setRegion}
          options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />
      )}
      <Select allowClear placeholder={t('全部事件', 'All events')} style={{ width: 160 }} value={kind} onChange={setKind}
        options={[['process', '流程', 'Processes'], ['task', '任务', 'Tasks'], ['directive', '监管指令', 'Directives']].map(([v, zh, en]) => ({ value: v!, label: t(zh!, en!) }))} />
    </Space>}>
      {feed.isError && <Alert type="error" message={(feed.error as Error).message} />}
      <List data-testid="feed" dataSource={events} locale={{ emptyText: t('暂无动态', 'Nothing yet') }} renderItem={(e) => (
        <List.Item data-kind={e.kind}>
          <List.Item.Meta
            title={<Space wrap>
              <Tag color={e.kind.startsWith('directive.') ? 'red' : e.kind.startsWith('process.') ? 'blue' : 'green'}>{eventLabel(e.kind, t)}</Tag>
              {e.workflowId ? <Link to={`/deals/${encodeURIComponent(e.workflowId)}`}>{e.dealCode ?? e.workflowId}</Link> : (e.dealCode ?? '—')}
              {typeof e.payload.name === 'string' && <span>{e.payload.name}</span>}
            </Space>}
            description={<Typography.Text type="secondary">{chinaTime(e.occurredAt)} · {e.actor} · {regionName(e.regionCode, t)}{typeof e.payload.reason === 'string' ? ` · ${e.payload.reason}` : ''}</Typography.Text>} />
        </List.Item>
      )} />
    </Card>
  );
}
