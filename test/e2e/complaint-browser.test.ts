// 投诉处理 from filing to decision, in a real browser, in the training sandbox, every step done in the portal by the
// person who does it: staff start a construction tender and schedule it, the agency publishes and issues the tender
// documents, a bidder registers and — finding the documents' qualification requirement unfair — files a complaint in
// its own name on its deal page; the supervisor finds it in the inbox, accepts it and suspends the deal (the staff's
// deal page and the bidder's complaint say so), investigates and dismisses it with a written decision; the deal runs
// again and the bidder reads the decision.
//
// The test reads the database and the api only to check what the pages say.
import type { Page } from 'playwright-core';
import { DEMO_BIDDERS } from '../support/party-deals';
import { pageErrors, screenshot } from './support/browser';
import { constructionReview, constructionStart } from './support/construction-tender';
import { item, minuteAfter } from './support/forms';
import { SandboxDeals, demoBidders } from './support/sandbox-deals';

jest.setTimeout(600_000);

const TITLE = '演练区滨湖公园景观提升工程';
const GROUNDS = '招标文件第三章要求投标人近三年具有两项合同额五千万元以上的同类园林工程业绩，与本项目规模和实际需要不相适应，以不合理条件排斥潜在投标人。请求责令修改招标文件。';
const DECISION = '经调查，招标文件业绩要求与项目规模相适应，不构成以不合理条件排斥潜在投标人，投诉缺乏事实依据，予以驳回。';
const [BIDDER] = demoBidders([{ price: '1', shown: '', fen: 1 }]);

describe('a bidder\'s complaint handled by the supervisor in the browser', () => {
  let stage: SandboxDeals;
  beforeAll(async () => { stage = await SandboxDeals.open('complaint'); });
  afterAll(async () => { await stage?.close(); });
  afterEach(async () => { await stage?.pictureTheEnd(); });

  test('投诉处理: filed by a bidder, accepted with the deal suspended, dismissed; the deal runs again', async () => {
    const db = stage.db;

    // ---- a running construction tender with its documents issued (the opening far away: nothing else happens)
    const s = await stage.staff('staff');
    const { workflowId, dealCode } = await stage.startDeal(s, 'construction_open_tender', constructionStart(TITLE, '园林景观施工', '12000000'));
    const openingAt = minuteAfter(30 * 60_000);
    await stage.staffTask(s, 'review', 'staff-review-form', constructionReview(TITLE, openingAt, openingAt + 120_000));
    const agency = await stage.signIn('agency-sfdl-sm2.pem');
    const documents = Buffer.from(`${TITLE} 招标文件（演练）\n投标人资格要求：近三年两项五千万元以上同类业绩\n`.repeat(100), 'utf8');
    await stage.issueDocuments(agency, dealCode, TITLE, documents, '200000');

    // ---- a bidder registers and files its complaint: the complainant is its own company, never typed
    const bidder = await stage.register(BIDDER!, TITLE, `${dealCode}-01`);
    const complaintForm = bidder.getByTestId('complaint-form');
    await complaintForm.scrollIntoViewIfNeeded();
    await bidder.getByTestId('complaint-grounds').fill(GROUNDS);
    await screenshot(bidder, 'bidder-complaint-form');
    await bidder.getByTestId('complaint-file').click();
    const mine = bidder.getByTestId('my-complaints');
    await mine.getByText(GROUNDS.slice(0, 20), { exact: false }).waitFor({ timeout: 60_000 });
    await screenshot(bidder, 'bidder-complaint-filed');

    // ---- the supervisor finds it in the inbox, accepts it and suspends the deal
    const supervisor = await stage.staff('supervisor');
    await supervisor.getByRole('link', { name: '待办' }).click();
    const row = supervisor.getByTestId('inbox').locator('tr', { hasText: '受理审查' });
    await row.waitFor({ timeout: 60_000 });
    await screenshot(supervisor, 'supervisor-inbox');
    await row.getByRole('link', { name: '受理审查' }).click();
    await stage.staffTask(supervisor, 'acceptReview', 'supervisor-accept', async (task) => {
      await item(task, '是否受理').getByText('受理', { exact: true }).click();
      await item(task, '受理后暂停交易活动').locator('button.ant-switch').click();
      await item(task, '理由').locator('textarea').fill('投诉人为本项目已报名的潜在投标人，投诉在法定期限内提出，事项属于监管职责范围，予以受理；调查期间暂停招标投标活动。');
    });

    // the deal is suspended: the staff's deal page and the bidder's complaint say so
    stage.current = s;
    await s.goto(`${stage.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
    await s.locator('[data-testid="lifecycle"][data-lifecycle="suspended"]').waitFor({ timeout: 60_000 });
    await screenshot(s, 'staff-deal-suspended');
    stage.current = bidder;
    await mine.getByText('交易活动已暂停').waitFor({ timeout: 60_000 });
    await screenshot(bidder, 'bidder-complaint-accepted');

    // ---- the supervisor investigates and dismisses it with a written decision
    await stage.staffTask(supervisor, 'decideReview', 'supervisor-decide', async (task) => {
      await item(task, '处理结论').getByText('驳回投诉', { exact: true }).click();
      await item(task, '处理决定书').locator('textarea').fill(DECISION);
    }, 120_000);
    await screenshot(supervisor, 'supervisor-decided');

    // the deal runs again, and the bidder reads the decision
    stage.current = s;
    await s.reload();
    await s.locator('[data-testid="lifecycle"][data-lifecycle="active"]').waitFor({ timeout: 60_000 });
    stage.current = bidder;
    await mine.getByText(DECISION.slice(0, 20), { exact: false }).waitFor({ timeout: 60_000 });
    await mine.getByText('投诉不成立', { exact: false }).waitFor();
    await screenshot(bidder, 'bidder-reads-decision');

    // what the pages said is what the platform holds
    const complaint = await db('complaints').where('deal_code', dealCode).first();
    expect(complaint).toMatchObject({ complainant_credit_code: DEMO_BIDDERS.dhjg.creditCode, status: 'decided', decision: 'dismissed' });
    expect(Boolean(complaint.deal_suspended)).toBe(true);
    const kinds = (await db('supervision_events').where('deal_code', dealCode).select('kind')).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['complaint.filed', 'complaint.accepted', 'directive.suspend', 'directive.resume', 'complaint.decided']));
    expect(await stage.completedBy(dealCode)).toMatchObject({ review: 'staff', acceptReview: 'supervisor', decideReview: 'supervisor' });
    for (const page of stage.pages as Page[]) expect(pageErrors(page)).toEqual([]);
    stage.current = null;
  });
});
