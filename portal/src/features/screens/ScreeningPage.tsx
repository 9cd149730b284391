// One screened section for its supervisor: the screens against their thresholds (table and bars), the bids' distribution
// against its market's, the co-bidding network around its bidders, and the evidence with where it came from.
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, List, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, regionName, useI18n, yuan } from '@ggzy/web';
import type { ScreeningDetail, ScreenReading } from './types';
import { indicatorName, reasonName, screenName } from './labels';
import { EChart } from './EChart';

type T = (zh: string, en: string) => string;
const num = (v: number | null | undefined) => (v == null ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(4))));

function screensChart(screens: Array<[string, ScreenReading]>, t: T) {
  // the calibrated rank of each screen in its market (−1 … 1); the suspect tail is where the weight points
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('本标段在市场中的位次', 'Rank of this section in its market'), t('可疑区间起点（市场最可疑的 10%）', 'Start of the suspect tail (the market\'s most suspect 10 %)')] },
    grid: { left: 170, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', min: -1, max: 1 },
    yAxis: { type: 'category', data: screens.map(([name]) => screenName(name, t)) },
    series: [
      { name: t('本标段在市场中的位次', 'Rank of this section in its market'), type: 'bar', data: screens.map(([, r]) => ({ value: r.rank, itemStyle: { color: r.beyond ? '#cf1322' : '#1677ff' } })) },
      { name: t('可疑区间起点（市场最可疑的 10%）', 'Start of the suspect tail (the market\'s most suspect 10 %)'), type: 'bar', barGap: '-100%', itemStyle: { color: 'rgba(250,173,20,0.25)' }, data: screens.map(([, r]) => (r.weight === 0 ? 0 : r.direction === 'low' ? -0.8 : 0.8)) },
    ],
  };
}

function distributionChart(d: NonNullable<ScreeningDetail['distribution']>, t: T) {
  const marketTotal = d.bins.reduce((s, b) => s + b.market, 0) || 1;
  const sectionTotal = d.bins.reduce((s, b) => s + b.section, 0) || 1;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('本市场', 'Market'), t('本标段', 'This section')] },
    grid: { left: 48, right: 24, top: 36, bottom: 48 },
    xAxis: { type: 'category', name: d.basis === 'estimate' ? t('报价/控制价', 'bid / estimate') : t('报价/中位数', 'bid / median'), nameLocation: 'middle', nameGap: 30, data: d.bins.map((b) => `${b.from.toFixed(3)}`) },
    yAxis: { type: 'value', name: t('占比', 'share'), axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      { name: t('本市场', 'Market'), type: 'bar', itemStyle: { color: '#91caff' }, data: d.bins.map((b) => Number((b.market / marketTotal).toFixed(4))) },
      { name: t('本标段', 'This section'), type: 'bar', itemStyle: { color: '#cf1322' }, data: d.bins.map((b) => Number((b.section / sectionTotal).toFixed(4))) },
    ],
  };
}

function networkChart(n: ScreeningDetail['network'], t: T) {
  const maxBids = Math.max(1, ...n.nodes.map((x) => x.bids));
  return {
    tooltip: {},
    legend: { top: 0, data: [t('本标段投标人', 'Bidders of this section'), t('一度关联', 'One hop'), t('二度关联', 'Two hops')] },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, force: { repulsion: 180, edgeLength: [60, 160] },
      categories: [{ name: t('本标段投标人', 'Bidders of this section') }, { name: t('一度关联', 'One hop') }, { name: t('二度关联', 'Two hops') }],
      label: { show: true, position: 'right', formatter: (p: { data: { short: string } }) => p.data.short },
      data: n.nodes.map((x) => ({ id: x.id, name: x.name, short: x.name.slice(0, 8), category: x.hop, symbolSize: 14 + 22 * (x.bids / maxBids), value: x.bids })),
      links: n.edges.map((e) => ({
        source: e.source, target: e.target, value: e.coBids,
        lineStyle: { width: Math.min(8, 1 + e.coBids), color: e.evidence.length ? '#cf1322' : '#aaa' },
        tooltip: { formatter: `${t('共同投标', 'Co-bids')} ${e.coBids}${e.evidence.length ? ` · ${e.evidence.map((x) => indicatorName(x, t)).join('、')}` : ''}` },
      })),
    }],
  };
}

export function ScreeningPage() {
  const { t, lang } = useI18n();
  const { dealCode = '', sectionCode = '' } = useParams();
  const detail = useQuery({
    queryKey: ['screening', dealCode, sectionCode],
    queryFn: () => api<ScreeningDetail>(`/api/screens/${encodeURIComponent(dealCode)}/${encodeURIComponent(sectionCode)}`),
  });
  const d = detail.data;
  const screens = useMemo(() => (d ? Object.entries(d.screens) : []), [d]);
  const barOption = useMemo(() => screensChart(screens, t), [screens, t]);
  const distributionOption = useMemo(() => (d?.distribution ? distributionChart(d.distribution, t) : null), [d, t]);
  const networkOption = useMemo(() => (d ? networkChart(d.network, t) : null), [d, t]);
  const names = useMemo(() => new Map((d?.network.nodes ?? []).map((n) => [n.id, n.name])), [d]);
  if (detail.isPending) return <Spin style={{ margin: 48 }} />;
  if (detail.isError || !d) return <Alert type="error" message={(detail.error as Error)?.message ?? ''} />;
  const title = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title={<Space>{t('围标串标筛查', 'Bid-rigging screen')} · {d.sectionCode}</Space>} extra={<Link to="/screens">{t('返回列表', 'Back to the list')}</Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'deal', label: t('交易项目', 'Deal'), children: d.dealCode },
          { key: 'region', label: t('地区', 'Region'), children: regionName(d.regionCode, t) },
          { key: 'market', label: t('比较市场', 'Market'), children: t(`本地区同类项目 ${d.marketTenders} 个标段`, `${d.marketTenders} sections of the same kind in the region`) },
          { key: 'score', label: t('模型评分 / 阈值', 'Score / threshold'), children: `${num(d.score)} / ${num(d.threshold)}` },
          { key: 'flag', label: t('结论', 'Result'), children: <span data-testid="screen-result">{d.flagged
            ? d.flagReasons.map((r) => <Tag color="red" key={r}>{reasonName(r, t)}</Tag>)
            : <Tag color="green">{t('未见异常', 'Nothing found')}</Tag>}{d.status === 'failed' && <Tag color="orange">{t('最近一次筛查失败，待重试', 'The last screening failed; it will be retried')}</Tag>}</span> },
          { key: 'model', label: t('模型', 'Model'), children: <Typography.Text type="secondary">{d.model}</Typography.Text> },
        ]} />
        {d.marketTenders < 30 && <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('本市场已开标标段少于 30 个，模型评分仅供参考，不单独作为预警依据。', 'The market has fewer than 30 opened sections: the score is rough and does not raise a flag by itself.')} />}
      </Card>

      <Card title={t('证据及来源', 'Evidence and its sources')} data-testid="screen-evidence">
        <List dataSource={d.evidence} locale={{ emptyText: t('未发现法定情形或关联迹象', 'No statutory indicator or sign found') }} renderItem={(e) => (
          <List.Item data-indicator={e.indicator}>
            <List.Item.Meta
              title={<Space wrap><Tag color={e.deemed ? 'red' : 'gold'}>{e.deemed ? t('视为串通投标', 'Deemed collusion') : t('关联迹象', 'A sign to look at')}</Tag>{title(e.title)}</Space>}
              description={<Space direction="vertical" size={2}>
                <span>{t('投标人', 'Bidders')}：{e.bidders.map((b) => names.get(b) ?? b).join('、')}</span>
                <span>{t('依据', 'Legal basis')}：{e.legalBasis}</span>
                <span>{t('来源', 'Source')}：<Typography.Text code>{e.sourceOfRecord}</Typography.Text> {Object.entries(e.detail).map(([k, v]) => <Tag key={k}>{k}: {String(v)}</Tag>)}</span>
              </Space>} />
          </List.Item>
        )} />
      </Card>

      <Card title={t('筛查指标与阈值', 'Screens against their thresholds')}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Table size="small" rowKey={([name]) => name} pagination={false} dataSource={screens} data-testid="screen-table"
              columns={[
                { title: t('指标', 'Screen'), key: 'name', render: (_, [name]) => screenName(name, t) },
                { title: t('本标段', 'This section'), key: 'value', render: (_, [, r]) => num(r.value) },
                { title: t('市场中位数', 'Market median'), key: 'median', render: (_, [, r]) => num(r.marketMedian) },
                { title: t('阈值', 'Threshold'), key: 'threshold', render: (_, [, r]) => (r.threshold == null ? '—' : `${r.direction === 'low' ? '≤' : '≥'} ${num(r.threshold)}`) },
                { title: t('超出', 'Beyond'), key: 'beyond', render: (_, [, r]) => (r.beyond ? <Tag color="red">{t('是', 'yes')}</Tag> : '') },
              ]} />
          </Col>
          <Col xs={24} lg={12}><EChart option={barOption} height={520} testId="chart-screens" /></Col>
        </Row>
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('报价分布：本标段与本市场', 'Bids: this section against its market')}>
            {distributionOption ? <EChart option={distributionOption} testId="chart-distribution" /> : <Alert type="info" message={t('无有效报价', 'No valid bids')} />}
            {d.distribution && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {d.distribution.sectionBids.map((b) => `${b.name} ${yuan(b.priceFen)}（${b.relative.toFixed(4)}）`).join('；')}
            </Typography.Paragraph>}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('投标人关联网络（两度以内）', 'Co-bidding network (two hops)')}>
            {networkOption && <EChart option={networkOption} height={400} testId="chart-network" />}
            <Typography.Text type="secondary">{t('连线：共同投标次数；红色连线：双方之间发现证据', 'Lines: tenders bid together; red: evidence joins the two')}{d.network.truncated ? t('（仅显示前 40 个）', ' (first 40 shown)') : ''}</Typography.Text>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
