// Names on the 市场分析 page, zh-CN first.
import type { Span } from './types';

type T = (zh: string, en: string) => string;

const PROCEDURES: Record<string, [string, string]> = {
  'construction-open-tender': ['工程建设公开招标', 'Construction open tender'],
  'government-procurement-open': ['政府采购公开招标', 'Government procurement open tender'],
  'land-listing': ['土地挂牌出让', 'Land listing'],
};
export const PROCEDURE_KINDS = Object.keys(PROCEDURES);
export const procedureName = (kind: string, t: T) => (PROCEDURES[kind] ? t(...PROCEDURES[kind]) : kind);

const SPAN_NAMES: Record<Span, [string, string]> = {
  'notice-to-opening': ['公告至开标', 'Notice → opening'],
  'opening-to-award': ['开标至中标通知', 'Opening → award notice'],
  'start-to-archive': ['立项至归档', 'Start → archive'],
};
export const spanName = (span: Span, t: T) => t(...SPAN_NAMES[span]);

/** A share as a percentage with one decimal, or — when there is nothing to divide by. */
export const percent = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`);

export const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;
