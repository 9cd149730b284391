// 价格指标: find an item, product or kind of award, and see its prices' quartiles, reasonable interval and trend (the
// chart: median with P25 and P75 per period, the index against the base period on the right axis).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ApiError, api, useI18n, withQuery } from '@ggzy/web';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from '../screens/EChart';
import { kindName, money } from './labels';
import type { PriceIndicators, PriceItem, PriceKind } from './types';

interface Chosen { kind: PriceKind; params: Record<string, string | undefined>; label: string }

function chosenOf(item: PriceItem): Chosen {
  if (item.kind === 'bill_item') return { kind: 'bill_item', params: { itemCode: item.key, unit: item.unit }, label: `${item.key} ${item.label}（${item.unit}）` };
  if (item.kind === 'drug') return { kind: 'drug', params: { genericName: item.key, dosageForm: item.dosageForm, specification: item.specification }, label: item.label };
  return { kind: 'award', params: { procedureKind: item.key, category: item.category ?? undefined }, label: item.label };
}

function trendChart(data: PriceIndicators, t: (zh: string, en: string) => string): EChartsCoreOption {
  const periods = data.trend.points.map((p) => p.period);
  const yuanOf = (fen: number) => Math.round(fen) / 100;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 'center', data: [t('中位数', 'Median'), 'P25', 'P75', t('价格指数', 'Index')] },
    grid: { left: 64, right: 56, bottom: 32, top: 56 },
    xAxis: { type: 'category', data: periods },
    yAxis: [{ type: 'value', name: t('元', 'CNY'), scale: true }, { type: 'value', name: t('指数', 'Index'), scale: true }],
    series: [
      { name: t('中位数', 'Median'), type: 'line', data: data.trend.points.map((p) => yuanOf(p.median)), symbolSize: 8, lineStyle: { width: 3 } },
      { name: 'P25', type: 'line', data: data.trend.points.map((p) => yuanOf(p.p25)), lineStyle: { type: 'dashed' } },
      { name: 'P75', type: 'line', data: data.trend.points.map((p) => yuanOf(p.p75)), lineStyle: { type: 'dashed' } },
      { name: t('价格指数', 'Index'), type: 'bar', yAxisIndex: 1, data: data.trend.points.map((p) => p.index), barMaxWidth: 24, itemStyle: { opacity: 0.35 } },
    ],
  };
}

export function IndicatorsPanel() {
  const { t } = useI18n();
  const [kind, setKind] = useState<PriceKind>('bill_item');
  const [text, setText] = useState('');
  const [search, setSearch] = useState<string | undefined>();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [granularity, setGranularity] = useState<'month' | 'quarter'>('month');
  const items = useQuery({
    queryKey: ['price-items', kind, search],
    queryFn: () => api<{ items: PriceItem[] }>(withQuery('/api/prices/items', { kind, q: search, limit: 50 })),
  });
  const indicators = useQuery({
    queryKey: ['price-indicators', chosen, granularity],
    enabled: chosen !== null,
    retry: false,
    queryFn: () => api<PriceIndicators>(withQuery('/api/prices/indicators', { kind: chosen!.kind, ...chosen!.params, granularity })),
  });
  const option = useMemo(() => (indicators.data?.summary ? trendChart(indicators.data, t) : null), [indicators.data, t]);
  const mixed = indicators.error instanceof ApiError && indicators.error.code === 'PRICE_BASIS_MIXED' ? indicators.error : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Segmented value={kind} onChange={(v) => { setKind(v as PriceKind); setChosen(null); }}
          options={(['bill_item', 'drug', 'award'] as const).map((k) => ({ value: k, label: kindName(k, t) }))} />
        <Input.Search data-testid="price-search" allowClear style={{ width: 320 }} value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => setSearch(v || undefined)}
          placeholder={kind === 'bill_item' ? t('项目编码或名称，如 010101001 或 土方', 'Item code or name, e.g. 010101001') : kind === 'drug' ? t('通用名或生产企业', 'Generic name or maker') : t('交易类型或品目', 'Procedure kind or category')} />
      </Space>
      {items.isError && <Alert type="error" message={(items.error as Error).message} />}
      <Table<PriceItem> size="small" data-testid="price-items" rowKey={(r) => `${r.key}|${r.unit ?? r.specification ?? r.category ?? ''}|${r.label}`} loading={items.isPending}
        dataSource={items.data?.items ?? []} pagination={{ pageSize: 8 }} locale={{ emptyText: t('价格库中暂无数据', 'Nothing in the library yet') }}
        onRow={(r) => ({ onClick: () => setChosen(chosenOf(r)), style: { cursor: 'pointer' } })}
        columns={[
          { title: kind === 'bill_item' ? t('项目编码（前9位）', 'Item code (9 digits)') : t('名称', 'Name'), dataIndex: 'key' },
          { title: t('说明', 'Description'), dataIndex: 'label' },
          ...(kind === 'bill_item' ? [{ title: t('计量单位', 'Unit'), dataIndex: 'unit' }] : []),
          { title: t('价格数', 'Prices'), dataIndex: 'count' },
          { title: t('最近期间', 'Latest'), dataIndex: 'lastPeriod' },
        ]} />
      {chosen && (
        <Card size="small" data-testid="price-indicators" title={<Space>{t('价格指标', 'Indicators')}<Tag>{chosen.label}</Tag></Space>}
          extra={<Segmented value={granularity} onChange={(v) => setGranularity(v as 'month' | 'quarter')} options={[{ value: 'month', label: t('按月', 'Monthly') }, { value: 'quarter', label: t('按季', 'Quarterly') }]} />}>
          {mixed && (
            <Alert type="warning" message={mixed.message} description={<Space wrap>{mixed.details.map((d) => (
              <Button key={d.message} size="small" onClick={() => setChosen({ ...chosen, params: chosen.kind === 'bill_item' ? { ...chosen.params, unit: d.message } : { ...chosen.params, dosageForm: d.message.split('|')[1], specification: d.message.split('|')[2] } })}>{d.message}</Button>
            ))}</Space>} />
          )}
          {indicators.isError && !mixed && <Alert type="error" message={(indicators.error as Error).message} />}
          {indicators.data && !indicators.data.summary && <Empty description={t('所选范围内没有价格', 'No prices in this span')} />}
          {indicators.data?.summary && (
            <>
              <Descriptions size="small" bordered column={{ xs: 1, md: 4 }} data-testid="price-summary">
                <Descriptions.Item label={t('样本数', 'Count')}>{indicators.data.summary.count}</Descriptions.Item>
                <Descriptions.Item label={t('最低', 'Min')}>{money(indicators.data.summary.min)}</Descriptions.Item>
                <Descriptions.Item label="P25">{money(indicators.data.summary.p25)}</Descriptions.Item>
                <Descriptions.Item label={t('中位数', 'Median')}>{money(indicators.data.summary.median)}</Descriptions.Item>
                <Descriptions.Item label="P75">{money(indicators.data.summary.p75)}</Descriptions.Item>
                <Descriptions.Item label={t('最高', 'Max')}>{money(indicators.data.summary.max)}</Descriptions.Item>
                <Descriptions.Item label={t('合理区间', 'Reasonable interval')} span={2}>
                  {money(Math.max(0, indicators.data.interval!.lower))} – {money(indicators.data.interval!.upper)}
                  <Typography.Text type="secondary"> （P25 − 1.5·IQR … P75 + 1.5·IQR）</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
              {option && <EChart option={option} height={300} testId="price-trend-chart" />}
              <Table size="small" rowKey="period" dataSource={indicators.data.trend.points} pagination={false} data-testid="price-trend"
                columns={[
                  { title: t('期间', 'Period'), dataIndex: 'period' },
                  { title: t('样本数', 'Count'), dataIndex: 'count' },
                  { title: 'P25', dataIndex: 'p25', render: money },
                  { title: t('中位数', 'Median'), dataIndex: 'median', render: money },
                  { title: 'P75', dataIndex: 'p75', render: money },
                  { title: t(`价格指数（${indicators.data.trend.base ?? '—'} = 100）`, `Index (${indicators.data.trend.base ?? '—'} = 100)`), dataIndex: 'index', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
                ]} />
            </>
          )}
        </Card>
      )}
    </Space>
  );
}
