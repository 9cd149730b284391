// Open Contracting Data Standard 1.1 export of what a deal has made public: one release per published notice (the
// public state changes of the deal), and the record whose compiled release merges them by the standard's rules.
// Only published notices count, and only what they made public: an award's supplier and price appear once its
// result notice is published; nothing sealed, evaluated or unpublished ever does.
import { Award, Deal, Notice, Section, toIsoTimestamp, type Db } from '@ggzy/db';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The OCID prefix registered for this platform (GGZY_OCDS_PREFIX); the default is for test installations. A value that
 * is not an OCID prefix (`ocds-` and six lower-case letters or digits) is refused — the api checks it at start — rather
 * than replaced in silence by the test prefix, which would publish every deal under another platform's identifiers.
 */
export function ocdsPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.GGZY_OCDS_PREFIX || 'ocds-ggzy00';
  if (!/^ocds-[a-z0-9]{6}$/.test(prefix)) throw new Error(`GGZY_OCDS_PREFIX=${prefix} is not an OCID prefix: "ocds-" and the six letters or digits the Open Contracting Partnership registered`);
  return prefix;
}

const ORG_SCHEME = 'CN-USCC'; // 统一社会信用代码
const party = (creditCode: string, name: string, roles: string[]): JsonObject => ({
  id: `${ORG_SCHEME}-${creditCode}`, name, identifier: { scheme: ORG_SCHEME, id: creditCode, legalName: name }, roles,
});
const orgRef = (creditCode: string, name: string): JsonObject => ({ id: `${ORG_SCHEME}-${creditCode}`, name });
const amount = (fen: number | string | null): Json => (fen === null ? null : { amount: Number(fen) / 100, currency: 'CNY' });
const iso = (value: string | Date) => new Date(toIsoTimestamp(value) as string).toISOString();

const CATEGORY: Record<string, string> = {
  'construction-open-tender': 'works', 'government-procurement-open': 'goods', 'land-listing': 'services', land: 'services',
};
const NOTICE_DOCUMENT: Record<string, string> = {
  tender: 'tenderNotice', procurement: 'tenderNotice', 'land-listing': 'tenderNotice', clarification: 'clarifications',
  candidates: 'evaluationReports', result: 'awardNotice', 'land-result': 'awardNotice', termination: 'cancellationDetails',
};
const NOTICE_TAGS: Record<string, string[]> = {
  tender: ['tender'], procurement: ['tender'], 'land-listing': ['tender'], clarification: ['tenderAmendment'],
  candidates: ['tenderUpdate'], result: ['award'], 'land-result': ['award'], termination: ['tenderCancellation'],
};

interface DealFacts {
  dealCode: string; title: string; procedureKind: string; regionCode: string; estimateFen: number | null;
  tenderee: { creditCode: string; name: string } | null; agent: { creditCode: string; name: string } | null;
  sections: Array<{ code: string; name: string; estimateFen: number | null }>;
}
interface NoticeFacts { id: number; type: string; title: string; publishedAt: string; sectionCode: string | null }
interface AwardFacts { sectionCode: string; winner: { creditCode: string; name: string }; priceFen: number; issuedAt: string; noticeDate: string }

/** The release a published notice makes: what the public learnt at that moment. */
export function releaseOf(ocid: string, deal: DealFacts, notice: NoticeFacts, awards: AwardFacts[]): JsonObject {
  const parties: JsonObject[] = [];
  if (deal.tenderee) parties.push(party(deal.tenderee.creditCode, deal.tenderee.name, ['buyer']));
  if (deal.agent) parties.push(party(deal.agent.creditCode, deal.agent.name, ['procuringEntity']));
  const document: JsonObject = {
    id: `notice-${notice.id}`, documentType: NOTICE_DOCUMENT[notice.type] ?? 'tenderNotice', title: notice.title,
    datePublished: notice.publishedAt, url: `/api/public/notices/${notice.id}`, format: 'application/json', language: 'zh',
  };
  const tender: JsonObject = {
    id: deal.dealCode, title: deal.title, status: 'active', procurementMethod: 'open',
    mainProcurementCategory: CATEGORY[deal.procedureKind] ?? 'works', value: amount(deal.estimateFen),
    lots: deal.sections.map((s) => ({ id: s.code, title: s.name, value: amount(s.estimateFen), status: 'active' })),
    documents: [document],
  };
  if (deal.tenderee) tender.procuringEntity = orgRef(deal.agent?.creditCode ?? deal.tenderee.creditCode, deal.agent?.name ?? deal.tenderee.name);
  const release: JsonObject = {
    ocid, id: `${ocid}-notice-${notice.id}`, date: notice.publishedAt, tag: NOTICE_TAGS[notice.type] ?? ['tenderUpdate'],
    initiationType: 'tender', language: 'zh', parties, buyer: deal.tenderee ? orgRef(deal.tenderee.creditCode, deal.tenderee.name) : null, tender,
  };
  if (notice.type === 'clarification') tender.amendments = [{ id: `notice-${notice.id}`, date: notice.publishedAt, description: notice.title }];
  if (notice.type === 'termination') {
    tender.status = 'cancelled';
    tender.lots = deal.sections.map((s) => ({ id: s.code, status: 'cancelled' }));
  }
  if (notice.type === 'result' || notice.type === 'land-result') {
    const published = awards.filter((a) => notice.sectionCode === null || a.sectionCode === notice.sectionCode);
    for (const a of published) {
      if (!parties.some((p) => p.id === `${ORG_SCHEME}-${a.winner.creditCode}`)) parties.push(party(a.winner.creditCode, a.winner.name, ['supplier']));
    }
    release.awards = published.map((a) => ({
      id: `${a.sectionCode}-award`, title: `${deal.title}（${a.sectionCode}）中标结果`, status: 'active', date: a.issuedAt,
      value: amount(a.priceFen), suppliers: [orgRef(a.winner.creditCode, a.winner.name)], relatedLots: [a.sectionCode],
    }));
    tender.status = 'complete';
  }
  return compact(release);
}

/** A release states what is known: fields without a value are left out (a null would mean "removed" when merged). */
function compact<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => compact(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = compact(v);
  return out as T;
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const identified = (v: Json): boolean => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.id === 'string');

/**
 * OCDS merge: later values replace earlier ones, objects merge field by field, arrays of objects with an id merge
 * item by item (by id), other arrays are replaced whole; a null removes the field.
 */
export function mergeInto(target: JsonObject, source: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value === null) delete target[key];
    else if (isObject(value)) target[key] = mergeInto(isObject(current) ? current : {}, value);
    else if (identified(value) && (current === undefined || identified(current))) {
      const items = (current as JsonObject[] | undefined)?.map((x) => ({ ...x })) ?? [];
      for (const item of value as JsonObject[]) {
        const at = items.findIndex((x) => x.id === item.id);
        if (at >= 0) items[at] = mergeInto(items[at]!, item);
        else items.push(mergeInto({}, item));
      }
      target[key] = items;
    } else target[key] = structuredClone(value);
  }
  return target;
}

export function compile(ocid: string, releases: JsonObject[]): JsonObject {
  const compiled: JsonObject = {};
  for (const release of [...releases].sort((a, b) => String(a.date).localeCompare(String(b.date)))) {
    const { tag: _tag, id: _id, ...rest } = release;
    mergeInto(compiled, rest);
  }
  return { ...compiled, ocid, id: `${ocid}-compiled`, tag: ['compiled'] };
}

interface DealRow {
  id: number; deal_code: string; title: string; procedure_kind: string; region_code: string; estimate_fen: number | null;
  t_code: string | null; t_name: string; a_code: string | null; a_name: string;
}

async function factsOf(db: Db, dealCode: string, now: Date) {
  const deal = await Deal.query(db).alias('d').leftJoin('subjects as t', 't.id', 'd.tenderee_subject_id').leftJoin('subjects as a', 'a.id', 'd.agent_subject_id')
    .where('d.deal_code', dealCode)
    .where('d.is_sandbox', false) // open data is of real deals only: a sandbox deal (演练) is never exported
    .select('d.id', 'd.deal_code', 'd.title', 'd.procedure_kind', 'd.region_code', 'd.estimate_fen', 't.credit_code as t_code', 't.name as t_name',
      'a.credit_code as a_code', 'a.name as a_name')
    .first()
    .castTo<DealRow | undefined>();
  if (!deal) return null;
  const notices = (await Notice.query(db).alias('n').leftJoin('sections as s', 's.id', 'n.section_id')
    .where({ 'n.deal_id': deal.id, 'n.status': 'published' }).where('n.published_at', '<=', now.toISOString())
    .orderBy([{ column: 'n.published_at' }, { column: 'n.id' }])
    .select('n.id', 'n.notice_type', 'n.title', 'n.published_at', 's.section_code').castTo<Array<Record<string, unknown>>>()).map((n) => ({
    id: Number(n.id), type: String(n.notice_type), title: String(n.title), publishedAt: iso(n.published_at as string), sectionCode: (n.section_code as string | null) ?? null,
  }));
  if (notices.length === 0) return null; // a deal nothing has been published about does not exist for the public
  const sections = (await Section.query(db).where('deal_id', deal.id).orderBy('section_code').select('section_code', 'name', 'estimate_fen'))
    .map((s) => ({ code: String(s.section_code), name: String(s.name), estimateFen: s.estimate_fen === null ? null : Number(s.estimate_fen) }));
  const awards = (await Award.query(db).alias('w').join('sections as s', 's.id', 'w.section_id').join('subjects as p', 'p.id', 'w.winner_subject_id')
    .where('w.deal_id', deal.id).orderBy('s.section_code')
    .select('s.section_code', 'p.credit_code', 'p.name', 'w.price_fen', 'w.issued_at', 'w.notice_date').castTo<Array<Record<string, unknown>>>()).map((w) => ({
    sectionCode: String(w.section_code), winner: { creditCode: String(w.credit_code), name: String(w.name) }, priceFen: Number(w.price_fen),
    issuedAt: iso(w.issued_at as string), noticeDate: String(w.notice_date),
  }));
  const facts: DealFacts = {
    dealCode: deal.deal_code, title: deal.title, procedureKind: deal.procedure_kind, regionCode: deal.region_code,
    estimateFen: deal.estimate_fen === null ? null : Number(deal.estimate_fen),
    tenderee: deal.t_code ? { creditCode: deal.t_code, name: deal.t_name } : null,
    agent: deal.a_code ? { creditCode: deal.a_code, name: deal.a_name } : null, sections,
  };
  return { facts, notices, awards };
}

const publisher = { name: '公共资源交易平台', scheme: ORG_SCHEME };
const LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

/** Where the platform's public api is reached from outside (GGZY_PUBLIC_BASE_URL), for the packages' URIs. */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GGZY_PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
}

/** The release package of a deal's public releases, or null when nothing about it has been published. */
export async function releasePackage(db: Db, dealCode: string, baseUri: string, now = new Date()) {
  const loaded = await factsOf(db, dealCode, now);
  if (!loaded) return null;
  const ocid = `${ocdsPrefix()}-${dealCode}`;
  const releases = loaded.notices.map((n) => releaseOf(ocid, loaded.facts, n, loaded.awards));
  return {
    uri: `${baseUri}/api/public/ocds/releases/${encodeURIComponent(dealCode)}`, version: '1.1', publishedDate: releases.at(-1)!.date,
    publisher, license: LICENSE, publicationPolicy: `${baseUri}/api/docs`, releases,
  };
}

/** The record package: the releases and the compiled release merged from them. */
export async function recordPackage(db: Db, dealCode: string, baseUri: string, now = new Date()) {
  const pkg = await releasePackage(db, dealCode, baseUri, now);
  if (!pkg) return null;
  const ocid = pkg.releases[0]!.ocid as string;
  return {
    uri: `${baseUri}/api/public/ocds/records/${encodeURIComponent(dealCode)}`, version: '1.1', publishedDate: pkg.publishedDate, publisher,
    license: LICENSE, publicationPolicy: pkg.publicationPolicy, packages: [pkg.uri],
    records: [{ ocid, releases: pkg.releases, compiledRelease: compile(ocid, pkg.releases) }],
  };
}
