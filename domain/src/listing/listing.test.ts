// 网上挂牌 on both databases: the terms a listing announces, its board opened and closed by the procedure's steps, and
// the bidders' own quotes — the increment, the holder of the highest waiting, the deposit, the period, retries, and
// quotes racing for the same step of which exactly one stands.
import { Subject, SubjectPerson, User, withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { PINNED_NOW, businessErrorOf, runTask } from '../../../test/support/activities';
import { BusinessError } from '../step';
import { CERTIFICATE_ONLY } from '../parties/sign-in';
import { receiveBankNotification, registerForSection, type PartyActor } from '../parties/online';
import { verifyTrail } from '../supervision/trail';
import { listingBoard, submitListingQuote } from '.';

const DAY = 86_400_000;
const at = (days: number, ms = 0) => new Date(PINNED_NOW.getTime() + days * DAY + ms);
const DEAL = '990100-2026-TD-00001';
const SECTION = `${DEAL}-01`;
const STARTS = at(21);
const ENDS = at(40);
const START_FEN = 8_000_000_000;
const STEP_FEN = 100_000_000;
const DEPOSIT_FEN = 150_000_000;
const GRANTOR = { creditCode: withCheckCharacter('11990100MB0002345'), name: '东湖市自然资源和规划局' };

async function partyActor(db: Db, n: number): Promise<PartyActor & { basicAccount: string }> {
  const creditCode = withCheckCharacter(`91990100MA4${String(n).padStart(6, '0')}`);
  const name = `挂牌竞买人${n}有限公司`;
  const basicAccount = `62229901000${String(n).padStart(5, '0')}`;
  const row = await Subject.query(db).insert({ credit_code: creditCode, name, kind: 'bidder', basic_account: basicAccount, created_at: PINNED_NOW.toISOString() });
  const p = await SubjectPerson.query(db).insert({ subject_id: row.id, name: `代表${n}`, role: 'authorized_agent', status: 'active', created_at: PINNED_NOW.toISOString() });
  const username = `lq-${creditCode.toLowerCase()}`;
  const user = await User.query(db).insert({ username, display_name: `代表${n}`, role: 'party', region_code: '990100', password_hash: CERTIFICATE_ONLY, is_demo: false, subject_id: row.id, person_id: p.id });
  return { userId: user.id, username, subjectId: Number(row.id), creditCode, subjectName: name, personId: Number(p.id), personName: `代表${n}`, basicAccount };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BusinessError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe.each(DATABASES)('online land listing on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  const bidders: Array<PartyActor & { basicAccount: string }> = [];
  const quote = (b: PartyActor, priceFen: number, requestId: string, now = at(25)) => submitListingQuote(db, { dealCode: DEAL, priceFen, requestId, actor: b, now });
  const step = (type: string, input: Record<string, unknown>, now: Date, key = `wf-land:${type}#1`) =>
    runTask(db, { type, nodeId: type, workflowId: 'wf-land', key, dealCode: DEAL, input }, { now: () => now });

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await step('registration.acceptDeal', {
      title: '东湖市DH2026-20号地块国有建设用地使用权挂牌出让', procedureKind: 'land-listing', estimateFen: START_FEN, tenderee: GRANTOR,
      sections: [{ name: 'DH2026-20号地块', estimateFen: START_FEN }], approvalReference: '东政土〔2026〕20号', fundingSource: 'other',
    }, PINNED_NOW);
    const terms = { sectionCode: SECTION, startingPriceFen: START_FEN, incrementFen: STEP_FEN, depositFen: DEPOSIT_FEN, listingStartsAt: STARTS.toISOString(), listingEndsAt: ENDS.toISOString() };
    await step('listing.announce', terms, PINNED_NOW);
    await step('notices.publish', { noticeType: 'land-listing', title: '挂牌出让公告', body: '宗地挂牌出让。', listingStartsAt: STARTS.toISOString(), listingEndsAt: ENDS.toISOString() }, PINNED_NOW);
    for (const n of [1, 2, 3, 4]) bidders.push(await partyActor(db, n));
    for (const [i, b] of bidders.entries()) {
      const registration = await registerForSection(db, { dealCode: DEAL, sectionCode: SECTION, actor: b, now: at(2) });
      if (i === 3) continue; // the fourth applies and never pays
      const paid = await receiveBankNotification(db, {
        bankId: 'test-bank', transactionId: `land-${i}`, creditedAccount: registration.depositAccountNo, payerAccount: b.basicAccount, payerName: b.subjectName,
        amountFen: DEPOSIT_FEN, bookedAt: at(3).toISOString(),
      }, at(3));
      expect(paid.status).toBe('accepted');
    }
  });
  afterAll(async () => { await database?.close(); });

  test('the terms set the deposit and the deadline; before the start the board takes no quote and the listing does not open', async () => {
    expect(Number((await db('sections').where('section_code', SECTION).first('deposit_required_fen')).deposit_required_fen)).toBe(DEPOSIT_FEN);
    expect(new Date((await db('deals').where('deal_code', DEAL).first('bid_deadline_at')).bid_deadline_at).getTime()).toBe(ENDS.getTime());
    expect(await refusal(quote(bidders[0]!, START_FEN, 'too-early-1', at(10)))).toBe('LISTING_NOT_OPEN');
    expect((await businessErrorOf(step('listing.open', {}, at(20), 'wf-land:open-early#1'))).code).toBe('LISTING_NOT_STARTED');
    // a deposit other than the one paid can no longer be announced
    const changed = { sectionCode: SECTION, startingPriceFen: START_FEN, incrementFen: STEP_FEN, depositFen: DEPOSIT_FEN * 2, listingStartsAt: STARTS.toISOString(), listingEndsAt: ENDS.toISOString() };
    expect((await businessErrorOf(step('listing.announce', changed, at(4), 'wf-land:announce-again#1'))).code).toBe('DEPOSIT_AMOUNT_LOCKED');
  });

  test('quotes: the starting price, the increment, the holder waits, the deposit in full, the same request once', async () => {
    await step('listing.open', {}, STARTS);
    const [a, b, c, d] = bidders as [PartyActor, PartyActor, PartyActor, PartyActor];
    expect(await refusal(quote(d, START_FEN, 'unpaid-d-1'))).toBe('DEPOSIT_NOT_PAID');
    expect(await refusal(quote(a, START_FEN - 1, 'below-a-1'))).toBe('QUOTE_TOO_LOW');
    const first = await quote(a, START_FEN, 'first-a-1');
    expect(first).toMatchObject({ replayed: false, quote: { seq: 1, priceFen: START_FEN, bidderNo: 1, mine: true }, board: { nextMinimumFen: START_FEN + STEP_FEN } });
    expect(first.receipt?.kind).toBe('quote');
    expect(await quote(a, START_FEN, 'first-a-1')).toMatchObject({ replayed: true, quote: { seq: 1 }, receipt: null });
    expect(await refusal(quote(a, START_FEN + STEP_FEN, 'first-a-1'))).toBe('QUOTE_KEY_REUSED');
    expect(await refusal(quote(a, START_FEN + STEP_FEN, 'again-a-1'))).toBe('QUOTE_ALREADY_HIGHEST');
    expect(await refusal(quote(b, START_FEN + STEP_FEN - 1, 'low-b-1'))).toBe('QUOTE_TOO_LOW');
    await quote(b, START_FEN + 3 * STEP_FEN, 'jump-b-1'); // more than the increment is a quote too

    // the board as another bidder sees it: numbers, not names; whether it may quote
    const seen = (await listingBoard(db, { dealCode: DEAL, viewer: { subjectId: c.subjectId }, now: at(25) }))!;
    expect(seen).toMatchObject({ status: 'open', highest: { priceFen: START_FEN + 3 * STEP_FEN, bidderNo: 2, mine: false }, nextMinimumFen: START_FEN + 4 * STEP_FEN, me: { applied: true, bidderNo: 3, depositPaid: true, mayQuote: true } });
    expect(JSON.stringify(seen)).not.toContain(b.creditCode);
    expect((await listingBoard(db, { dealCode: DEAL, viewer: { subjectId: d.subjectId }, now: at(25) }))!.me).toMatchObject({ mayQuote: false, why: { en: expect.stringContaining('deposit') } });
  });

  test('quotes racing for the same step: exactly one stands, the sequence has no gap', async () => {
    const [a, , c] = bidders as [PartyActor, PartyActor, PartyActor];
    const before = (await listingBoard(db, { dealCode: DEAL, viewer: { staff: true }, now: at(26) }))!;
    const price = before.nextMinimumFen;
    const outcomes = await Promise.all([a, c, a, c, a, c].map((who, i) => refusal(quote(who, price, `race-${i}-quote`, at(26)))));
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
    expect(outcomes.every((o) => ['accepted', 'QUOTE_TOO_LOW', 'QUOTE_ALREADY_HIGHEST'].includes(o))).toBe(true);
    const after = (await listingBoard(db, { dealCode: DEAL, viewer: { staff: true }, now: at(26) }))!;
    expect(after.quotes.map((q) => q.seq)).toEqual(after.quotes.map((_, i) => i + 1));
    expect(after.highest!.priceFen).toBe(price);
    for (let i = 1; i < after.quotes.length; i++) expect(after.quotes[i]!.priceFen).toBeGreaterThanOrEqual(after.quotes[i - 1]!.priceFen + STEP_FEN);
  });

  test('at the end the board stops; the close names the highest and records each bidder\'s best; the trail verifies', async () => {
    const [a] = bidders as [PartyActor];
    expect(await refusal(quote(a, 9_900_000_000, 'after-end-1', ENDS))).toBe('LISTING_CLOSED');
    expect((await businessErrorOf(step('listing.close', {}, at(39), 'wf-land:close-early#1'))).code).toBe('LISTING_NOT_ENDED');
    const closed = await step('listing.close', {}, ENDS);
    const board = (await listingBoard(db, { dealCode: DEAL, viewer: { staff: true }, now: ENDS }))!;
    const top = board.highest!;
    expect(closed.variables).toMatchObject({ highestPriceFen: top.priceFen, listingWinner: top.bidder!.creditCode, listingQuotes: board.quotes.length });
    expect(board.status).toBe('closed');
    const bids = await db('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id').join('sections as x', 'x.id', 'b.section_id').where('x.section_code', SECTION)
      .select('s.credit_code', 'b.price_fen', 'b.status');
    for (const bid of bids) {
      const mine = board.quotes.filter((q) => q.bidder!.creditCode === bid.credit_code).map((q) => q.priceFen);
      expect({ code: bid.credit_code, price: bid.price_fen === null ? null : Number(bid.price_fen), status: bid.status })
        .toEqual({ code: bid.credit_code, price: mine.length ? Math.max(...mine) : null, status: mine.length ? 'submitted' : 'registered' });
    }
    // announcing again after the opening is refused
    const terms = { sectionCode: SECTION, startingPriceFen: START_FEN, incrementFen: STEP_FEN, depositFen: DEPOSIT_FEN, listingStartsAt: STARTS.toISOString(), listingEndsAt: ENDS.toISOString() };
    expect((await businessErrorOf(step('listing.announce', terms, ENDS, 'wf-land:announce-late#1'))).code).toBe('LISTING_ALREADY_OPEN');
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
  });
});
