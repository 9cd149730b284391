import { withCheckCharacter } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { dumpDatabase } from '../../../test/support/activities';
import { BusinessError } from '../step';
import { activeSanction } from '../credit/sanctions';
import { verifyTrail } from '../supervision';
import { decideReview, importRegistryBatch, isValidIdNumber, listReviews, searchSubjects, subjectProfile, submitSubjectApplication, REGISTRY_FORMAT } from '.';

const NOW = new Date('2026-05-11T02:00:00.000Z');
const COMPANY = withCheckCharacter('91990100MA7000001');
const OTHER = withCheckCharacter('91990100MA7000002');
const CLERK = { name: 'staff', regionCode: '990100' };
const REVIEWER = { name: 'staff-reviewer', regionCode: '990100' };

/** A valid resident identity card number (with its MOD 11-2 check character) ending in the given digits. */
function idNumber(seq: number): string {
  const first17 = `11010519800101${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[weights.reduce((s, w, i) => s + w * Number(first17[i]), 0) % 11];
}
const MANAGER_ID = idNumber(123);

const application = {
  subject: { name: '东湖第七建设工程有限公司', kind: 'bidder' as const, legalRepresentative: '张建国', establishedOn: '2009-04-01', registeredCapitalFen: 5_000_000_000 },
  people: [
    { name: '张建国', role: 'legal_representative' as const },
    { name: '李项目', role: 'project_manager' as const, idNumber: MANAGER_ID, mobile: '13912345678' },
  ],
  licences: [{ kind: '营业执照', licenceNo: 'YYZZ-7000001', issuedBy: '东湖市市场监督管理局', validFrom: '2009-04-01' }],
  qualifications: [
    { kind: '建筑工程施工总承包', grade: '一级', certificateNo: 'D199000001', validUntil: '2028-12-31' },
    { kind: '市政公用工程施工总承包', grade: '二级', certificateNo: 'D299000001', validUntil: '2026-01-31' },
  ],
  performances: [{ projectName: '西山市第三中学教学楼', clientName: '西山市教育局', contractAmountFen: 120_000_000_00, completedOn: '2024-06-30', evidenceSha256: 'AB'.repeat(32) }],
  registrations: [{ personIdNumber: MANAGER_ID, kind: 'constructor' as const, specialty: '建筑工程', grade: '一级' as const, registrationNo: '鄂1422009200001', validUntil: '2027-06-30' }],
};

async function refusalOf(promise: Promise<unknown>): Promise<BusinessError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BusinessError);
  return err as BusinessError;
}

const batch = (feed: string, batchId: string, records: unknown[]) => ({ format: REGISTRY_FORMAT, feed, batchId, source: '示范省企业信用信息公示系统', generatedAt: '2026-05-11T08:00:00+08:00', records });

test('identity card numbers are checked by their MOD 11-2 character', () => {
  expect(isValidIdNumber(MANAGER_ID)).toBe(true);
  expect(isValidIdNumber(MANAGER_ID.slice(0, 17) + (MANAGER_ID[17] === '0' ? '1' : '0'))).toBe(false);
  expect(isValidIdNumber('11010519800101123')).toBe(false);
});

describe.each(DATABASES)('the subject library on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  test('an application for a new subject waits, pending; approved by another member of staff it is applied and on the trail', async () => {
    const review = await submitSubjectApplication(database.db, { creditCode: COMPANY, changes: application, actor: CLERK, now: NOW });
    expect(review).toMatchObject({ creditCode: COMPANY, status: 'pending', submittedBy: 'staff' });
    expect((await subjectProfile(database.db, COMPANY, NOW))).toMatchObject({ reviewStatus: 'pending', people: [], qualifications: [], pendingReviewId: review.id });
    // the identity card number and the mobile are kept only masked (and digested) — in the review, the trail, anywhere
    const dump = JSON.stringify(await dumpDatabase(database.db));
    expect(dump).not.toContain(MANAGER_ID);
    expect(dump).not.toContain('13912345678');
    expect(review.changes.people[1]).toMatchObject({ idNumberMasked: `${MANAGER_ID.slice(0, 6)}********${MANAGER_ID.slice(-4)}`, mobileMasked: '139****5678' });

    expect((await refusalOf(decideReview(database.db, { reviewId: review.id, decision: 'approve', actor: CLERK, now: NOW }))).code).toBe('REVIEW_OWN_APPLICATION');
    const decided = await decideReview(database.db, { reviewId: review.id, decision: 'approve', actor: REVIEWER, now: NOW });
    expect(decided.status).toBe('approved');
    expect(decided.applied.map((c) => `${c.entity}:${c.action}`).sort()).toEqual([
      'licence:created', 'performance:created', 'person:created', 'person:created', 'qualification:created', 'qualification:created', 'registration:created', 'subject:updated',
    ]);

    const profile = await subjectProfile(database.db, COMPANY, NOW);
    expect(profile).toMatchObject({ name: '东湖第七建设工程有限公司', reviewStatus: 'approved', legalRepresentative: '张建国', registeredCapitalFen: 5_000_000_000, pendingReviewId: null });
    expect(profile.qualifications.map((q) => [q.kind, q.grade, q.valid])).toEqual([['建筑工程施工总承包', '一级', true], ['市政公用工程施工总承包', '二级', false]]);
    expect(profile.people.find((p) => p.role === 'project_manager')!.registrations).toEqual([
      expect.objectContaining({ registrationNo: '鄂1422009200001', kind: 'constructor', valid: true }),
    ]);
    expect(profile.performances[0]).toMatchObject({ contractAmountFen: 120_000_000_00, verified: false, evidenceSha256: 'ab'.repeat(32) });

    const events = await database.db('supervision_events').where('chain_key', `subject:${COMPANY}`).orderBy('seq');
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['subject.application_submitted', 'subject.application_approved']);
    expect(JSON.parse(events[1].payload).applied).toHaveLength(8);
    expect((await verifyTrail(database.db, null)).ok).toBe(true);
    expect((await refusalOf(decideReview(database.db, { reviewId: review.id, decision: 'reject', comment: '重复', actor: REVIEWER, now: NOW }))).code).toBe('REVIEW_CLOSED');
  });

  test('a change to an approved subject says field by field what it changes; one application at a time; a rejection needs its reason', async () => {
    const first = await submitSubjectApplication(database.db, { creditCode: COMPANY, changes: application, actor: CLERK, now: NOW });
    await decideReview(database.db, { reviewId: first.id, decision: 'approve', actor: REVIEWER, now: NOW });
    const change = await submitSubjectApplication(database.db, {
      creditCode: COMPANY, actor: CLERK, now: NOW,
      changes: { subject: { address: '东湖市滨江大道 1 号', registeredCapitalFen: 6_000_000_000 }, qualifications: [{ kind: '建筑工程施工总承包', grade: '特级', certificateNo: 'D199000001', validUntil: '2030-12-31' }] },
    });
    expect((await refusalOf(submitSubjectApplication(database.db, { creditCode: COMPANY, changes: {}, actor: CLERK, now: NOW }))).code).toBe('REVIEW_PENDING');
    expect((await refusalOf(decideReview(database.db, { reviewId: change.id, decision: 'reject', actor: REVIEWER, now: NOW }))).code).toBe('REVIEW_REASON_REQUIRED');
    const decided = await decideReview(database.db, { reviewId: change.id, decision: 'approve', actor: REVIEWER, now: NOW });
    expect(decided.applied).toEqual([
      { entity: 'subject', action: 'updated', key: COMPANY, fields: { address: { from: null, to: '东湖市滨江大道 1 号' }, registered_capital_fen: { from: 5_000_000_000, to: 6_000_000_000 } } },
      { entity: 'qualification', action: 'updated', key: '建筑工程施工总承包 D199000001', fields: { grade: { from: '一级', to: '特级' }, valid_until: { from: '2028-12-31', to: '2030-12-31' } } },
    ]);
    expect((await listReviews(database.db, { creditCode: COMPANY, limit: 10 })).map((r) => r.status)).toEqual(['approved', 'approved']);
  });

  test('an application that cannot be applied leaves the library and the review as they were', async () => {
    const other = await submitSubjectApplication(database.db, { creditCode: OTHER, changes: { subject: { name: '东湖第八建设有限公司', kind: 'bidder' }, licences: [{ kind: '营业执照', licenceNo: 'YYZZ-7000001' }] }, actor: CLERK, now: NOW });
    await decideReview(database.db, { reviewId: other.id, decision: 'approve', actor: REVIEWER, now: NOW });
    const review = await submitSubjectApplication(database.db, { creditCode: COMPANY, changes: application, actor: CLERK, now: NOW });
    const before = await dumpDatabase(database.db);
    const refused = await refusalOf(decideReview(database.db, { reviewId: review.id, decision: 'approve', actor: REVIEWER, now: NOW }));
    expect(refused.code).toBe('LICENCE_OF_ANOTHER_SUBJECT');
    expect(await dumpDatabase(database.db)).toEqual(before);
    expect((await refusalOf(submitSubjectApplication(database.db, { creditCode: withCheckCharacter('91990100MA7000009'), changes: { subject: {} }, actor: CLERK, now: NOW }))).code).toBe('SUBJECT_NAME_REQUIRED');
  });

  test('a registry batch is applied once, reports what changed, refuses bad records alone, and a sanction from the credit feed bars the subject', async () => {
    const business = batch('business', 'gs-20260511-001', [
      { creditCode: COMPANY, name: '东湖第七建设工程有限公司', legalRepresentative: '张建国', regionCode: '990100', licences: [{ kind: '营业执照', licenceNo: 'YYZZ-7000001' }] },
      { creditCode: '91990100MA70000010', name: '校验位错误的公司' },
      { creditCode: OTHER, name: '东湖第八建设有限公司', regionCode: '120000' },
    ]);
    const report = await importRegistryBatch(database.db, business, { now: NOW, actor: 'registry-feed' });
    expect(report).toMatchObject({ records: 3, applied: 1, created: { subject: 1, licence: 1 }, replayed: false });
    expect(report.refused.map((r) => [r.index, r.code])).toEqual([[1, 'INVALID_RECORD'], [2, 'REGION_UNKNOWN']]);
    expect(report.refused[0]!.message).toContain('creditCode');

    const before = await dumpDatabase(database.db);
    expect(await importRegistryBatch(database.db, business, { now: new Date(NOW.getTime() + 60_000), actor: 'registry-feed' })).toEqual({ ...report, replayed: true });
    expect(await dumpDatabase(database.db)).toEqual(before);
    const altered = { ...business, records: business.records.slice(0, 1) };
    expect((await refusalOf(importRegistryBatch(database.db, altered, { now: NOW, actor: 'registry-feed' }))).code).toBe('REGISTRY_BATCH_CONFLICT');
    expect(await dumpDatabase(database.db)).toEqual(before);
    expect((await refusalOf(importRegistryBatch(database.db, { ...business, format: 'other/1' }, { now: NOW, actor: 'registry-feed' }))).code).toBe('INVALID_BATCH');

    const sanction = { externalId: 'XY-2026-0042', measure: 'bar_from_bidding', reason: '串通投标', legalBasis: '招标投标法实施条例 第六十七条', decidedByRegion: '990200', validFrom: '2026-05-01T00:00:00+08:00' };
    const credit = await importRegistryBatch(database.db, batch('credit', 'xy-1', [{ creditCode: COMPANY, sanctions: [sanction], records: [{ externalId: 'R-1', kind: 'dishonest', description: '串通投标被处罚', sourceRegionCode: '990200', validFrom: '2026-05-01T00:00:00+08:00' }] }]), { now: NOW, actor: 'registry-feed' });
    expect(credit).toMatchObject({ applied: 1, created: { sanction: 1, credit_record: 1 }, refused: [] });
    expect(await activeSanction(database.db, COMPANY, NOW)).toMatchObject({ measure: 'bar_from_bidding', decided_by_region: '990200' });
    expect((await searchSubjects(database.db, { q: '第七', limit: 10, now: NOW })).map((s) => [s.creditCode, s.sanctioned])).toEqual([[COMPANY, true]]);
    // a later batch revokes it: the same record, by its register id, updated
    const revoked = await importRegistryBatch(database.db, batch('credit', 'xy-2', [{ creditCode: COMPANY, sanctions: [{ ...sanction, revokedAt: '2026-05-10T00:00:00+08:00' }] }]), { now: NOW, actor: 'registry-feed' });
    expect(revoked).toMatchObject({ updated: { sanction: 1 }, created: {} });
    expect(await activeSanction(database.db, COMPANY, NOW)).toBeNull();
    // a sanction for a subject never seen before creates it, so it is barred from the day it shows up
    const stranger = withCheckCharacter('91990200MA7000077');
    await importRegistryBatch(database.db, batch('credit', 'xy-3', [{ creditCode: stranger, name: '外地失信公司', sanctions: [{ ...sanction, externalId: 'XY-2026-0077' }] }]), { now: NOW, actor: 'registry-feed' });
    expect(await activeSanction(database.db, stranger, NOW)).not.toBeNull();

    const kinds = (await database.db('supervision_events').whereIn('kind', ['registry.imported', 'subject.registry_updated']).orderBy('seq')).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['subject.registry_updated', 'registry.imported', 'subject.registry_updated', 'registry.imported', 'subject.registry_updated', 'registry.imported', 'subject.registry_updated', 'registry.imported']);
    expect((await verifyTrail(database.db, null)).ok).toBe(true);
  });

  test('the picker finds subjects by part of the name or the start of the credit code; wildcards are literal', async () => {
    await importRegistryBatch(database.db, batch('business', 'gs-1', [
      { creditCode: COMPANY, name: '东湖第七建设工程有限公司' }, { creditCode: OTHER, name: '东湖100%建材有限公司', kind: 'supplier' },
    ]), { now: NOW, actor: 'registry-feed' });
    expect((await searchSubjects(database.db, { q: '建设', limit: 10, now: NOW })).map((s) => s.creditCode)).toEqual([COMPANY]);
    expect((await searchSubjects(database.db, { q: COMPANY.slice(0, 14).toLowerCase(), limit: 10, now: NOW })).map((s) => s.creditCode).sort()).toEqual([COMPANY, OTHER].sort());
    expect((await searchSubjects(database.db, { q: '100%', limit: 10, now: NOW })).map((s) => s.creditCode)).toEqual([OTHER]);
    expect((await searchSubjects(database.db, { q: '%', limit: 10, now: NOW })).map((s) => s.creditCode)).toEqual([OTHER]);
    expect((await searchSubjects(database.db, { kind: 'supplier', limit: 10, now: NOW })).map((s) => s.name)).toEqual(['东湖100%建材有限公司']);
  });
});
