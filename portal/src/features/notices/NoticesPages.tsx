// Public announcements (公告公示): anyone may read them, on a phone too. Bodies are shown as text, never as HTML.
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, List, Result, Spin, Tag, Typography } from 'antd';
import { api, ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { regionName } from '../../shared/session';

interface Notice { id: number | string; title: string; noticeType?: string; regionCode?: string; publishedAt?: string; body?: string; status?: string }

const TYPES: Record<string, [string, string]> = {
  tender: ['招标公告', 'Tender notice'], clarification: ['澄清与修改', 'Clarification'], candidates: ['中标候选人公示', 'Candidates'],
  result: ['中标结果公告', 'Result'], procurement: ['采购公告', 'Procurement'], 'land-listing': ['挂牌出让公告', 'Land listing'],
  'land-result': ['出让结果公示', 'Land result'], termination: ['终止公告', 'Termination'],
};

/** The public notices; while that api is not deployed the list is simply empty. */
async function fetchNotices(): Promise<Notice[]> {
  try {
    const body = await api<{ items?: Notice[] } | Notice[]>('/api/public/notices');
    return Array.isArray(body) ? body : (body.items ?? []);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return [];
    throw err;
  }
}

export function NoticesPage() {
  const { t } = useI18n();
  const notices = useQuery({ queryKey: ['notices'], queryFn: fetchNotices });
  return (
    <Card title={t('公告公示', 'Public notices')} className="notices">
      {notices.isError && <Alert type="error" message={(notices.error as Error).message} />}
      <List loading={notices.isPending} data-testid="notices" dataSource={notices.data ?? []}
        locale={{ emptyText: <Empty description={t('暂无公告', 'No notices yet')} /> }}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/notices/${encodeURIComponent(String(n.id))}`}>{n.title}</Link>}
              description={<>
                {n.noticeType && <Tag>{TYPES[n.noticeType] ? t(TYPES[n.noticeType]![0], TYPES[n.noticeType]![1]) : n.noticeType}</Tag>}
                {n.regionCode && regionName(n.regionCode, t)} {n.publishedAt && new Date(n.publishedAt).toLocaleDateString()}
              </>} />
          </List.Item>
        )} />
    </Card>
  );
}

export function NoticePage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const notice = useQuery({ queryKey: ['notice', id], queryFn: () => api<Notice>(`/api/public/notices/${encodeURIComponent(id)}`), retry: false });
  if (notice.isPending) return <Spin style={{ margin: 48 }} />;
  if (notice.isError) return <Result status="404" title={t('公告不存在或已撤回', 'No such notice, or it was withdrawn')} extra={<Link to="/notices">{t('返回公告列表', 'Back to notices')}</Link>} />;
  const n = notice.data;
  return (
    <Card className="notice">
      <Typography.Title level={3}>{n.title}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {n.noticeType && (TYPES[n.noticeType] ? t(TYPES[n.noticeType]![0], TYPES[n.noticeType]![1]) : n.noticeType)} {n.regionCode && regionName(n.regionCode, t)} {n.publishedAt && new Date(n.publishedAt).toLocaleString()}
      </Typography.Paragraph>
      {n.status === 'withdrawn' && <Alert type="warning" message={t('该公告已撤回', 'This notice was withdrawn')} />}
      <div className="notice-body">{n.body}</div>
      <p><Link to="/notices">{t('返回公告列表', 'Back to notices')}</Link></p>
    </Card>
  );
}
