// Public announcements (公告公示): anyone may read them, on a phone too; filtered and paged by the server. Bodies are
// shown as text, never as HTML.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Input, List, Result, Select, Space, Spin, Tag, Typography } from 'antd';
import { api, withQuery, useI18n, regionName, chinaTime } from '@ggzy/web';

interface Notice {
  id: number; type: string; title: string; regionCode: string; regionName?: string; dealCode?: string; dealTitle?: string;
  sectionName?: string | null; publishedAt: string; publicUntil?: string | null; body?: string; bodyFormat?: string;
}
interface NoticePage { items: Notice[]; total: number; page: number; pageSize: number }

const PAGE_SIZE = 20;

const TYPES: Record<string, [string, string]> = {
  tender: ['招标公告', 'Tender notice'], clarification: ['澄清与修改', 'Clarification'], candidates: ['中标候选人公示', 'Candidates'],
  result: ['中标结果公告', 'Result'], procurement: ['采购公告', 'Procurement'], 'land-listing': ['挂牌出让公告', 'Land listing'],
  'land-result': ['出让结果公示', 'Land result'], termination: ['终止公告', 'Termination'],
};

/** A page of published notices, filtered on the server. */
async function fetchNotices(filter: { page: number; type?: string; keyword?: string }): Promise<NoticePage> {
  return api<NoticePage>(withQuery('/api/public/notices', { page: filter.page, pageSize: PAGE_SIZE, type: filter.type, keyword: filter.keyword }));
}

function typeLabel(type: string, t: (zh: string, en: string) => string): string {
  const label = TYPES[type];
  return label ? t(label[0], label[1]) : type;
}

export function NoticesPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [type, setType] = useState<string | undefined>();
  const [keyword, setKeyword] = useState('');
  const notices = useQuery({ queryKey: ['notices', page, type, keyword], queryFn: () => fetchNotices({ page, type, keyword: keyword || undefined }) });
  return (
    <Card title={t('公告公示', 'Public notices')} className="notices" extra={
      <Space wrap>
        <Select allowClear size="small" placeholder={t('全部类型', 'All types')} style={{ width: 140 }} value={type} onChange={(v) => { setType(v); setPage(1); }}
          options={Object.keys(TYPES).map((k) => ({ value: k, label: typeLabel(k, t) }))} />
        <Input.Search allowClear size="small" placeholder={t('关键词', 'Keyword')} style={{ width: 150 }} onSearch={(v) => { setKeyword(v.trim()); setPage(1); }} />
      </Space>
    }>
      {notices.isError && <Alert type="error" message={(notices.error as Error).message} />}
      <List loading={notices.isPending} data-testid="notices" dataSource={notices.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('暂无公告', 'No notices yet')} /> }}
        pagination={notices.data && notices.data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: notices.data.total, onChange: setPage, size: 'small', simple: true } : false}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/notices/${n.id}`}>{n.title}</Link>}
              description={<>
                <Tag>{typeLabel(n.type, t)}</Tag>
                {n.regionName ?? regionName(n.regionCode, t)} · {new Date(n.publishedAt).toLocaleDateString()}
                {n.dealTitle && <> · {n.dealTitle}</>}
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
        {typeLabel(n.type, t)} · {n.regionName ?? regionName(n.regionCode, t)} · {chinaTime(n.publishedAt)}
        {n.dealCode && <> · {t('交易编号', 'Deal')} {n.dealCode}</>}
        {n.publicUntil && <> · {t('公示至', 'Public until')} {chinaTime(n.publicUntil)}</>}
      </Typography.Paragraph>
      <div className="notice-body">{n.body}</div>
      <p>
        <Link to="/notices">{t('返回公告列表', 'Back to notices')}</Link>
        {n.dealCode && <> · <a href={`/api/public/ocds/records/${encodeURIComponent(n.dealCode)}`} target="_blank" rel="noreferrer" data-testid="ocds-link">
          {t('该项目的开放数据（OCDS）', 'Open data of this deal (OCDS)')}
        </a></>}
      </p>
    </Card>
  );
}
