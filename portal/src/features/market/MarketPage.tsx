// 市场分析: the market dashboards of one's city or province — competitiveness, concentration, award prices against the
// estimate, volumes and durations against the statutory minimums — per month or quarter, each chart with the CSV of its
// figures (the api's market.csv, which a spreadsheet opens with the Chinese intact). ECharts loads with the first chart.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Input, Row, Segmented, Select, Space, Spin, Table, Typography } from 'antd';
import { api, regionName, useI18n, withQuery, type Me } from '@ggzy/web';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from '../screens/EChart';
import { competitionChart, concentrationChart, durationChart, priceChart, volumeChart } from './charts';
import { PROCEDURE_KINDS, percent, procedureName, spanName, yuan } from './labels';
import { SPANS, type FigureGroup, type MarketDashboard, type RegionSeries, type TopBidder } from './types';

const chinaMonth = (offset = 0) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
};

interface Filters { regionCode: string; from: string; to: string; period: 'month' | 'quarter'; procedureKind?: string }

function ChartCard({ title, group, csv, option, testId, children }: { title: string; group: FigureGroup; csv: (g: FigureGroup) => string; option: EChartsCoreOption; testId: string; children?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title} data-testid={`market-card-${group}`}
      extra={<a href={csv(group)} download data-testid={`market-csv-${group}`}>{t('下载 CSV', 'Download CSV')}</a>}>
      <EChart option={option} height={280} testId={testId} />
      {children}
    </Card>
  );
}

function TopBidders({ rows }: { rows: TopBidder[] }) {
  const { t } = useI18n();
  return (
    <Table<TopBidder> size="small" rowKey="creditCode" dataSource={rows} pagination={false} data-testid="market-top-bidders"
      columns={[
        { title: t('中标人', 'Winner'), dataIndex: 'name' },
        { title: t('中标金额', 'Award value'), dataIndex: 'valueFen', render: yuan },
        { title: t('金额占比', 'Share'), dataIndex: 'valueShare', render: percent },
        { title: t('中标率（中标/投标）', 'Win rate (won / bid)'), render: (_: unknown, r) => `${percent(r.winRate.share)}（${r.winRate.count}/${r.winRate.of}）` },
      ]} />
  );
}

function CityComparison({ cities }: { cities: RegionSeries[] }) {
  const { t } = useI18n();
  return (
    <Table<RegionSeries> size="small" rowKey="regionCode" dataSource={cities} pagination={false} data-testid="market-cities"
      columns={[
        { title: t('城市', 'City'), dataIndex: 'regionName' },
        { title: t('标段数', 'Sections'), render: (_: unknown, r) => r.total.competition.sections },
        { title: t('平均投标人数', 'Mean bidders'), render: (_: unknown, r) => r.total.competition.biddersMean ?? '—' },
        { title: t('单一投标', 'Single bid'), render: (_: unknown, r) => `${percent(r.total.competition.singleBid.share)}（${r.total.competition.singleBid.count}/${r.total.competition.singleBid.of}）` },
        { title: t('流标/废标', 'Failed'), render: (_: unknown, r) => `${percent(r.total.competition.failed.share)}（${r.total.competition.failed.count}/${r.total.competition.failed.of}）` },
        { title: 'HHI', render: (_: unknown, r) => r.total.concentration.hhi ?? '—' },
        { title: t('中标价/估算价中位数', 'Median award/estimate'), render: (_: unknown, r) => r.total.prices.medianRatio ?? '—' },
      ]} />
  );
}

export function MarketPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({ regionCode: me.regionCode, from: chinaMonth(-11), to: chinaMonth(), period: 'month' });
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const params = { ...filters };
  const dashboard = useQuery({
    queryKey: ['market-dashboard', params],
    retry: false,
    queryFn: () => api<MarketDashboard>(withQuery('/api/dashboards/market', params)),
  });
  const csv = (group: FigureGroup) => withQuery('/api/dashboards/market.csv', { ...params, groups: group });
  const allRegions = dashboard.data?.regions ?? [];
  const series = allRegions[0];
  const options = useMemo(() => {
    if (!series || !dashboard.data) return null;
    return {
      competition: competitionChart(series.periods, t), concentration: concentrationChart(series.periods, t), prices: priceChart(series.periods, t),
      volumes: volumeChart(series.periods, t), durations: durationChart(series.periods, dashboard.data.minimums, t),
    };
  }, [series, dashboard.data, t]);
  const regions = me.visibleRegions.filter((r) => !me.sandboxRegions?.includes(r));
  const empty = series && series.total.competition.sections === 0 && series.total.volumes.started === 0 && series.total.prices.awards === 0;

  return (
    <Card title={t('市场分析', 'Market dashboards')} data-testid="market-page"
      extra={<a href={withQuery('/api/dashboards/market.csv', params)} download data-testid="market-csv-all">{t('下载全部指标 CSV', 'Download all figures (CSV)')}</a>}>
      <Space wrap style={{ marginBottom: 16 }} data-testid="market-filters">
        <Select data-testid="market-region" style={{ width: 200 }} value={filters.regionCode} onChange={(v) => set({ regionCode: v })}
          options={regions.map((r) => ({ value: r, label: regionName(r, t) }))} />
        <Input type="month" data-testid="market-from" style={{ width: 150 }} value={filters.from} max={filters.to} onChange={(e) => e.target.value && set({ from: e.target.value })} />
        <span>—</span>
        <Input type="month" data-testid="market-to" style={{ width: 150 }} value={filters.to} min={filters.from} onChange={(e) => e.target.value && set({ to: e.target.value })} />
        <Segmented data-testid="market-period" value={filters.period} onChange={(v) => set({ period: v as 'month' | 'quarter' })}
          options={[{ value: 'month', label: t('按月', 'Monthly') }, { value: 'quarter', label: t('按季', 'Quarterly') }]} />
        <Select data-testid="market-kind" style={{ width: 220 }} allowClear placeholder={t('全部交易类型', 'All procedures')} value={filters.procedureKind}
          onChange={(v?: string) => set({ procedureKind: v })} options={PROCEDURE_KINDS.map((k) => ({ value: k, label: procedureName(k, t) }))} />
      </Space>
      {dashboard.isPending && <Spin style={{ display: 'block', margin: 48 }} />}
      {dashboard.isError && <Alert type="error" message={(dashboard.error as Error).message} data-testid="market-error" />}
      {empty && <Empty description={t('所选范围内没有交易', 'No deals in this span')} />}
      {series && options && !empty && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" bordered column={{ xs: 1, md: 4 }} data-testid="market-summary">
            <Descriptions.Item label={t('标段数', 'Sections')}>{series.total.competition.sections}</Descriptions.Item>
            <Descriptions.Item label={t('平均投标人数', 'Mean bidders')}>{series.total.competition.biddersMean ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('单一投标比例', 'Single-bid share')}>{percent(series.total.competition.singleBid.share)}（{series.total.competition.singleBid.count}/{series.total.competition.singleBid.of}）</Descriptions.Item>
            <Descriptions.Item label={t('流标/废标比例', 'Failed share')}>{percent(series.total.competition.failed.share)}（{series.total.competition.failed.count}/{series.total.competition.failed.of}）</Descriptions.Item>
            <Descriptions.Item label="HHI">{series.total.concentration.hhi ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="CR4">{percent(series.total.concentration.cr4.share)}</Descriptions.Item>
            <Descriptions.Item label={t('中标价/估算价中位数', 'Median award/estimate')}>{series.total.prices.medianRatio ?? '—'}（{series.total.prices.withEstimate}/{series.total.prices.awards}）</Descriptions.Item>
            <Descriptions.Item label={t('新立/中标/归档', 'Started/awarded/archived')}>{series.total.volumes.started}/{series.total.volumes.awarded}/{series.total.volumes.archived}</Descriptions.Item>
          </Descriptions>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <ChartCard title={t('竞争度：每标段投标人数、单一投标与流标比例', 'Competition: bidders per section, single-bid and failed shares')} group="competition" csv={csv} option={options.competition} testId="market-chart-competition" />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('集中度：HHI 与 CR4', 'Concentration: HHI and CR4')} group="concentration" csv={csv} option={options.concentration} testId="market-chart-concentration">
                <Typography.Text type="secondary">{t('统计期内中标金额最大的中标人', 'The largest winners of the span')}</Typography.Text>
                <TopBidders rows={series.total.concentration.top} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('价格走势：中标价/估算价', 'Price trend: award / estimate')} group="prices" csv={csv} option={options.prices} testId="market-chart-prices" />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('交易量', 'Volumes')} group="volumes" csv={csv} option={options.volumes} testId="market-chart-volumes" />
            </Col>
            <Col xs={24}>
              <ChartCard title={t('用时与法定最短期限', 'Durations against the statutory minimums')} group="durations" csv={csv} option={options.durations} testId="market-chart-durations">
                <Table size="small" rowKey="span" pagination={false} data-testid="market-durations"
                  dataSource={SPANS.map((s) => ({ span: s, ...series.total.durations[s] }))}
                  columns={[
                    { title: t('区间', 'Span'), dataIndex: 'span', render: (s: (typeof SPANS)[number]) => spanName(s, t) },
                    { title: t('项目数', 'Deals'), dataIndex: 'deals' },
                    { title: t('用时中位数（日）', 'Median days'), dataIndex: 'medianDays', render: (v: number | null) => v ?? '—' },
                    { title: t('法定最短（日）', 'Minimum (days)'), render: (_: unknown, r) => r.minimumDays ?? (r.withMinimum ? t('按交易类型', 'per procedure') : '—') },
                    { title: t('按最短期限进行', 'At the minimum'), render: (_: unknown, r) => `${percent(r.atMinimum.share)}（${r.atMinimum.count}/${r.atMinimum.of}）` },
                    { title: t('短于最短期限', 'Below the minimum'), render: (_: unknown, r) => `${percent(r.belowMinimum.share)}（${r.belowMinimum.count}/${r.belowMinimum.of}）` },
                  ]} />
              </ChartCard>
            </Col>
          </Row>
          {allRegions.length > 1 && (
            <Card size="small" title={t('各城市对比（统计期合计）', 'Cities compared (the whole span)')}>
              <CityComparison cities={allRegions.slice(1)} />
            </Card>
          )}
        </Space>
      )}
    </Card>
  );
}
