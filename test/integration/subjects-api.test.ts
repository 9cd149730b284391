// The subject library through the api: applications reviewed by another member of staff, profiles without identity
// numbers, registry batches uploaded by the administrator, and errors with field paths.
import { withCheckCharacter } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

const COMPANY = withCheckCharacter('91990100MA9000001');
const ID_NUMBER = '11010519800101123X'.slice(0, 17);

/** A resident identity card number with its MOD 11-2 check character. */
function withIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[weights.reduce((s, w, i) => s + w * Number(first17[i]), 0) % 11];
}
const MANAGER = withIdCheck(ID_NUMBER);

describe.each(DATABASES)('the subject library api on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const as = (user: string, method: string, path: string, body?: unknown) => call(platform.baseUrl, method, path, { token: tokens[user], body });

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db, { withWorker: false });
    for (const user of ['staff', 'staff2', 'supervisor', 'designer', 'admin', 'auditor']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('apply, refuse to review one\'s own, review by another, read the profile — no identity number in any answer', async () => {
    const body = {
      creditCode: COMPANY,
      changes: {
        subject: { name: '西山路桥集团有限公司', kind: 'bidder', legalRepresentative: '王路' },
        people: [{ name: '赵经理', role: 'project_manager', idNumber: MANAGER, mobile: '13800001111' }],
        qualifications: [{ kind: '公路工程施工总承包', grade: '一级', certificateNo: 'D144000009', validUntil: '2029-12-31' }],
        registrations: [{ personIdNumber: MANAGER, kind: 'constructor', specialty: '公路工程', grade: '一级', registrationNo: '鄂1422011300009' }],
      },
    };
    const filed = await as('staff', 'POST', '/api/subject-applications', body);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', creditCode: COMPANY, submittedBy: 'staff' });
    expect((await as('staff', 'POST', '/api/subject-applications', body)).body.error.code).toBe('REVIEW_PENDING');

    const pending = await as('staff2', 'GET', '/api/subject-reviews?status=pending');
    expect(pending.body.reviews.map((r: { id: number }) => r.id)).toContain(filed.body.id);
    const own = await as('staff', 'POST', `/api/subject-reviews/${filed.body.id}/decision`, { decision: 'approve' });
    expect([own.status, own.body.error.code]).toEqual([403, 'REVIEW_OWN_APPLICATION']);
    const noReason = await as('staff2', 'POST', `/api/subject-reviews/${filed.body.id}/decision`, { decision: 'reject' });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const approved = await as('staff2', 'POST', `/api/subject-reviews/${filed.body.id}/decision`, { decision: 'approve', comment: '材料齐全' });
    expect(approved.status).toBe(200);
    expect(approved.body.applied).toHaveLength(4);

    const profile = await as('supervisor', 'GET', `/api/subjects/${COMPANY}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ name: '西山路桥集团有限公司', reviewStatus: 'approved', qualifications: [{ kind: '公路工程施工总承包', grade: '一级', valid: true }] });
    expect(profile.body.people[0].registrations[0]).toMatchObject({ registrationNo: '鄂1422011300009', valid: true });
    for (const answer of [filed, pending, approved, profile]) {
      expect(JSON.stringify(answer.body)).not.toContain(MANAGER);
      expect(JSON.stringify(answer.body)).not.toContain('13800001111');
    }
    const found = await as('staff', 'GET', `/api/subjects?q=${encodeURIComponent('路桥')}`);
    expect(found.body.subjects).toEqual([expect.objectContaining({ creditCode: COMPANY, sanctioned: false })]);
    expect((await as('designer', 'GET', `/api/subjects/${COMPANY}`)).status).toBe(403);
    expect((await as('staff', 'GET', `/api/subjects/${withCheckCharacter('91990100MA9000099')}`)).status).toBe(404);
  });

  test('bad applications are refused with the path of each bad field, and nothing is filed', async () => {
    const before = await database.db('subject_reviews').count({ n: '*' }).first();
    const bad = await as('staff', 'POST', '/api/subject-applications', {
      creditCode: '91990100MA90000010',
      changes: { subject: { name: '' }, people: [{ name: '钱', role: 'project_manager', idNumber: '110105198001011230' }], performances: [{ projectName: 'x', contractAmountFen: 1.5 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.creditCode', 'body.changes.subject.name', 'body.changes.people.0.idNumber', 'body.changes.performances.0.contractAmountFen']));
    expect(await database.db('subject_reviews').count({ n: '*' }).first()).toEqual(before);
  });

  test('the administrator uploads a registry batch: a report, the same batch again answers it, other content under its id is refused', async () => {
    const batch = {
      format: 'ggzy-registry/1', feed: 'credit', batchId: 'xy-api-1', source: '信用中国（示范省）', generatedAt: '2026-05-11T08:00:00+08:00',
      records: [
        { creditCode: withCheckCharacter('91990100MA9000002'), name: '失信示范有限公司', sanctions: [{ externalId: 'S-1', measure: 'bar_from_bidding', reason: '串通投标', legalBasis: '招标投标法实施条例 第六十七条', decidedByRegion: '990100', validFrom: '2026-01-01T00:00:00+08:00' }] },
        { creditCode: 'not-a-code' },
      ],
    };
    const first = await as('admin', 'POST', '/api/registry-imports', batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ records: 2, applied: 1, created: { subject: 1, sanction: 1 }, refused: [{ index: 1, code: 'INVALID_RECORD' }], replayed: false });
    const again = await as('admin', 'POST', '/api/registry-imports', batch);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const conflict = await as('admin', 'POST', '/api/registry-imports', { ...batch, records: batch.records.slice(0, 1) });
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'REGISTRY_BATCH_CONFLICT']);
    expect((await as('staff', 'POST', '/api/registry-imports', batch)).status).toBe(403);
    const listed = await as('auditor', 'GET', '/api/registry-imports');
    expect(listed.body.imports[0]).toMatchObject({ feed: 'credit', batchId: 'xy-api-1', applied: 1 });
    const sanctioned = await as('staff', 'GET', `/api/subjects?q=${encodeURIComponent('失信示范')}`);
    expect(sanctioned.body.subjects).toEqual([expect.objectContaining({ sanctioned: true })]);
  });
});
