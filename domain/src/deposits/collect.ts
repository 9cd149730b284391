// deposits.collect (收取投标保证金): cash from the bidder's basic account into the section's escrow, or an electronic
// guarantee (电子保函) in its place. Capped at 2 % of the section's estimate; a paying account another bidder of the
// same section already used is recorded and reported to supervision as collusion evidence.
import type { Knex } from 'knex';
import type { PartialModelObject } from 'objection';
import { Deposit } from '@ggzy/db';
import { z } from 'zod';
import { BusinessError, code, creditCode, defineTask, fen } from '../step';
import { ACCOUNTS, assertSectionDepositsBalance, openAccount, postEntry } from './ledger';
import { DEPOSIT_CAP, SHARED_ACCOUNT_BASIS, depositCapFen, depositCapFor, isoDate, localDate } from './rules';
import { requireRegisteredBidder, requireSection } from './sections';

const input = z.object({
  sectionCode: code,
  bidder: creditCode,
  form: z.enum(['cash', 'guarantee']).default('cash'),
  amountFen: fen.positive(),
  /** The account the cash came from (cash only). */
  payingAccount: z.string().trim().min(6).max(64).optional(),
  /** The electronic guarantee (guarantee only); amountFen is the guaranteed sum. */
  guarantee: z.object({
    number: z.string().trim().min(1).max(64),
    issuer: z.string().trim().min(1).max(200),
    validFrom: isoDate,
    validUntil: isoDate,
  }).optional(),
}).superRefine((v, issues) => {
  if (v.form === 'cash' && !v.payingAccount) issues.addIssue({ code: 'custom', path: ['payingAccount'], message: 'a cash deposit names the account it was paid from' });
  if (v.form === 'cash' && v.guarantee) issues.addIssue({ code: 'custom', path: ['guarantee'], message: 'a cash deposit has no guarantee' });
  if (v.form === 'guarantee' && !v.guarantee) issues.addIssue({ code: 'custom', path: ['guarantee'], message: 'a guarantee deposit names its guarantee' });
  if (v.form === 'guarantee' && v.payingAccount) issues.addIssue({ code: 'custom', path: ['payingAccount'], message: 'a guarantee moves no cash' });
  if (v.guarantee && v.guarantee.validFrom > v.guarantee.validUntil) issues.addIssue({ code: 'custom', path: ['guarantee', 'validUntil'], message: 'the guarantee ends before it starts' });
});

export const collectDeposit = defineTask({
  type: 'deposits.collect',
  input,
  async run(ctx, deposit) {
    const section = await requireSection(ctx, deposit.sectionCode, { open: true });
    const { subject: bidder, bidId } = await requireRegisteredBidder(ctx, section, deposit.bidder);
    const already = await Deposit.query(ctx.trx).modify('ofBidder', section.id, bidder.id).select('id').first();
    if (already) {
      throw new BusinessError('DEPOSIT_ALREADY_COLLECTED', `投标人 ${bidder.creditCode} 已就标段 ${section.code} 提交保证金`, `bidder ${bidder.creditCode} already provided a deposit for section ${section.code}`, { sectionCode: section.code, creditCode: bidder.creditCode, depositId: Number(already.id) });
    }
    const cap = depositCapFor(section.procedureKind);
    if (cap && section.estimateFen === null) {
      throw new BusinessError('SECTION_ESTIMATE_MISSING', `标段 ${section.code} 没有估算价，无法核验保证金上限（${cap.basis.zh}）`, `section ${section.code} has no estimate, so the deposit cap (${cap.basis.en}) cannot be checked`, { sectionCode: section.code });
    }
    const capFen = cap ? depositCapFen(section.estimateFen!, cap) : null;
    if (cap && capFen !== null && deposit.amountFen > capFen) {
      throw new BusinessError('DEPOSIT_OVER_CAP', `保证金 ${deposit.amountFen} 分超过标段估算价的${cap.percent}%（上限 ${capFen} 分，${cap.basis.zh}）`, `a deposit of ${deposit.amountFen} fen exceeds ${cap.percent}% of the section's estimate (cap ${capFen} fen, ${cap.basis.en})`, { sectionCode: section.code, amountFen: deposit.amountFen, capFen, estimateFen: section.estimateFen });
    }
    const today = localDate(ctx.now);
    const at = ctx.now.toISOString();
    const row = {
      deal_id: section.dealId, section_id: section.id, bid_id: bidId, bidder_subject_id: bidder.id, form: deposit.form, amount_fen: deposit.amountFen,
      collected_key: ctx.key, collected_at: at,
    };
    let depositId: number;
    let sharedWith: string[] = [];
    if (deposit.form === 'guarantee') {
      const g = deposit.guarantee!;
      if (g.validUntil < today) {
        throw new BusinessError('GUARANTEE_EXPIRED', `电子保函 ${g.number} 已于 ${g.validUntil} 失效`, `electronic guarantee ${g.number} expired on ${g.validUntil}`, { guaranteeNo: g.number, validUntil: g.validUntil });
      }
      if (g.validFrom > today) {
        throw new BusinessError('GUARANTEE_NOT_YET_VALID', `电子保函 ${g.number} 自 ${g.validFrom} 起才生效`, `electronic guarantee ${g.number} is valid only from ${g.validFrom}`, { guaranteeNo: g.number, validFrom: g.validFrom });
      }
      const used = await Deposit.query(ctx.trx).where({ guarantee_issuer: g.issuer, guarantee_no: g.number }).select('id').first();
      if (used) {
        throw new BusinessError('GUARANTEE_ALREADY_USED', `电子保函 ${g.issuer} ${g.number} 已用于另一笔保证金`, `electronic guarantee ${g.issuer} ${g.number} already backs another deposit`, { guaranteeNo: g.number, issuer: g.issuer });
      }
      depositId = await insertDeposit(ctx.trx, {
        ...row, guarantee_no: g.number, guarantee_issuer: g.issuer, guarantee_valid_from: g.validFrom, guarantee_valid_until: g.validUntil,
      });
    } else {
      const account = deposit.payingAccount!;
      if (bidder.basicAccount && bidder.basicAccount !== account) {
        throw new BusinessError('DEPOSIT_NOT_FROM_BASIC_ACCOUNT', `保证金应从投标人的基本账户转出（${DEPOSIT_CAP.basis.zh}）：登记的基本账户为 ${bidder.basicAccount}，付款账户为 ${account}`, `the deposit must come from the bidder's basic account (${DEPOSIT_CAP.basis.en}): registered ${bidder.basicAccount}, paid from ${account}`, { creditCode: bidder.creditCode, payingAccount: account });
      }
      // a join of deposits with their bidders' credit codes, clearer as plain knex
      const others = await ctx.trx('deposits as d').join('subjects as s', 's.id', 'd.bidder_subject_id')
        .where({ 'd.section_id': section.id, 'd.paying_account': account }).whereNot('d.bidder_subject_id', bidder.id)
        .orderBy('s.credit_code').select('s.credit_code');
      sharedWith = others.map((o: { credit_code: string }) => o.credit_code);
      const escrow = await openAccount(ctx.trx, ACCOUNTS.escrow(section.regionCode, section), ctx.now);
      const payable = await openAccount(ctx.trx, ACCOUNTS.payable(section.regionCode, section, bidder), ctx.now);
      const entryId = await postEntry(ctx.trx, {
        entryKey: `deposit.collect:${section.code}:${bidder.creditCode}`, kind: 'deposit.collect', dealId: section.dealId, sectionId: section.id,
        memo: `收取投标保证金 ${section.code} ${bidder.creditCode}（付款账户 ${account}）`, activityKey: ctx.key, postedAt: ctx.now,
        lines: [
          { accountId: escrow, amountFen: deposit.amountFen, memo: 'principal' },
          { accountId: payable, amountFen: -deposit.amountFen, memo: 'principal' },
        ],
      });
      depositId = await insertDeposit(ctx.trx, { ...row, paying_account: account, journal_entry_id: entryId });
      await assertSectionDepositsBalance(ctx.trx, section);
    }
    await ctx.emit('deposit.collected', {
      sectionCode: section.code, bidder: bidder.creditCode, depositId, form: deposit.form, amountFen: deposit.amountFen,
      payerAccount: deposit.payingAccount ?? null, guarantee: deposit.guarantee ?? null, capFen,
    });
    if (sharedWith.length > 0) {
      await ctx.emit('deposit.sharedAccount', {
        sectionCode: section.code, payerAccount: deposit.payingAccount, bidder: bidder.creditCode, sharedWith,
        bidders: [bidder.creditCode, ...sharedWith].sort(), depositId, legalBasis: SHARED_ACCOUNT_BASIS,
      });
    }
    return { result: { depositId, sectionCode: section.code, bidder: bidder.creditCode, form: deposit.form, amountFen: deposit.amountFen, sharedAccountWith: sharedWith } };
  },
});

async function insertDeposit(trx: Knex, row: PartialModelObject<Deposit>): Promise<number> {
  const inserted = await Deposit.query(trx).insert(row);
  return Number(inserted.id);
}
