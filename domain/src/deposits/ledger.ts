// The double-entry ledger deposits and service fees post to. Amounts are signed integer fen (debit > 0, credit < 0);
// every entry sums to zero; balances are sums of lines and are never stored. The database refuses an unbalanced
// or edited entry (migration 008); postEntry checks the same invariant in the posting transaction on both databases.
import type { Knex } from 'knex';
import { JournalEntry, LedgerAccount } from '@ggzy/db';

export type AccountKind = 'asset' | 'liability' | 'income' | 'expense';
export type AccountPurpose = 'deposit_escrow' | 'deposit_payable' | 'interest_expense' | 'interest_settlement' | 'fee_receivable' | 'fee_income';

export interface AccountSpec {
  code: string;
  kind: AccountKind;
  purpose: AccountPurpose;
  name: string;
  regionCode: string;
  sectionId?: number;
  subjectId?: number;
}

/** The accounts of the centre's books, by what they hold. */
export const ACCOUNTS = {
  /** 保证金专户 (per section): the cash deposits the centre holds. */
  escrow: (regionCode: string, section: { id: number; code: string }): AccountSpec => ({
    code: `deposit-escrow:${section.code}`, kind: 'asset', purpose: 'deposit_escrow', regionCode, sectionId: section.id,
    name: `投标保证金专户 ${section.code}`,
  }),
  /** 应付保证金 (per section per bidder): what the centre owes the bidder back. */
  payable: (regionCode: string, section: { id: number; code: string }, bidder: { id: number; creditCode: string }): AccountSpec => ({
    code: `deposit-payable:${section.code}:${bidder.creditCode}`, kind: 'liability', purpose: 'deposit_payable', regionCode,
    sectionId: section.id, subjectId: bidder.id, name: `应退投标保证金 ${section.code} ${bidder.creditCode}`,
  }),
  /** 利息支出: the bank deposit interest paid with refunds. */
  interestExpense: (regionCode: string): AccountSpec => ({
    code: `interest-expense:${regionCode}`, kind: 'expense', purpose: 'interest_expense', regionCode, name: `保证金利息支出 ${regionCode}`,
  }),
  /** 利息结算户: the centre's bank account the interest is paid from (the bank credits it with the interest earned). */
  interestSettlement: (regionCode: string): AccountSpec => ({
    code: `interest-settlement:${regionCode}`, kind: 'asset', purpose: 'interest_settlement', regionCode, name: `保证金利息结算户 ${regionCode}`,
  }),
  /** 应收服务费 (per section, the winner). */
  feeReceivable: (regionCode: string, section: { id: number; code: string }, payer: { id: number; creditCode: string }): AccountSpec => ({
    code: `fee-receivable:${section.code}:${payer.creditCode}`, kind: 'asset', purpose: 'fee_receivable', regionCode,
    sectionId: section.id, subjectId: payer.id, name: `应收交易服务费 ${section.code} ${payer.creditCode}`,
  }),
  /** 服务费收入 of the centre. */
  feeIncome: (regionCode: string): AccountSpec => ({
    code: `fee-income:${regionCode}`, kind: 'income', purpose: 'fee_income', regionCode, name: `交易服务费收入 ${regionCode}`,
  }),
};

/** The account's id, opened on first use (a concurrent first use opens it once). */
export async function openAccount(trx: Knex, spec: AccountSpec, at: Date): Promise<number> {
  await LedgerAccount.query(trx).insert({
    account_code: spec.code, kind: spec.kind, purpose: spec.purpose, region_code: spec.regionCode, section_id: spec.sectionId ?? null,
    subject_id: spec.subjectId ?? null, name: spec.name, created_at: at.toISOString(),
  }).onConflict('account_code').ignore();
  // the insert above or a concurrent first use opened it
  const row = (await LedgerAccount.query(trx).modify('byCode', spec.code).select('id').first())!;
  return Number(row.id);
}

export interface EntryLine {
  accountId: number;
  amountFen: number;
  memo: 'principal' | 'interest' | 'fee';
}

export interface Entry {
  entryKey: string;
  kind: 'deposit.collect' | 'deposit.refund' | 'fee.charge';
  dealId: number;
  sectionId: number;
  memo: string;
  activityKey: string;
  postedAt: Date;
  lines: EntryLine[];
}

/** A broken ledger invariant: a programming error, never a user's; the transaction must not commit. */
export class LedgerInvariantError extends Error {
  constructor(message: string) {
    super(`ledger invariant broken: ${message}`);
    this.name = 'LedgerInvariantError';
  }
}

export function toBigInt(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(String(value).replace(/\.0+$/, ''));
}

/** Posts a balanced entry and re-reads it in the same transaction: its stored lines must sum to zero. */
export async function postEntry(trx: Knex, entry: Entry): Promise<number> {
  if (entry.lines.length < 2) throw new LedgerInvariantError(`entry ${entry.entryKey} has ${entry.lines.length} line(s)`);
  for (const line of entry.lines) {
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen === 0) throw new LedgerInvariantError(`entry ${entry.entryKey} has a line of ${line.amountFen} fen`);
  }
  const total = entry.lines.reduce((sum, line) => sum + BigInt(line.amountFen), 0n);
  if (total !== 0n) throw new LedgerInvariantError(`entry ${entry.entryKey} sums to ${total} fen`);
  const row = await JournalEntry.query(trx).insert({
    entry_key: entry.entryKey, kind: entry.kind, deal_id: entry.dealId, section_id: entry.sectionId, line_count: entry.lines.length,
    memo: entry.memo, activity_key: entry.activityKey, posted_at: entry.postedAt.toISOString(),
  });
  const entryId = Number(row.id);
  // plain knex: one multi-row insert, which objection does not batch on SQLite
  await trx('journal_lines').insert(entry.lines.map((line, i) => ({
    entry_id: entryId, line_no: i + 1, account_id: line.accountId, amount_fen: line.amountFen, memo: line.memo,
  })));
  // an aggregate over the stored lines, clearer as plain knex
  const stored = await trx('journal_lines').where('entry_id', entryId).first(trx.raw('count(*) as n'), trx.raw('coalesce(sum(amount_fen), 0) as total'));
  if (Number(stored.n) !== entry.lines.length || toBigInt(stored.total) !== 0n) {
    throw new LedgerInvariantError(`entry ${entry.entryKey} stored ${stored.n} line(s) summing to ${stored.total} fen`);
  }
  return entryId;
}

/** An account's balance (sum of its lines), by code; 0 for an account never opened. */
export async function balanceOf(trx: Knex, accountCode: string): Promise<bigint> {
  // an aggregate over a join, clearer as plain knex
  const row = await trx('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id')
    .where('a.account_code', accountCode).first(trx.raw('coalesce(sum(l.amount_fen), 0) as total'));
  return toBigInt(row?.total);
}

/**
 * The section's deposit books agree with its deposit records: the escrow holds exactly the cash collected less the
 * principal refunded, and each bidder's payable is the negative of what is still held for it. Checked in the
 * transaction of every deposit movement, so a disagreement rolls it back.
 */
export async function assertSectionDepositsBalance(trx: Knex, section: { id: number; code: string }): Promise<void> {
  // one statement of aggregate subqueries (plain knex), so one snapshot even under READ COMMITTED
  const sums = await trx.first(
    trx('deposits').where({ section_id: section.id, form: 'cash' }).sum({ total: 'amount_fen' }).as('collected'),
    trx('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').where('d.section_id', section.id).sum({ total: 'r.principal_fen' }).as('refunded'),
    trx('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', `deposit-escrow:${section.code}`).sum({ total: 'l.amount_fen' }).as('escrow'),
    trx('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where({ 'a.section_id': section.id, 'a.purpose': 'deposit_payable' }).sum({ total: 'l.amount_fen' }).as('payables'),
  );
  const expected = toBigInt(sums.collected) - toBigInt(sums.refunded);
  if (toBigInt(sums.escrow) !== expected) throw new LedgerInvariantError(`escrow of ${section.code} holds ${sums.escrow ?? 0} fen, deposits say ${expected} fen`);
  if (toBigInt(sums.payables) !== -expected) throw new LedgerInvariantError(`payables of ${section.code} are ${sums.payables ?? 0} fen, expected ${-expected} fen`);
}
