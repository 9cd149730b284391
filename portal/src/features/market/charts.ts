// The 市场分析 charts' ECharts options, one function per chart, from the periods of one region. Ratios are drawn in
// percent on a right-hand axis; every tooltip shows the counts a figure was computed from (n of N), as the api gives them.
import type { EChartsCoreOption } from 'echarts/core';
import type { MarketDashboard, PeriodFigures, Share } from './types';
import { SPANS } from './types';
import { spanName } from './labels';

type T = (zh: string, en: string) => string;

const pct = (s: Share) => (s.share === null ? null : Math.round(s.share * 1000) / 10);
const counted = (s: Share) => `${s.count}/${s.of}`;
const base = (periods: PeriodFigures[]) => ({
  grid: { left: 56, right: 56, bottom: 32, top: 56 },
  xAxis: { type: 'category', data: periods.map((p) => p.period) },
});

/** Tooltip lines: a label, the value, and what it was computed from. */
function tooltip(lines: (p: PeriodFigures) => string[], periods: PeriodFigures[]) {
  return {
    trigger: 'axis',
    formatter: (items: Array<{ dataIndex: number }>) => {
      const p = periods[items[0]?.dataIndex ?? 0];
      return p ? [`<b>${p.period}</b>`, ...lines(p)].join('<br/>') : '';
    },
  };
}

export function competitionChart(periods: PeriodFigures[], t: T): EChartsCoreOption {
  return {
    ...base(periods),
    tooltip: tooltip((p) => [
      `${t('标段数', 'Sections')}: ${p.competition.sections}，${t('有效投标', 'valid bids')}: ${p.competition.bids}`,
      `${t('平均投标人数', 'Mean bidders')}: ${p.competition.biddersMean ?? '—'}，${t('中位数', 'median')}: ${p.competition.biddersMedian ?? '—'}`,
      `${t('单一投标', 'Single bid')}: ${counted(p.competition.singleBid)}，${t('流标/废标', 'Failed')}: ${counted(p.competition.failed)}`,
    ], periods),
    legend: { top: 0, data: [t('平均投标人数', 'Mean bidders'), t('投标人数中位数', 'Median bidders'), t('单一投标比例', 'Single-bid share'), t('流标/废标比例', 'Failed share')] },
    yAxis: [{ type: 'value', name: t('家', 'Bidders'), minInterval: 1 }, { type: 'value', name: '%', max: 100 }],
    series: [
      { name: t('平均投标人数', 'Mean bidders'), type: 'bar', data: periods.map((p) => p.competition.biddersMean), barMaxWidth: 28 },
      { name: t('投标人数中位数', 'Median bidders'), type: 'line', data: periods.map((p) => p.competition.biddersMedian) },
      { name: t('单一投标比例', 'Single-bid share'), type: 'line', yAxisIndex: 1, data: periods.map((p) => pct(p.competition.singleBid)), lineStyle: { type: 'dashed' } },
      { name: t('流标/废标比例', 'Failed share'), type: 'line', yAxisIndex: 1, data: periods.map((p) => pct(p.competition.failed)), lineStyle: { type: 'dotted' } },
    ],
  };
}

export function concentrationChart(periods: PeriodFigures[], t: T): EChartsCoreOption {
  return {
    ...base(periods),
    tooltip: tooltip((p) => [
      `HHI: ${p.concentration.hhi ?? '—'}（${t('中标人', 'winners')} ${p.concentration.winners}，${t('中标', 'awards')} ${p.concentration.awards}）`,
      `CR4: ${p.concentration.cr4.share === null ? '—' : `${(p.concentration.cr4.share * 100).toFixed(1)}%`}（¥${p.concentration.cr4.valueFen / 100} / ¥${p.concentration.cr4.of / 100}）`,
    ], periods),
    legend: { top: 0, data: ['HHI', 'CR4'] },
    yAxis: [{ type: 'value', name: 'HHI', max: 10000 }, { type: 'value', name: 'CR4 %', max: 100 }],
    series: [
      {
        name: 'HHI', type: 'bar', data: periods.map((p) => p.concentration.hhi), barMaxWidth: 28,
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 2500, name: t('高度集中', 'Highly concentrated') }], label: { formatter: t('高度集中 2500', 'Highly concentrated 2500') } },
      },
      { name: 'CR4', type: 'line', yAxisIndex: 1, data: periods.map((p) => (p.concentration.cr4.share === null ? null : Math.round(p.concentration.cr4.share * 1000) / 10)) },
    ],
  };
}

export function priceChart(periods: PeriodFigures[], t: T): EChartsCoreOption {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);
  return {
    ...base(periods),
    tooltip: tooltip((p) => [
      `${t('中标价/估算价中位数', 'Median award/estimate')}: ${p.prices.medianRatio ?? '—'}（P25 ${p.prices.p25Ratio ?? '—'}，P75 ${p.prices.p75Ratio ?? '—'}）`,
      `${t('有估算价的中标', 'Awards with an estimate')}: ${p.prices.withEstimate}/${p.prices.awards}`,
    ], periods),
    legend: { top: 0, data: [t('中位数', 'Median'), 'P25', 'P75'] },
    yAxis: { type: 'value', name: t('中标价/估算价', 'Award / estimate'), scale: true },
    series: [
      { name: t('中位数', 'Median'), type: 'line', data: periods.map((p) => r(p.prices.medianRatio)), symbolSize: 8, lineStyle: { width: 3 },
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 1 }], label: { formatter: t('等于估算价', 'At the estimate') } } },
      { name: 'P25', type: 'line', data: periods.map((p) => r(p.prices.p25Ratio)), lineStyle: { type: 'dashed' } },
      { name: 'P75', type: 'line', data: periods.map((p) => r(p.prices.p75Ratio)), lineStyle: { type: 'dashed' } },
    ],
  };
}

export function volumeChart(periods: PeriodFigures[], t: T): EChartsCoreOption {
  const names = [t('新立项目', 'Started'), t('发出中标通知', 'Awarded'), t('归档', 'Archived')];
  return {
    ...base(periods),
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: names },
    yAxis: { type: 'value', name: t('个', 'Deals'), minInterval: 1 },
    series: [
      { name: names[0], type: 'bar', data: periods.map((p) => p.volumes.started) },
      { name: names[1], type: 'bar', data: periods.map((p) => p.volumes.awarded) },
      { name: names[2], type: 'bar', data: periods.map((p) => p.volumes.archived) },
    ],
  };
}

/** Median days of each span per period (bars), the statutory minimum of the procedure chosen (a line), the share at it. */
export function durationChart(periods: PeriodFigures[], minimums: MarketDashboard['minimums'], t: T): EChartsCoreOption {
  const atName = t('公告至开标按最短期限比例', 'Notice → opening at the minimum');
  return {
    ...base(periods),
    tooltip: tooltip((p) => SPANS.map((s) => {
      const d = p.durations[s];
      const min = d.minimumDays === null ? (d.withMinimum ? t('各类型最短期限', 'per procedure') : t('无法定最短期限', 'no minimum')) : `${t('法定最短', 'minimum')} ${d.minimumDays}${t('日', ' d')}`;
      return `${spanName(s, t)}: ${d.medianDays ?? '—'}${t('日', ' d')}（${d.deals}${t('个项目', ' deals')}；${min}；${t('按最短', 'at it')} ${counted(d.atMinimum)}，${t('短于最短', 'below')} ${counted(d.belowMinimum)}）`;
    }), periods),
    legend: { top: 0, data: [...SPANS.map((s) => spanName(s, t)), atName] },
    yAxis: [{ type: 'value', name: t('日（中位数）', 'Days (median)') }, { type: 'value', name: '%', max: 100 }],
    series: [
      ...SPANS.map((s) => ({
        name: spanName(s, t), type: 'bar', barMaxWidth: 24, data: periods.map((p) => p.durations[s].medianDays),
        ...(minimums[s] ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: minimums[s]!.days }], label: { formatter: `${t('法定最短', 'Minimum')} ${minimums[s]!.days}${t('日', ' d')}` } } } : {}),
      })),
      { name: atName, type: 'line', yAxisIndex: 1, data: periods.map((p) => pct(p.durations['notice-to-opening'].atMinimum)) },
    ],
  };
}
