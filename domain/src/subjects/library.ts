// Reading the subject library (主体信息库): the picker's search and a subject's whole profile — people (masked),
// licences, qualifications and performance with their validity at a given day, credit records, sanctions, certificates.
import type { Knex } from 'knex';
import {
  CaCertificate, CreditRecord, CreditSanction, PersonRegistration, Subject, SubjectLicence, SubjectPerformance, SubjectPerson,
  SubjectQualification, SubjectReview,
} from '@ggzy/db';
import { notFound } from '../step';

export interface SubjectSummary {
  creditCode: string; name: string; kind: string; regionCode: string | null; reviewStatus: string; sanctioned: boolean;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Subjects by part of their name or the start of their credit code (the pickers' search), sanctioned ones marked. */
export async function searchSubjects(db: Knex, query: { q?: string; kind?: string; limit: number; now: Date }): Promise<SubjectSummary[]> {
  const builder = Subject.query(db).orderBy('name').orderBy('id').limit(query.limit)
    .select('id', 'credit_code', 'name', 'kind', 'region_code', 'review_status');
  const q = query.q?.trim();
  if (q) {
    const code = q.toUpperCase().replace(/[^0-9A-Z]/g, '');
    builder.where((w) => {
      w.whereRaw("name like ? escape '\\'", [like(q)]);
      if (code.length > 0) w.orWhere('credit_code', 'like', `${code}%`);
    });
  }
  if (query.kind) builder.where('kind', query.kind);
  const rows = await builder;
  const barred = new Set((await CreditSanction.query(db).whereIn('subject_id', rows.map((r) => r.id)).whereNull('revoked_at')
    .where('valid_from', '<=', query.now.toISOString())
    .where((w) => w.whereNull('valid_until').orWhere('valid_until', '>', query.now.toISOString()))
    .whereIn('measure', ['bar_from_bidding', 'blacklist']).select('subject_id')).map((s) => Number(s.subject_id)));
  return rows.map((r) => ({
    creditCode: r.credit_code, name: r.name, kind: r.kind, regionCode: r.region_code, reviewStatus: r.review_status, sanctioned: barred.has(Number(r.id)),
  }));
}

const validOn = (day: string, from: string | null, until: string | null) => (!from || from <= day) && (!until || until >= day);

export async function subjectProfile(db: Knex, creditCode: string, now: Date) {
  const subject = await Subject.query(db).modify('byCreditCode', creditCode).first();
  if (!subject) throw notFound({ zh: '主体', en: 'subject' }, creditCode, 'SUBJECT_NOT_FOUND');
  const id = subject.id;
  const today = now.toISOString().slice(0, 10);
  const at = now.toISOString();
  const [people, licences, qualifications, performances, records, sanctions, certificates, pending] = await Promise.all([
    SubjectPerson.query(db).where('subject_id', id).orderBy('id'),
    SubjectLicence.query(db).where('subject_id', id).orderBy('id'),
    SubjectQualification.query(db).where('subject_id', id).orderBy('id'),
    SubjectPerformance.query(db).where('subject_id', id).orderBy('completed_on', 'desc').orderBy('id'),
    CreditRecord.query(db).where('subject_id', id).orderBy('valid_from', 'desc').orderBy('id'),
    CreditSanction.query(db).where('subject_id', id).orderBy('valid_from', 'desc').orderBy('id'),
    CaCertificate.query(db).where('subject_id', id).orderBy('id'),
    SubjectReview.query(db).where({ subject_id: id, status: 'pending' }).select('id').first(),
  ]);
  const registrations = people.length === 0 ? [] : await PersonRegistration.query(db).whereIn('person_id', people.map((p) => p.id)).orderBy('id');
  return {
    creditCode: subject.credit_code, name: subject.name, kind: subject.kind, regionCode: subject.region_code, reviewStatus: subject.review_status,
    legalRepresentative: subject.legal_representative, address: subject.address, establishedOn: subject.established_on,
    registeredCapitalFen: subject.registered_capital_fen, source: subject.source, pendingReviewId: pending ? pending.id : null,
    // the basic account is needed to check deposits, not to read: only its last four digits are shown
    basicAccountLast4: subject.basic_account ? subject.basic_account.slice(-4) : null,
    people: people.map((p) => ({
      id: p.id, name: p.name, role: p.role, idNumberMasked: p.id_number_masked, mobileMasked: p.mobile_masked, status: p.status,
      registrations: registrations.filter((r) => Number(r.person_id) === p.id).map((r) => ({
        kind: r.kind, specialty: r.specialty, grade: r.grade, registrationNo: r.registration_no, validUntil: r.valid_until,
        valid: r.status === 'valid' && validOn(today, null, r.valid_until),
      })),
    })),
    licences: licences.map((l) => ({
      kind: l.kind, licenceNo: l.licence_no, issuedBy: l.issued_by, validFrom: l.valid_from, validUntil: l.valid_until, evidenceSha256: l.evidence_sha256,
      source: l.source, valid: l.status === 'valid' && validOn(today, l.valid_from, l.valid_until),
    })),
    qualifications: qualifications.map((q) => ({
      kind: q.kind, grade: q.grade, certificateNo: q.certificate_no, issuedBy: q.issued_by, validFrom: q.valid_from, validUntil: q.valid_until,
      evidenceSha256: q.evidence_sha256, source: q.source, valid: q.status === 'valid' && validOn(today, q.valid_from, q.valid_until),
    })),
    performances: performances.map((p) => ({
      projectName: p.project_name, clientName: p.client_name, contractAmountFen: p.contract_amount_fen, startedOn: p.started_on, completedOn: p.completed_on,
      evidenceSha256: p.evidence_sha256, dealCode: p.deal_code, verified: p.verified_at !== null, verifiedAt: p.verified_at, verifiedBy: p.verified_by, source: p.source,
    })),
    credit: {
      records: records.map((r) => ({ kind: r.kind, description: r.description, sourceRegionCode: r.source_region_code, validFrom: r.valid_from, validUntil: r.valid_until, source: r.source })),
      sanctions: sanctions.map((s) => ({
        measure: s.measure, reason: s.reason, legalBasis: s.legal_basis, decidedByRegion: s.decided_by_region, validFrom: s.valid_from,
        validUntil: s.valid_until, revokedAt: s.revoked_at, source: s.source,
        active: s.revoked_at === null && s.valid_from <= at && (s.valid_until === null || s.valid_until > at),
      })),
    },
    certificates: certificates.map((c) => ({
      caId: c.ca_id, issuer: c.issuer_dn, subject: c.subject_dn, serialNumber: c.serial_number, keyAlgorithm: c.key_algorithm,
      validFrom: c.valid_from, validUntil: c.valid_until, revoked: c.revoked_at !== null, status: c.status, personId: c.person_id,
    })),
  };
}

export type SubjectProfile = Awaited<ReturnType<typeof subjectProfile>>;
