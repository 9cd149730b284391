// Maintaining the expert library (专家库): the specialty tree, enrolment of experts with their specialties and
// employer, declared avoidance relations, sanctions, and the draw-frequency policy. Each call is one transaction
// and refuses bad input with a typed error before writing.
import {
  Expert, ExpertAvoidanceRelation, ExpertDrawPolicy, ExpertSanction as ExpertSanctionRow, ExpertSpecialty, ExpertSpecialtyLink, Region, Subject,
  isValidCreditCode, type Db,
} from '@ggzy/db';
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
      if (s.parentCode && !(await ExpertSpecialty.query(trx).findById(s.parentCode).select('code'))) {
        throw notFound({ zh: '上级专业', en: 'parent specialty' }, s.parentCode, 'SPECIALTY_NOT_FOUND');
      }
      await ExpertSpecialty.query(trx).insert({ code: s.code, parent_code: s.parentCode, name: s.name.trim() });
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
  await Subject.query(trx).insert({ credit_code: party.creditCode, name: party.name, kind: 'employer', created_at: new Date().toISOString() })
    .onConflict('credit_code').ignore();
  const row = await Subject.query(trx).where('credit_code', party.creditCode).select('id').first();
  return Number(row!.id);
}

export async function enrolExpert(db: Db, e: ExpertEnrolment): Promise<number> {
  return db.transaction(async (trx) => {
    if (e.specialties.length === 0) throw new BusinessError('INVALID_INPUT', `专家 ${e.expertCode} 没有专业`, `expert ${e.expertCode} has no specialty`, { expertCode: e.expertCode });
    if (e.kind !== 'technical' && e.kind !== 'economic') throw new BusinessError('INVALID_INPUT', `专家类别不合法：${String(e.kind)}`, `invalid expert kind: ${String(e.kind)}`);
    if (e.mobile !== null && !/^1\d{10}$/.test(e.mobile)) throw new BusinessError('INVALID_INPUT', `手机号码不合法：${e.mobile}`, `invalid mobile number: ${e.mobile}`);
    const known = (await ExpertSpecialty.query(trx).whereIn('code', [...e.specialties]).select('code')).map((r) => r.code);
    const missing = e.specialties.find((c) => !known.includes(c));
    if (missing) throw notFound({ zh: '专家专业', en: 'expert specialty' }, missing, 'SPECIALTY_NOT_FOUND');
    if (!(await Region.query(trx).findById(e.regionCode).select('code'))) throw notFound({ zh: '行政区划', en: 'region' }, e.regionCode, 'REGION_NOT_FOUND');
    const employer = e.employer ? await subjectId(trx, e.employer) : null;
    const row = await Expert.query(trx).insert({
      expert_code: e.expertCode, name: e.name, specialty_code: e.specialties[0], region_code: e.regionCode, employer_subject_id: employer,
      status: e.status ?? 'active', kind: e.kind, mobile: e.mobile, title: e.title ?? null,
    });
    const id = Number(row.id);
    // an expert has a handful of specialties: one insert each (objection inserts arrays on PostgreSQL only)
    for (const code of new Set(e.specialties)) {
      await ExpertSpecialtyLink.query(trx).insert({ expert_id: id, region_code: e.regionCode, specialty_code: code });
    }
    return id;
  });
}

async function expertId(trx: Knex, expertCode: string): Promise<number> {
  const row = await Expert.query(trx).modify('byExpertCode', expertCode).select('id').first();
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
    const subject = await Subject.query(trx).where('credit_code', r.subjectCreditCode).select('id').first();
    if (!subject) throw notFound({ zh: '市场主体', en: 'subject' }, r.subjectCreditCode, 'SUBJECT_NOT_FOUND');
    await ExpertAvoidanceRelation.query(trx).insert({
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
    await ExpertSanctionRow.query(trx).insert({
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
  await ExpertDrawPolicy.query(db).insert({ scope: policy.scope, max_draws: policy.maxDraws, window_days: policy.windowDays })
    .onConflict('scope').merge();
}
