// The market dashboard as CSV for a spreadsheet: one row per region × period × figure, each with the counts it was
// computed from (计数 of 基数), UTF-8 with a byte-order mark so Excel opens the Chinese right, CRLF line ends (RFC 4180).
// Text a spreadsheet would take for a formula (a bidder's name starting with = + - @) is quoted with a leading
// apostrophe, so opening the file never runs anything.
import type { DurationFigure, Share } from './figures';
import type { MarketDashboard, PeriodFigures } from './market-dashboard';
import { MILESTONE_SPANS, type MilestoneSpan } from './milestones';

export const FIGURE_GROUPS = ['competition', 'concentration', 'prices', 'volumes', 'durations'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

export const CSV_HEADER = ['地区代码', '地区', '期间', '指标组', '指标代码', '指标', '数值', '计数', '基数', '单位'] as const;

export interface CsvFigure { group: FigureGroup; code: string; name: string; value: number | null; count: number | null; of: number | null; unit: string }

const SPAN_NAMES: Record<MilestoneSpan, string> = {
  'notice-to-opening': '公告至开标',
  'opening-to-award': '开标至中标通知',
  'start-to-archive': '立项至归档',
};

const yuan = (fen: number) => Math.round(fen) / 100;

function share(group: FigureGroup, code: string, name: string, s: Share, unit = '比例'): CsvFigure {
  return { group, code, name, value: s.share, count: s.count, of: s.of, unit };
}

function durationFigures(span: MilestoneSpan, d: DurationFigure): CsvFigure[] {
  const minimum = d.minimumDays === null ? (d.withMinimum ? '按各交易类型的法定最短期限' : '无法定最短期限') : `法定最短 ${d.minimumDays} 日`;
  return [
    { group: 'durations', code: `duration_median_days:${span}`, name: `${SPAN_NAMES[span]}用时中位数`, value: d.medianDays, count: d.deals, of: null, unit: '日' },
    share('durations', `duration_at_minimum_share:${span}`, `${SPAN_NAMES[span]}按法定最短期限进行的比例`, d.atMinimum, `比例（${minimum}）`),
    share('durations', `duration_below_minimum_share:${span}`, `${SPAN_NAMES[span]}短于法定最短期限的比例`, d.belowMinimum, `比例（${minimum}）`),
  ];
}

/** The figures of one period, in the order of the dashboard. */
export function periodFigures(p: PeriodFigures): CsvFigure[] {
  const c = p.competition, k = p.concentration, pr = p.prices, v = p.volumes;
  return [
    { group: 'competition', code: 'sections', name: '开标（或流标）标段数', value: c.sections, count: c.sections, of: null, unit: '个' },
    { group: 'competition', code: 'bidders_mean', name: '每标段有效投标人数（平均）', value: c.biddersMean, count: c.bids, of: c.sections, unit: '家' },
    { group: 'competition', code: 'bidders_median', name: '每标段有效投标人数（中位数）', value: c.biddersMedian, count: null, of: c.sections, unit: '家' },
    share('competition', 'single_bid_share', '单一投标标段比例', c.singleBid),
    share('competition', 'failed_share', '流标/废标标段比例', c.failed),
    { group: 'concentration', code: 'award_value', name: '中标金额', value: yuan(k.valueFen), count: k.awards, of: null, unit: '元' },
    { group: 'concentration', code: 'hhi', name: '赫芬达尔—赫希曼指数（HHI）', value: k.hhi, count: k.winners, of: k.awards, unit: '指数（0–10000）' },
    { group: 'concentration', code: 'cr4', name: '前四名中标金额集中度（CR4）', value: k.cr4.share, count: yuan(k.cr4.valueFen), of: yuan(k.cr4.of), unit: '比例（金额：元）' },
    ...k.top.map((t) => share('concentration', `win_rate:${t.creditCode}`, `中标率：${t.name}`, t.winRate)),
    { group: 'prices', code: 'award_estimate_ratio_median', name: '中标价/估算价 中位数', value: pr.medianRatio, count: pr.withEstimate, of: pr.awards, unit: '比值' },
    { group: 'prices', code: 'award_estimate_ratio_p25', name: '中标价/估算价 下四分位数', value: pr.p25Ratio, count: pr.withEstimate, of: pr.awards, unit: '比值' },
    { group: 'prices', code: 'award_estimate_ratio_p75', name: '中标价/估算价 上四分位数', value: pr.p75Ratio, count: pr.withEstimate, of: pr.awards, unit: '比值' },
    { group: 'volumes', code: 'deals_started', name: '新立项目数', value: v.started, count: v.started, of: null, unit: '个' },
    { group: 'volumes', code: 'deals_awarded', name: '发出中标通知项目数', value: v.awarded, count: v.awarded, of: null, unit: '个' },
    { group: 'volumes', code: 'deals_archived', name: '归档项目数', value: v.archived, count: v.archived, of: null, unit: '个' },
    ...MILESTONE_SPANS.flatMap((s) => durationFigures(s, p.durations[s])),
  ];
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The dashboard (or the groups asked for) as CSV bytes. */
export function marketCsv(dashboard: MarketDashboard, groups: readonly FigureGroup[] = FIGURE_GROUPS): Buffer {
  const lines = [CSV_HEADER.join(',')];
  for (const region of dashboard.regions) {
    for (const p of region.periods) {
      for (const f of periodFigures(p)) {
        if (!groups.includes(f.group)) continue;
        lines.push([region.regionCode, region.regionName, p.period, f.group, f.code, f.name, f.value, f.count, f.of, f.unit].map(cell).join(','));
      }
    }
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
