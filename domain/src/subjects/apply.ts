// Applies a kept change set to the subject library inside the caller's transaction and says exactly what changed:
// the review queue (主体审核) and the registry feeds both write through here.
import type { Knex } from 'knex';
import type { ModelClass, PartialModelObject } from 'objection';
import { PersonRegistration, type BaseModel, Subject, SubjectLicence, SubjectPerformance, SubjectPerson, SubjectQualification } from '@ggzy/db';
import { BusinessError } from '../step';
import type { KeptChanges } from './schemas';

export type ChangeSource = 'application' | 'registry';

/** One line of what an application or a feed changed: what, which one, and each field from → to. */
export interface LibraryChange {
  entity: 'subject' | 'person' | 'licence' | 'qualification' | 'performance' | 'registration' | 'credit_record' | 'sanction';
  action: 'created' | 'updated';
  key: string;
  fields?: Record<string, { from: unknown; to: unknown }>;
}

const SUBJECT_COLUMNS = {
  name: 'name', kind: 'kind', legalRepresentative: 'legal_representative', address: 'address', establishedOn: 'established_on',
  registeredCapitalFen: 'registered_capital_fen', basicAccount: 'basic_account', regionCode: 'region_code',
} as const;

/** The fields of `next` that differ from `row`, as {column: {from, to}} (absent values in `next` change nothing). */
function differences(row: Record<string, unknown>, next: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [column, value] of Object.entries(next)) {
    if (value === undefined) continue;
    const current = row[column] ?? null;
    const same = typeof value === 'number' ? Number(current) === value : String(current ?? '') === String(value ?? '');
    if (!same) out[column] = { from: current, to: value };
  }
  return out;
}

const patchOf = (diff: Record<string, { to: unknown }>) => Object.fromEntries(Object.entries(diff).map(([c, v]) => [c, v.to]));

/** Upserts one child row by its natural key and reports the change (or nothing when it already says the same). */
async function upsertChild<T extends BaseModel & { id: number }>(
  model: ModelClass<T>, trx: Knex, entity: LibraryChange['entity'], key: string,
  existing: T | undefined, values: Record<string, unknown>, insert: Record<string, unknown>, changes: LibraryChange[],
): Promise<number> {
  if (!existing) {
    const row = await model.query(trx).insert({ ...insert, ...values } as PartialModelObject<T>) as unknown as T;
    changes.push({ entity, action: 'created', key });
    return Number(row.id);
  }
  const diff = differences(existing as unknown as Record<string, unknown>, values);
  if (Object.keys(diff).length > 0) {
    await model.query(trx).findById(existing.id).patch(patchOf(diff) as PartialModelObject<T>);
    changes.push({ entity, action: 'updated', key, fields: diff });
  }
  return existing.id;
}

export async function applySubjectChanges(trx: Knex, subjectId: number, changes: KeptChanges, options: { source: ChangeSource; now: Date }): Promise<LibraryChange[]> {
  const out: LibraryChange[] = [];
  const subject = (await Subject.query(trx).findById(subjectId))!;
  const at = options.now.toISOString();

  const fields = Object.fromEntries(Object.entries(changes.subject).map(([k, v]) => [SUBJECT_COLUMNS[k as keyof typeof SUBJECT_COLUMNS], v]));
  const subjectDiff = differences(subject as unknown as Record<string, unknown>, fields);
  if (Object.keys(subjectDiff).length > 0) {
    await Subject.query(trx).findById(subjectId).patch({ ...patchOf(subjectDiff), updated_at: at });
    out.push({ entity: 'subject', action: 'updated', key: subject.credit_code, fields: subjectDiff });
  }

  const people = await SubjectPerson.query(trx).where('subject_id', subjectId);
  for (const p of changes.people) {
    const existing = p.idNumberSha256 ? people.find((r) => r.id_number_sha256 === p.idNumberSha256) : people.find((r) => r.name === p.name && r.role === p.role);
    const id = await upsertChild(SubjectPerson, trx, 'person', p.idNumberMasked ? `${p.name} ${p.idNumberMasked}` : p.name, existing,
      { name: p.name, role: p.role, mobile_masked: p.mobileMasked ?? existing?.mobile_masked ?? null },
      { subject_id: subjectId, id_number_masked: p.idNumberMasked, id_number_sha256: p.idNumberSha256, status: 'active', created_at: at }, out);
    if (!existing) people.push((await SubjectPerson.query(trx).findById(id))!);
  }

  for (const l of changes.licences) {
    const existing = await SubjectLicence.query(trx).where('licence_no', l.licenceNo).first();
    if (existing && Number(existing.subject_id) !== subjectId) {
      throw new BusinessError('LICENCE_OF_ANOTHER_SUBJECT', `证照编号 ${l.licenceNo} 已登记在其他主体名下`, `licence ${l.licenceNo} is registered to another subject`, { licenceNo: l.licenceNo });
    }
    await upsertChild(SubjectLicence, trx, 'licence', `${l.kind} ${l.licenceNo}`, existing,
      { kind: l.kind, issued_by: l.issuedBy, valid_from: l.validFrom, valid_until: l.validUntil, evidence_sha256: l.evidenceSha256, source: options.source },
      { subject_id: subjectId, licence_no: l.licenceNo, grade: '-', status: 'valid' }, out);
  }

  for (const q of changes.qualifications) {
    const existing = await SubjectQualification.query(trx).where({ subject_id: subjectId, kind: q.kind, certificate_no: q.certificateNo }).first();
    await upsertChild(SubjectQualification, trx, 'qualification', `${q.kind} ${q.certificateNo}`, existing,
      { grade: q.grade, issued_by: q.issuedBy, valid_from: q.validFrom, valid_until: q.validUntil, evidence_sha256: q.evidenceSha256, source: options.source },
      { subject_id: subjectId, kind: q.kind, certificate_no: q.certificateNo, status: 'valid' }, out);
  }

  for (const p of changes.performances) {
    const existing = await SubjectPerformance.query(trx).where({ subject_id: subjectId, project_name: p.projectName }).first();
    await upsertChild(SubjectPerformance, trx, 'performance', p.projectName, existing,
      { client_name: p.clientName, contract_amount_fen: p.contractAmountFen, started_on: p.startedOn, completed_on: p.completedOn, evidence_sha256: p.evidenceSha256 },
      { subject_id: subjectId, project_name: p.projectName, source: options.source }, out);
  }

  for (const r of changes.registrations) {
    const person = people.find((p) => p.id_number_sha256 === r.personIdNumberSha256);
    if (!person) {
      throw new BusinessError('PERSON_NOT_FOUND', `注册人员（身份证号 ${r.personIdNumberMasked}）不是该主体的人员`, `the registered person (${r.personIdNumberMasked}) is not a person of this subject`, { registrationNo: r.registrationNo });
    }
    const existing = await PersonRegistration.query(trx).where('registration_no', r.registrationNo).first();
    if (existing && Number(existing.person_id) !== person.id) {
      throw new BusinessError('REGISTRATION_OF_ANOTHER_PERSON', `注册编号 ${r.registrationNo} 已登记在其他人员名下`, `registration ${r.registrationNo} belongs to another person`, { registrationNo: r.registrationNo });
    }
    await upsertChild(PersonRegistration, trx, 'registration', r.registrationNo, existing,
      { kind: r.kind, specialty: r.specialty, grade: r.grade, valid_until: r.validUntil, source: options.source },
      { person_id: person.id, registration_no: r.registrationNo, status: 'valid' }, out);
  }
  return out;
}
