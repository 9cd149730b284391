// The mapping layer of data aggregation (数据归集): the domain's rows as records of the national data spec V2.0 data
// sets (公共资源交易平台系统数据规范). Field names, codes and formats of the spec live here and nowhere else.
import type { Knex } from 'knex';
import { Award, BidOpening, BidOpeningLine, Deal, Notice, Section, toIsoTimestamp } from '@ggzy/db';

/** The data sets this platform sends, in the order a deal's messages are delivered. */
export const DATA_SETS = [
  'TENDER_PROJECT', // 招标项目
  'SECTION', // 标段（包）
  'TENDER_ANN_QUA_INQUERY_ANN', // 招标公告与资格预审公告
  'BID_OPENING_RECORD', // 开标记录
  'TENDER_CANDIDATE_ANNOUNCE', // 中标候选人公示
  'WIN_RESULT_ANNO', // 中标结果公示
  'BID_WINNING_NOTICE', // 中标通知书
] as const;
export type DataSetName = (typeof DATA_SETS)[number];

export const DATA_SET_TITLES: Record<DataSetName, { zh: string; en: string }> = {
  TENDER_PROJECT: { zh: '招标项目', en: 'tender project' },
  SECTION: { zh: '标段（包）', en: 'sections' },
  TENDER_ANN_QUA_INQUERY_ANN: { zh: '招标公告', en: 'tender notices' },
  BID_OPENING_RECORD: { zh: '开标记录', en: 'bid opening records' },
  TENDER_CANDIDATE_ANNOUNCE: { zh: '中标候选人公示', en: 'candidate publicity' },
  WIN_RESULT_ANNO: { zh: '中标结果公示', en: 'award result notices' },
  BID_WINNING_NOTICE: { zh: '中标通知书', en: 'award notices' },
};

export type FieldValue = string | number | null;

/** One record of a data set; `recordKey` identifies it within the data set across versions. */
export interface SpecRecord {
  dataSet: DataSetName;
  recordKey: string;
  fields: Record<string, FieldValue>;
}

/** Spec code of the price unit: 0 = 元 (yuan). Amounts are decimal text in yuan, exact from integer fen. */
const PRICE_UNIT_YUAN = '0';
/** ISO 4217 numeric code of CNY. */
const CURRENCY_CNY = '156';

export function yuan(fen: number | string | bigint): string {
  const value = BigInt(String(fen));
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A timestamp as the spec's exchange carries it: ISO 8601 in China Standard Time. */
export function specTime(value: string | Date): string {
  const ms = new Date(toIsoTimestamp(value) as string).getTime();
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

interface Party { name: string; credit_code: string }
interface SectionRow { id: number; section_code: string; name: string; estimate_fen: string | number | null }
interface DealJoinRow {
  id: number; deal_code: string; region_code: string; title: string; procedure_kind: string; created_at: string;
  tenderee_name: string | null; tenderee_code: string; agent_name: string | null; agent_code: string;
}
export interface DealSource {
  id: number; dealCode: string; regionCode: string; title: string; procedureKind: string; createdAt: string | Date;
  tenderee: Party | null; agent: Party | null; sections: SectionRow[];
}

export async function loadDealSource(trx: Knex, dealCode: string): Promise<DealSource | null> {
  const deal = await Deal.query(trx).alias('d')
    .leftJoin('subjects as t', 't.id', 'd.tenderee_subject_id')
    .leftJoin('subjects as a', 'a.id', 'd.agent_subject_id')
    .where('d.deal_code', dealCode)
    .select('d.id', 'd.deal_code', 'd.region_code', 'd.title', 'd.procedure_kind', 'd.created_at',
      't.name as tenderee_name', 't.credit_code as tenderee_code', 'a.name as agent_name', 'a.credit_code as agent_code')
    .first()
    .castTo<DealJoinRow | undefined>();
  if (!deal) return null;
  const sections = await Section.query(trx).where('deal_id', deal.id).orderBy('section_code').select('id', 'section_code', 'name', 'estimate_fen').castTo<SectionRow[]>();
  return {
    id: Number(deal.id), dealCode: deal.deal_code, regionCode: deal.region_code, title: deal.title, procedureKind: deal.procedure_kind,
    createdAt: deal.created_at,
    tenderee: deal.tenderee_name ? { name: deal.tenderee_name, credit_code: deal.tenderee_code } : null,
    agent: deal.agent_name ? { name: deal.agent_name, credit_code: deal.agent_code } : null,
    sections: sections.map((s) => ({ ...s, id: Number(s.id) })),
  };
}

/** The key fields every record of a deal carries. */
function dealKeys(deal: DealSource): Record<string, FieldValue> {
  return { TENDER_PROJECT_CODE: deal.dealCode, UNIFIED_DEAL_CODE: deal.dealCode, REGION_CODE: deal.regionCode };
}

interface NoticeRow { id: number | string; title: string; body: string; published_at: string | Date; section_code: string | null }

async function publishedNotices(trx: Knex, deal: DealSource, types: string[], now: Date): Promise<NoticeRow[]> {
  return Notice.query(trx).alias('n').leftJoin('sections as s', 's.id', 'n.section_id')
    .where('n.deal_id', deal.id).whereIn('n.notice_type', types).where('n.status', 'published').where('n.published_at', '<=', now.toISOString())
    .orderBy('n.id').select('n.id', 'n.title', 'n.body', 'n.published_at', 's.section_code').castTo<NoticeRow[]>();
}

interface AwardRow { section_code: string; price_fen: string | number; issued_at: string | Date; winner_name: string; winner_code: string }

async function awards(trx: Knex, deal: DealSource): Promise<AwardRow[]> {
  return Award.query(trx).alias('w').join('sections as s', 's.id', 'w.section_id').join('subjects as b', 'b.id', 'w.winner_subject_id')
    .where('w.deal_id', deal.id).orderBy('s.section_code')
    .select('s.section_code', 'w.price_fen', 'w.issued_at', 'b.name as winner_name', 'b.credit_code as winner_code').castTo<AwardRow[]>();
}

type Mapping = (trx: Knex, deal: DealSource, now: Date) => Promise<SpecRecord[]>;

const MAPPINGS: Record<DataSetName, Mapping> = {
  async TENDER_PROJECT(_trx, deal) {
    return [{
      dataSet: 'TENDER_PROJECT', recordKey: deal.dealCode,
      fields: {
        ...dealKeys(deal), TENDER_PROJECT_NAME: deal.title, TENDERER_NAME: deal.tenderee?.name ?? null, TENDERER_CODE: deal.tenderee?.credit_code ?? null,
        TENDER_AGENCY_NAME: deal.agent?.name ?? null, TENDER_AGENCY_CODE: deal.agent?.credit_code ?? null, CREATE_TIME: specTime(deal.createdAt),
      },
    }];
  },
  async SECTION(_trx, deal) {
    return deal.sections.map((s) => ({
      dataSet: 'SECTION' as const, recordKey: s.section_code,
      fields: {
        ...dealKeys(deal), BID_SECTION_CODE: s.section_code, BID_SECTION_NAME: s.name,
        CONTRACT_RECKON_PRICE: s.estimate_fen === null ? null : yuan(s.estimate_fen), PRICE_UNIT: PRICE_UNIT_YUAN, CURRENCY_CODE: CURRENCY_CNY,
      },
    }));
  },
  async TENDER_ANN_QUA_INQUERY_ANN(trx, deal, now) {
    const notices = await publishedNotices(trx, deal, ['tender', 'procurement'], now);
    return notices.map((n) => ({
      dataSet: 'TENDER_ANN_QUA_INQUERY_ANN' as const, recordKey: `${deal.dealCode}/N${n.id}`,
      fields: {
        ...dealKeys(deal), BID_SECTION_CODES: n.section_code ?? deal.sections.map((s) => s.section_code).join(','),
        NOTICE_NAME: n.title, NOTICE_CONTENT: n.body, NOTICE_SEND_TIME: specTime(n.published_at),
      },
    }));
  },
  async BID_OPENING_RECORD(trx, deal) {
    const openings = await BidOpening.query(trx).alias('o').join('sections as s', 's.id', 'o.section_id').where('s.deal_id', deal.id)
      .orderBy('s.section_code').select('o.id', 'o.opened_at', 's.section_code', 's.name')
      .castTo<Array<{ id: number; opened_at: string; section_code: string; name: string }>>();
    const records: SpecRecord[] = [];
    for (const o of openings) {
      const lines = await BidOpeningLine.query(trx).alias('l').join('subjects as b', 'b.id', 'l.bidder_subject_id').where('l.opening_id', o.id)
        .orderBy('l.line_no').select('l.line_no', 'l.price_fen', 'l.is_valid', 'l.invalid_reason', 'b.name', 'b.credit_code')
        .castTo<Array<{ line_no: number; price_fen: number | null; is_valid: boolean; invalid_reason: string | null; name: string; credit_code: string }>>();
      const content = lines.map((l) =>
        `${l.line_no}. ${l.name}（${l.credit_code}）投标报价：${l.price_fen === null ? '—' : `${yuan(l.price_fen)} 元`}；${l.is_valid ? '有效' : `无效（${l.invalid_reason ?? ''}）`}`).join('\n');
      records.push({
        dataSet: 'BID_OPENING_RECORD', recordKey: o.section_code,
        fields: {
          TENDER_PROJECT_CODE: deal.dealCode, BID_SECTION_CODES: o.section_code, UNIFIED_DEAL_CODES: deal.dealCode, REGION_CODE: deal.regionCode,
          NOTICE_NAME: `${deal.title}（${o.name}）开标记录`, BID_OPENING_CONTENT: content, BID_OPENING_TIME: specTime(o.opened_at),
        },
      });
    }
    return records;
  },
  async TENDER_CANDIDATE_ANNOUNCE(trx, deal, now) {
    const notices = await publishedNotices(trx, deal, ['candidates'], now);
    return notices.map((n) => ({
      dataSet: 'TENDER_CANDIDATE_ANNOUNCE' as const, recordKey: `${deal.dealCode}/N${n.id}`,
      fields: { ...dealKeys(deal), BID_SECTION_CODE: n.section_code, NOTICE_NAME: n.title, NOTICE_CONTENT: n.body, NOTICE_SEND_TIME: specTime(n.published_at) },
    }));
  },
  async WIN_RESULT_ANNO(trx, deal, now) {
    const notices = await publishedNotices(trx, deal, ['result'], now);
    const awarded = new Map((await awards(trx, deal)).map((a) => [a.section_code, a]));
    return notices.flatMap((n) => (n.section_code ? [n.section_code] : deal.sections.map((s) => s.section_code)).map((sectionCode) => {
      const award = awarded.get(sectionCode);
      return {
        dataSet: 'WIN_RESULT_ANNO' as const, recordKey: `${deal.dealCode}/N${n.id}/${sectionCode}`,
        fields: {
          ...dealKeys(deal), BID_SECTION_CODE: sectionCode, TENDER_AGENCY_NAME: deal.agent?.name ?? null, TENDER_AGENCY_CODE: deal.agent?.credit_code ?? null,
          NOTICE_NAME: n.title, NOTICE_CONTENT: n.body, NOTICE_SEND_TIME: specTime(n.published_at),
          WIN_BIDDER_NAME: award?.winner_name ?? null, WIN_BIDDER_CODE: award?.winner_code ?? null,
          BID_AMOUNT: award ? yuan(award.price_fen) : null, BID_CURRENCY: award ? CURRENCY_CNY : null, PRICE_UNIT: award ? PRICE_UNIT_YUAN : null,
        },
      };
    }));
  },
  async BID_WINNING_NOTICE(trx, deal) {
    return (await awards(trx, deal)).map((a) => ({
      dataSet: 'BID_WINNING_NOTICE' as const, recordKey: a.section_code,
      fields: {
        TENDER_PROJECT_CODE: deal.dealCode, TENDER_PROJECT_NAME: deal.title, BID_SECTION_CODES: a.section_code, UNIFIED_DEAL_CODE: deal.dealCode,
        REGION_CODE: deal.regionCode, WIN_BIDDER_NAME: a.winner_name, WIN_BIDDER_CODE: a.winner_code, BID_AMOUNT: yuan(a.price_fen),
        BID_CURRENCY: CURRENCY_CNY, PRICE_UNIT: PRICE_UNIT_YUAN, WIN_NOTICE_SEND_TIME: specTime(a.issued_at),
      },
    }));
  },
};

/** The records of one data set for a deal, as the domain stands now. */
export function mapDataSet(trx: Knex, dataSet: DataSetName, deal: DealSource, now: Date): Promise<SpecRecord[]> {
  return MAPPINGS[dataSet](trx, deal, now);
}
