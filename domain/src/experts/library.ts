// Maintaining the expert library (专家库): the specialty tree, enrolment of experts with their specialties and
// employer, declared avoidance relations, sanctions, and the draw-frequency policy. Each call is one transaction
// and refuses bad input with a typed error before writing.
import type { Db } from '@ggzy/db';
import { isValidCreditCode } from '@ggzy/db';
import type { Knex } from 'knex';
import { BusinessError, notFound } from '../step';
import type { ExpertKind } from './selection';

export interface SpecialtyInput { code: string; parentCode: string | null; name: string }

/** Adds specialties (parents before children, in one call or earlier ones). */
export async function addSpecialties(db: Db, specialties: readonly SpecialtyInput[]): Promise<void> {
  await db.transaction(async (trx) => {
    for (const s of specialties) {
      if (!/^[A-Za-z0-9._-]{1,32}$/.test(s.code) || !s.name.trim()) {
        throw new BusinessError('INVALID_INPUT', `专业编码或名称不合法：${s.code}`, `invalid specialty code or name: ${s.code}`, { code: s.code });
      }
      if (s.parentCode && !(await trx('expert_specialties').where('code', s.parentCode).first('code'))) {
        throw notFound({ zh: '上级专业', en: 'parent specialty' }, s.parentCode, 'SPECIALTY_NOT_FOUND');
      }
      await trx('expert_specialties').insert({ code: s.code, parent_code: s.parentCode, name: s.name.trim() });
    }
  });
}

export interface ExpertEnrolment {
  expertCode: string;
  name: string;
  kind: ExpertKind;
  regionCode: string;
  mobile: string | null;
  title?: string | null;
  /** The first is the main specialty. */
  specialties: readonly string[];
  employer?: { creditCode: string; name: string } | null;
  status?: 'active' | 'retired';
}

async function subjectId(trx: Knex, party: { creditCode: string; name: string }): Promise<number> {
  if (!isValidCreditCode(party.creditCode)) {
    throw new BusinessError('INVALID_INPUT', `统一社会信用代码不合法：${party.creditCode}`, `not a valid unified social credit code: ${party.creditCode}`, { creditCode: party.creditCode });
  }
  await trx('subjects').insert({ credit_code: party.creditCode, name: party.name, kind: 'employer', created_at: new Date().toISOString() })
    .onConflict('credit_code').ignore();
  const row = await trx('subjects').where('credit_code', party.creditCode).first('id');
  return Number(row.id);
}

export async function enrolExpert(db: Db, e: ExpertEnrolment): Promise<number> {
  return db.transaction(async (trx) => {
    if (e.specialties.length === 0) throw new BusinessError('INVALID_INPUT', `专家 ${e.expertCode} 没有专业`, `expert ${e.expertCode} has no specialty`, { expertCode: e.expertCode });
    if (e.kind !== 'technical' && e.kind !== 'economic') throw new BusinessError('INVALID_INPUT', `专家类别不合法：${String(e.kind)}`, `invalid expert kind: ${String(e.kind)}`);
    if (e.mobile !== null && !/^1\d{10}$/.test(e.mobile)) throw new BusinessError('INVALID_INPUT', `手机号码不合法：${e.mobile}`, `invalid mobile number: ${e.mobile}`);
    const known = (await trx('expert_specialties').whereIn('code', [...e.specialties]).select('code')).map((r: { code: string }) => r.code);
    const missing = e.specialties.find((c) => !known.includes(c));
    if (missing) throw notFound({ zh: '专家专业', en: 'expert specialty' }, missing, 'SPECIALTY_NOT_FOUND');
    if (!(await trx('regions').where('code', e.regionCode).first('code'))) throw notFound({ zh: '行政区划', en: 'region' }, e.regionCode, 'REGION_NOT_FOUND');
    const employer = e.employer ? await subjectId(trx, e.employer) : null;
    const [row] = await trx('experts').insert({
      expert_code: e.expertCode, name: e.name, specialty_code: e.specialties[0], region_code: e.regionCode, employer_subject_id: employer,
      status: e.status ?? 'active', kind: e.kind, mobile: e.mobile, title: e.title ?? null,
    }).returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    await trx('expert_specialty_links').insert([...new Set(e.specialties)].map((code) => ({ expert_id: id, region_code: e.regionCode, specialty_code: code })));
    return id;
  });
}

async function expertId(trx: Knex, expertCode: string): Promise<number> {
  const row = await trx('experts').where('expert_code', expertCode).first('id');
  if (!row) throw notFound({ zh: '专家', en: 'expert' }, expertCode, 'EXPERT_NOT_FOUND');
  return Number(row.id);
}

export interface RelationDeclaration {
  expertCode: string;
  subjectCreditCode: string;
  relation: 'relative' | 'economic_tie' | 'former_employee' | 'other';
  description?: string;
  declaredAt: Date;
  validUntil?: Date | null;
}

export async function declareRelation(db: Db, r: RelationDeclaration): Promise<void> {
  await db.transaction(async (trx) => {
    const expert = await expertId(trx, r.expertCode);
    const subject = await trx('subjects').where('credit_code', r.subjectCreditCode).first('id');
    if (!subject) throw notFound({ zh: '市场主体', en: 'subject' }, r.subjectCreditCode, 'SUBJECT_NOT_FOUND');
    await trx('expert_avoidance_relations').insert({
      expert_id: expert, subject_id: subject.id, relation: r.relation, description: r.description ?? null,
      declared_at: r.declaredAt.toISOString(), valid_until: r.validUntil ? r.validUntil.toISOString() : null,
    });
  });
}

export interface ExpertSanction {
  expertCode: string;
  measure: 'suspension' | 'disqualification';
  reason: string;
  decidedByRegion: string;
  validFrom: Date;
  validUntil?: Date | null;
}

export async function sanctionExpert(db: Db, s: ExpertSanction): Promise<void> {
  await db.transaction(async (trx) => {
    const expert = await expertId(trx, s.expertCode);
    if (s.validUntil && s.validUntil <= s.validFrom) throw new BusinessError('INVALID_INPUT', '处罚截止时间须晚于开始时间', 'a sanction must end after it starts');
    await trx('expert_sanctions').insert({
      expert_id: expert, measure: s.measure, reason: s.reason, decided_by_region: s.decidedByRegion,
      valid_from: s.validFrom.toISOString(), valid_until: s.validUntil ? s.validUntil.toISOString() : null,
    });
  });
}

/** The cap for a region (or '*', the platform default): at most maxDraws invitations in windowDays days. */
export async function setDrawPolicy(db: Db, policy: { scope: string; maxDraws: number; windowDays: number }): Promise<void> {
  if (!Number.isInteger(policy.maxDraws) || policy.maxDraws < 1 || !Number.isInteger(policy.windowDays) || policy.windowDays < 1) {
    throw new BusinessError('INVALID_INPUT', '抽取频次上限与统计天数须为正整数', 'the draw cap and its window must be positive integers', policy);
  }
  await db('expert_draw_policies').insert({ scope: policy.scope, max_draws: policy.maxDraws, window_days: policy.windowDays })
    .onConflict('scope').merge();
}
