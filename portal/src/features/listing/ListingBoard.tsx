// 网上挂牌: the listing board — the terms the notice announced, the highest quote and the least next one, every quote
// by its bidder's number (竞买号) — and, for an applicant whose deposit is in, the quote form. It refreshes itself while
// the listing runs. The centre's staff see the same board (and the bidders' names once it is closed).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Space, Statistic, Table, Tag, Typography } from 'antd';
import { api, ApiError, MoneyYuan, chinaTime, useI18n, yuan } from '@ggzy/web';

interface Quote { seq: number; bidderNo: number; priceFen: number; quotedAt: string; mine: boolean; bidder?: { creditCode: string; name: string } }
export interface ListingBoardData {
  dealCode: string; sectionCode: string; status: 'announced' | 'open' | 'ended' | 'closed';
  startingPriceFen: number; incrementFen: number; depositFen: number; startsAt: string; endsAt: string; openedAt: string | null; closedAt: string | null;
  highest: Quote | null; nextMinimumFen: number; quotes: Quote[];
  me?: { applied: boolean; bidderNo: number | null; depositPaid: boolean; mayQuote: boolean; why: { zh: string; en: string } | null };
}

const STATUS: Record<ListingBoardData['status'], [string, string, string]> = {
  announced: ['公告期，挂牌未开始', 'Notice period: the listing has not started', 'default'],
  open: ['挂牌中，接受报价', 'Listing: quotes taken', 'green'],
  ended: ['已到挂牌截止时间', 'Listing end reached', 'orange'],
  closed: ['挂牌已截止', 'Listing closed', 'blue'],
};

function QuoteForm({ board, path }: { board: ListingBoardData; path: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [priceFen, setPriceFen] = useState<number | undefined>();
  const quote = useMutation({
    mutationFn: (fen: number) => api(`${path}/quotes`, { method: 'POST', body: { priceFen: fen, requestId: crypto.randomUUID() } }),
    onSuccess: async () => {
      message.success(t('报价已提交，回执已生成', 'Quote made; your receipt is below'));
      setPriceFen(undefined);
      await client.invalidateQueries({ queryKey: ['party'] });
      await client.invalidateQueries({ queryKey: ['listing'] });
    },
    onError: (err) => message.error(err instanceof ApiError ? err.message : String(err)),
  });
  const me = board.me!;
  if (!me.mayQuote) return me.why ? <Alert type="info" showIcon data-testid="quote-barred" message={t(me.why.zh, me.why.en)} /> : null;
  const low = priceFen !== undefined && priceFen < board.nextMinimumFen;
  return (
    <Space wrap data-testid="quote-form">
      <div style={{ width: 260 }}><MoneyYuan value={priceFen ?? null} onChange={setPriceFen} placeholder={t(`不低于 ${yuan(board.nextMinimumFen)}`, `at least ${yuan(board.nextMinimumFen)}`)} /></div>
      <Button onClick={() => setPriceFen(board.nextMinimumFen)}>{t('按最低加价填入', 'Fill in the least quote')}</Button>
      <Button type="primary" data-testid="submit-quote" disabled={priceFen === undefined || low} loading={quote.isPending} onClick={() => quote.mutate(priceFen!)}>{t('提交报价', 'Quote')}</Button>
      {low && <Typography.Text type="danger">{t(`报价不得低于 ${yuan(board.nextMinimumFen)}`, `The quote must be at least ${yuan(board.nextMinimumFen)}`)}</Typography.Text>}
    </Space>
  );
}

export function ListingBoard({ path }: { path: string }) {
  const { t } = useI18n();
  const board = useQuery({
    queryKey: ['listing', path], queryFn: () => api<ListingBoardData>(path), retry: (n, err) => !(err instanceof ApiError && [404, 409].includes(err.status)) && n < 2,
    refetchInterval: (q) => (q.state.data?.status === 'closed' ? false : 3000),
  });
  if (board.isPending) return null;
  if (board.isError) return board.error instanceof ApiError && [404, 409].includes(board.error.status) ? null : <Alert type="error" message={(board.error as Error).message} />;
  const b = board.data;
  const [zh, en, color] = STATUS[b.status];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="listing-board" data-status={b.status}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('状态', 'Status')}><Tag color={color}>{t(zh, en)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('挂牌期', 'Listing period')}>{chinaTime(b.startsAt)} — {chinaTime(b.endsAt)}</Descriptions.Item>
        <Descriptions.Item label={t('挂牌起始价', 'Starting price')}>{yuan(b.startingPriceFen)}</Descriptions.Item>
        <Descriptions.Item label={t('增价幅度', 'Increment')}>{yuan(b.incrementFen)}</Descriptions.Item>
        <Descriptions.Item label={t('竞买保证金', 'Deposit')}>{yuan(b.depositFen)}</Descriptions.Item>
        {b.me?.bidderNo != null && <Descriptions.Item label={t('我的竞买号', 'My bidder number')}><Tag color="blue" data-testid="my-bidder-no">{b.me.bidderNo}</Tag></Descriptions.Item>}
      </Descriptions>
      <Space size="large" wrap>
        <Statistic title={t('当前最高报价', 'Highest quote')} value={b.highest ? yuan(b.highest.priceFen) : t('暂无报价', 'No quote yet')}
          valueRender={(v) => <span data-testid="listing-highest">{v}</span>} />
        {b.highest && <Statistic title={t('最高报价竞买号', 'Held by bidder no.')} value={b.highest.bidderNo} suffix={b.highest.mine ? t('（我）', '(me)') : ''} />}
        {b.status !== 'closed' && <Statistic title={t('下一报价不低于', 'Next quote at least')} value={yuan(b.nextMinimumFen)} />}
      </Space>
      {b.me && b.status !== 'closed' && <QuoteForm board={b} path={path} />}
      <Table size="small" rowKey="seq" pagination={false} dataSource={[...b.quotes].reverse()} data-testid="listing-quotes" scroll={{ x: true }}
        locale={{ emptyText: t('暂无报价', 'No quotes yet') }}
        columns={[
          { title: t('序号', '#'), dataIndex: 'seq' },
          { title: t('竞买号', 'Bidder no.'), dataIndex: 'bidderNo', render: (n: number, q: Quote) => <>{n}{q.mine && <Tag color="blue" style={{ marginLeft: 6 }}>{t('我', 'me')}</Tag>}</> },
          ...(b.quotes.some((q) => q.bidder) ? [{ title: t('竞买人', 'Bidder'), render: (_: unknown, q: Quote) => (q.bidder ? `${q.bidder.name}（${q.bidder.creditCode}）` : '—') }] : []),
          { title: t('报价', 'Quote'), dataIndex: 'priceFen', render: (v: number) => yuan(v) },
          { title: t('报价时间', 'When'), dataIndex: 'quotedAt', render: (v: string) => chinaTime(v) },
        ]} />
    </Space>
  );
}
