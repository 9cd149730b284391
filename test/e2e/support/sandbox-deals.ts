// The stage for the reference procedures run end to end in a real browser, in the training sandbox (演练区, one day to a
// second): a seeded platform with the demo parties, their certificates and the outside systems a deal talks to, and
// the steps every such deal shares, done in the portal by the person who does them — staff start a deal from the 发起交易
// dialog and complete their tasks; a party signs in with its certificate and does its own step; a bidder registers,
// pays its deposit, seals its bid and signs in at the opening hall, then decrypts its bid there.
//
// The tests read the database and the api only to check what the pages say. Three outside systems are played, as the
// demo driver plays them, through the platform's own callbacks: the bank notifies cash deposits (signed with its key),
// the guarantee issuer sells electronic guarantees (the bidder then gives one in the portal), and the SMS gateway
// reports the drawn experts' answers (signed with the gateway's secret).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { Region } from '@ggzy/db';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signCallback } from '@ggzy/api';
import { bankSignatureHeaders, ensureDemoPartners, startDemoIssuer, type RunningIssuer } from '@ggzy/api/demo-partners';
import { httpGuaranteeIssuers, loadTrustStore, seedDemoParties, seedDemoProcedures } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../../support/databases';
import { startPlatform, type RunningPlatform } from '../../support/platform';
import { DEMO_BASIC_ACCOUNTS, DEMO_BIDDERS } from '../../support/party-deals';
import { certificateSession, launchBrowser, loginSession, requireBuiltApps, screenshot } from './browser';
import { cstDay, item, pick, typeDate } from './forms';

export const SANDBOX = '990900';
const GATEWAY_SECRET = 'e2e-sandbox-gateway-secret-0123456789abcdef';

export interface Bidder { file: string; name: string; creditCode: string; account: string | null; price: string; shown: string; fen: number }

/** The three demo bidders (certificates of both CAs): two pay in cash from their basic accounts, one by guarantee. */
export function demoBidders(prices: ReadonlyArray<{ price: string; shown: string; fen: number }>): Bidder[] {
  const who = [
    { file: 'bidder-dhjg-sm2.pem', ...DEMO_BIDDERS.dhjg, account: DEMO_BASIC_ACCOUNTS.dhjg },
    { file: 'bidder-xslq-ecdsa.pem', ...DEMO_BIDDERS.xslq, account: DEMO_BASIC_ACCOUNTS.xslq },
    { file: 'bidder-sfzn-sm2.pem', ...DEMO_BIDDERS.sfzn, account: null /* by guarantee */ },
  ];
  return prices.map((p, i) => ({ ...who[i]!, ...p }));
}

export class SandboxDeals {
  readonly pages: Page[] = [];
  /** The page the test works on now: pictured when a test ends (failed or not). */
  current: Page | null = null;
  private readonly answered = new Set<number>();
  private payments = 0;

  private constructor(
    readonly database: TestDatabase, readonly platform: RunningPlatform, readonly browser: Browser,
    private readonly issuer: RunningIssuer, readonly dataDir: string, readonly partners: ReturnType<typeof ensureDemoPartners>,
  ) {}

  /**
   * A fresh platform whose sandbox runs one day to a second (statutory periods pass in seconds), a period never
   * shorter than half a minute (the decryption window, the experts' replies, the publicity).
   */
  static async open(tag: string): Promise<SandboxDeals> {
    requireBuiltApps();
    const database = await createSeededDatabase(createSqliteDatabase);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `ggzy-e2e-${tag}-`));
    await seedDemoProcedures(database.db, '990000');
    await seedDemoParties(database.db, dataDir);
    await Region.query(database.db).findById(SANDBOX).patch({ sandbox_day_seconds: 1, sandbox_shortest_seconds: 30 });
    const partners = ensureDemoPartners(dataDir);
    const issuer = await startDemoIssuer(partners);
    const platform = await startPlatform(database.db, {
      trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')), gatewaySecret: GATEWAY_SECRET,
      bankKeys: new Map([[partners.bank.id, partners.bank.key]]),
      guaranteeIssuers: httpGuaranteeIssuers([{ id: partners.issuer.id, name: partners.issuer.name, url: issuer.url, token: partners.issuer.token }]),
    });
    return new SandboxDeals(database, platform, await launchBrowser(), issuer, dataDir, partners);
  }

  get db() { return this.database.db; }
  get baseUrl() { return this.platform.baseUrl; }

  async close(): Promise<void> {
    for (const page of this.pages) await page.goto('about:blank').catch(() => undefined); // no poll left in flight
    await this.browser.close();
    await this.platform.stop();
    await this.issuer.close();
    await this.database.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async pictureTheEnd(): Promise<void> {
    if (this.current && !this.current.isClosed()) await screenshot(this.current, 'end-of-test').catch(() => undefined);
  }

  /** A member of the centre's staff (or a supervisor) signed in with a password, at the portal's home. */
  async staff(username: string): Promise<Page> {
    const { page } = await loginSession(this.browser, `${this.baseUrl}/`, username, DEMO_PASSWORD);
    this.pages.push(page);
    this.current = page;
    return page;
  }

  /** A party signed in with a demo key file, at its home page. */
  async signIn(file: string): Promise<Page> {
    const page = await certificateSession(this.browser, this.baseUrl, path.join(this.dataDir, 'pki', 'keys', file));
    this.pages.push(page);
    this.current = page;
    return page;
  }

  /** Staff start a deal of `procedure` in the sandbox from the 发起交易 dialog, its start form filled by `fill`. */
  async startDeal(page: Page, procedure: string | RegExp, fill: (form: Locator) => Promise<void>): Promise<{ workflowId: string; dealCode: string }> {
    this.current = page;
    await page.getByRole('link', { name: '交易' }).click();
    await page.getByTestId('start-deal').click();
    const dialog = page.locator('.ant-modal');
    await pick(dialog.locator('.ant-select').first(), null, procedure);
    await pick(dialog.getByTestId('start-region'), null, '示范省演练区');
    await dialog.getByText('在演练区发起', { exact: false }).waitFor();
    const form = dialog.getByTestId('start-form');
    await fill(form);
    await screenshot(page, 'staff-start-form');
    await form.getByRole('button', { name: /发起交易/ }).click();
    const refused = dialog.locator('.ant-alert-error');
    const outcome = await Promise.race([
      page.waitForURL(new RegExp(`/deals/deal-${SANDBOX}-`), { timeout: 60_000 }).then(() => 'started'),
      refused.waitFor({ timeout: 60_000 }).then(() => 'refused'),
    ]);
    if (outcome === 'refused') throw new Error(`the start was refused: ${await refused.innerText()}`);
    const workflowId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('sandbox-deal').waitFor();
    return { workflowId, dealCode: workflowId.replace(/^deal-/, '') };
  }

  /** A staff (or supervisor) task on the deal page open in `page`, filled by `fill` and completed; the reply says what comes next. */
  async staffTask(page: Page, nodeId: string, shot: string, fill: (task: Locator) => Promise<void>, timeout = 60_000): Promise<void> {
    this.current = page;
    const task = page.getByTestId(`task-${nodeId}`);
    await task.waitFor({ timeout });
    await fill(task);
    await screenshot(page, shot);
    await task.getByRole('button', { name: /提交办结/ }).click();
    const refused = task.locator('.ant-alert-error');
    const outcome = await Promise.race([
      task.waitFor({ state: 'detached', timeout: 120_000 }).then(() => 'done'),
      refused.waitFor({ timeout: 120_000 }).then(() => 'refused'),
    ]);
    if (outcome === 'refused') throw new Error(`${nodeId} was refused: ${await refused.innerText()}`);
    // the reply says what comes next (the next step, or that it is coming)
    await page.locator('.task-reply').getByText(/下一步|已办结/).last().waitFor({ timeout: 60_000 });
  }

  /** A party's own step on its deal page: the form filled by `fill`, completed; the reply says what comes next. */
  async partyStep(page: Page, dealCode: string, nodeId: string, shot: string, fill: (card: Locator) => Promise<void>): Promise<void> {
    this.current = page;
    await page.goto(`${this.baseUrl}/party/deals/${dealCode}`);
    const card = page.getByTestId(`party-task-${nodeId}`);
    await card.waitFor({ timeout: 120_000 });
    await fill(card);
    await screenshot(page, shot);
    await card.getByRole('button', { name: '提交办结' }).click();
    // the reply comes once the process has settled after the step (the award notices are made on the way): it says
    // what comes next
    const refused = card.locator('.ant-alert-error');
    const outcome = await Promise.race([
      page.locator('.task-reply').getByText('已办结', { exact: false }).waitFor({ timeout: 120_000 }).then(() => 'done'),
      refused.waitFor({ timeout: 120_000 }).then(() => 'refused'),
    ]);
    if (outcome === 'refused') throw new Error(`${nodeId} was refused: ${await refused.innerText()}`);
    await card.waitFor({ state: 'detached' });
    await screenshot(page, `${shot}-done`);
  }

  /** The agency publishes the tender documents with the deposit on its deal page, found from its inbox. */
  async publishDocuments(agency: Page, title: string, documents: Buffer, depositYuan: string): Promise<void> {
    this.current = agency;
    await agency.getByTestId('to-party-tasks').click();
    await agency.getByTestId('party-inbox').getByRole('link', { name: title }).waitFor({ timeout: 60_000 });
    await screenshot(agency, 'agency-inbox');
    await agency.getByTestId('party-inbox').getByRole('link', { name: title }).click();
    const publish = agency.getByTestId('publish-documents');
    await publish.locator('input[type="file"]').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documents });
    await publish.locator('.ant-input-number input').first().fill(depositYuan);
    await publish.getByRole('button', { name: /发布招标文件/ }).click();
    await agency.getByTestId('tender-documents').getByText('招标文件.pdf').waitFor();
  }

  /** The agency publishes the tender documents with the deposit, then issues them: its own step (发出招标文件). */
  async issueDocuments(agency: Page, dealCode: string, title: string, documents: Buffer, depositYuan: string): Promise<void> {
    await this.publishDocuments(agency, title, documents, depositYuan);
    await this.partyStep(agency, dealCode, 'issueDocuments', 'agency-issue-documents', async (card) => {
      await card.locator('input[type="file"]').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documents });
      await card.getByTestId('uploaded-file').getByText('招标文件.pdf').waitFor();
      await typeDate(item(card, '发出日期'), cstDay(Date.now()));
    });
  }

  /** A bidder finds the open deal and registers for its section (报名); answers its page. */
  async register(b: Bidder, title: string, sectionCode: string): Promise<Page> {
    const page = await this.signIn(b.file);
    await page.getByTestId('to-open-deals').click();
    await page.getByRole('link', { name: title }).click();
    await page.getByTestId('sandbox-deal').waitFor(); // marked as practice wherever it shows
    await page.getByTestId(`register-${sectionCode}`).click();
    await page.getByTestId(`bid-panel-${sectionCode}`).waitFor();
    return page;
  }

  /**
   * A registered bidder's deposit (cash through the bank, or an electronic guarantee bought from the issuer and given in
   * the portal), its sealed bid (price in 元, duration) and its sign-in at the opening hall.
   */
  async depositAndBid(page: Page, b: Bidder, dealCode: string, sectionCode: string, depositFen: number, durationDays: number, shot: string): Promise<void> {
    this.current = page;
    if (b.account) {
      await this.bankPays((await page.getByTestId(`deposit-account-${sectionCode}`).textContent())!, b, depositFen);
    } else {
      const guaranteeNo = await this.buyGuarantee(b, dealCode, sectionCode, depositFen);
      await page.getByTestId('party-sections').locator('.ant-select').click();
      await page.getByText(this.partners.issuer.name).click();
      await page.getByPlaceholder('保函编号').fill(guaranteeNo);
      await page.getByRole('button', { name: '提交电子保函' }).click();
      await page.getByTestId(`deposit-${sectionCode}`).getByText(guaranteeNo, { exact: false }).waitFor();
    }
    const panel = page.getByTestId(`bid-panel-${sectionCode}`);
    const amount = panel.locator('input.ant-input-number-input').nth(0);
    await amount.fill(b.price);
    await amount.blur();
    await panel.locator('input.ant-input-number-input').nth(1).fill(String(durationDays));
    await page.getByTestId('bid-commitments').fill('质量合格\n按期交付');
    await page.getByTestId('seal-and-submit').click();
    await page.getByTestId(`bid-receipt-${sectionCode}`).getByTestId('receipt-version').filter({ hasText: /^1$/ }).waitFor();
    await page.getByTestId('hall-sign-in').click();
    await page.getByTestId('my-sign-in').getByText('已签到', { exact: false }).waitFor();
    await screenshot(page, shot);
  }

  /** 不见面开标: at the deadline each bidder decrypts its own bid in the hall and sees it read out. */
  async decryptInTheHall(bidders: ReadonlyArray<{ page: Page; bidder: Bidder }>, openingAt: number): Promise<void> {
    for (const { page } of bidders) await page.getByTestId('hall-status').getByText('解密中').waitFor({ timeout: openingAt - Date.now() + 120_000 });
    await screenshot(bidders[0]!.page, 'hall-decryption-open');
    for (const { page, bidder } of bidders) {
      this.current = page;
      await page.getByTestId('decrypt').click();
      await page.getByTestId('my-decryption').getByText('已解密').waitFor();
      await page.getByTestId('read-out').getByText(bidder.name).waitFor();
    }
    await screenshot(bidders[bidders.length - 1]!.page, 'hall-read-out');
  }

  /** The agency, on its deal page, waits for the end of the opening and makes the opening record. */
  async openingRecord(agency: Page, dealCode: string, first: Bidder): Promise<void> {
    this.current = agency;
    await agency.goto(`${this.baseUrl}/party/deals/${dealCode}`);
    await agency.getByTestId('hall-status').getByText('开标结束').waitFor({ timeout: 180_000 });
    await agency.getByTestId('make-record').click();
    await agency.getByTestId('record-bids').getByText(first.shown).waitFor();
    await screenshot(agency, 'agency-opening-record');
  }

  /** The bank tells the platform of a cash deposit into the bidder's sub-account, signed with its key. */
  async bankPays(account: string, payer: Bidder, amountFen: number): Promise<void> {
    const body = JSON.stringify({ transactionId: `E2E-SANDBOX-${++this.payments}`, creditedAccount: account, payerAccount: payer.account, payerName: payer.name, amountFen, bookedAt: new Date().toISOString() });
    const res = await fetch(`${this.baseUrl}/api/bank/deposit-notifications`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...bankSignatureHeaders(this.partners.bank, body) } });
    expect(await res.json()).toMatchObject({ status: 'accepted' });
  }

  /** The guarantee issuer sells the bidder an electronic guarantee (outside the platform); answers its number. */
  async buyGuarantee(b: Bidder, dealCode: string, sectionCode: string, amountFen: number): Promise<string> {
    const validUntil = new Date(Date.now() + 120 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await fetch(`${this.issuer.url}/guarantees`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ applicantCreditCode: b.creditCode, dealCode, sectionCode, amountFen, validUntil }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { guaranteeNo: string }).guaranteeNo;
  }

  /** The SMS gateway reports every invited expert's "yes" as the experts answer the invitations; answers how many said yes. */
  async expertsConfirm(dealCode: string): Promise<number> {
    const invited = await this.db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
      .join('expert_draws as x', 'x.id', 'm.draw_id').join('deals as d', 'd.id', 'x.deal_id')
      .where({ 'd.deal_code': dealCode, 'm.status': 'invited', 'n.channel': 'sms' }).select('n.id');
    for (const n of invited.filter((row: { id: number }) => !this.answered.has(Number(row.id)))) {
      this.answered.add(Number(n.id));
      const body = JSON.stringify({ notificationId: Number(n.id), answer: 'confirm', receivedAt: new Date().toISOString() });
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(`${this.baseUrl}/api/gateway/expert-answers`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signCallback(GATEWAY_SECRET, timestamp, body) },
      });
      expect(res.status).toBe(200);
    }
    return this.answered.size;
  }

  /** Who completed each task of the deal, by node: the party's name, or the username of whoever signed in with a password. */
  async completedBy(dealCode: string): Promise<Record<string, string>> {
    const completions = await this.db('supervision_events').where({ deal_code: dealCode, kind: 'task.completed' }).select('actor', 'payload');
    return Object.fromEntries(completions.map((c: { actor: string; payload: string }) => {
      const p = JSON.parse(c.payload) as { nodeId: string; party?: { subjectName: string } };
      return [p.nodeId, p.party?.subjectName ?? c.actor];
    }));
  }
}
