// The statutory rules deposits follow, each with its source, and the interest arithmetic of a refund.
import { z } from 'zod';
import { isWorkingDay, type WorkCalendar } from '@ggzy/process';

/** A calendar date, YYYY-MM-DD (China Standard Time). */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

export interface LegalBasis { zh: string; en: string }

export interface DepositCap { percent: number; basis: LegalBasis }

/** 投标保证金不得超过招标项目估算价的2% (招标投标法实施条例 第二十六条). */
export const DEPOSIT_CAP: DepositCap = {
  percent: 2,
  basis: { zh: '《招标投标法实施条例》第二十六条', en: 'Implementing Regulations of the Tendering and Bidding Law, art. 26' },
};

/** 政府采购: 投标保证金不得超过采购项目预算金额的2% (政府采购法实施条例 第三十三条). */
export const PROCUREMENT_DEPOSIT_CAP: DepositCap = {
  percent: 2,
  basis: { zh: '《政府采购法实施条例》第三十三条', en: 'Implementing Regulations of the Government Procurement Law, art. 33' },
};

/**
 * The statutory cap of a procedure kind, or null where the law sets none (a land listing's 竞买保证金 is fixed by its
 * notice, commonly a large share of the starting price). Unknown kinds keep the tendering cap.
 */
export function depositCapFor(procedureKind: string): DepositCap | null {
  if (procedureKind === 'land-listing') return null;
  if (procedureKind === 'government-procurement-open') return PROCUREMENT_DEPOSIT_CAP;
  return DEPOSIT_CAP;
}

/** The largest deposit the section's estimate allows, in fen (rounded down). */
export function depositCapFen(estimateFen: number, cap: DepositCap = DEPOSIT_CAP): number {
  return Number((BigInt(estimateFen) * BigInt(cap.percent)) / 100n);
}

/** 不同投标人的投标保证金从同一单位或者个人的账户转出: deemed collusion (第四十条第六项). */
export const SHARED_ACCOUNT_BASIS: LegalBasis = {
  zh: '《招标投标法实施条例》第四十条第（六）项', en: 'Implementing Regulations of the Tendering and Bidding Law, art. 40 (6)',
};

export type RefundReason = 'withdrawal' | 'loser' | 'winner' | 'termination';

/**
 * Refund periods in calendar days from the day the clock starts (that day not counted, 民法典 第二百零一条); a period
 * ending on a rest day ends on the next working day (第二百零三条).
 */
export const REFUND_PERIODS: Record<RefundReason, { days: number; startsOn: LegalBasis; basis: LegalBasis }> = {
  withdrawal: {
    days: 5,
    startsOn: { zh: '收到投标人书面撤回通知之日', en: 'the day the written withdrawal notice is received' },
    basis: { zh: '《招标投标法实施条例》第三十五条', en: 'Implementing Regulations, art. 35' },
  },
  winner: {
    days: 5,
    startsOn: { zh: '书面合同签订之日', en: 'the day the written contract is signed' },
    basis: { zh: '《招标投标法实施条例》第五十七条', en: 'Implementing Regulations, art. 57' },
  },
  loser: {
    days: 5,
    startsOn: { zh: '书面合同签订之日', en: 'the day the written contract is signed' },
    basis: { zh: '《招标投标法实施条例》第五十七条', en: 'Implementing Regulations, art. 57' },
  },
  termination: {
    // 第三十一条 says 及时 (promptly); the platform holds it to the same five days as the other refunds.
    days: 5,
    startsOn: { zh: '终止招标之日', en: 'the day the tender is terminated' },
    basis: { zh: '《招标投标法实施条例》第三十一条（“及时退还”，本平台按5日执行）', en: 'Implementing Regulations, art. 31 ("promptly"; the platform applies 5 days)' },
  },
};

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (算头不算尾: the first day counts, the last does not). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateMs(to) - dateMs(from)) / DAY_MS);
}

/** The last day a refund may be made: the period's end, moved past rest days of the region's calendar. */
export function refundDueOn(reason: RefundReason, triggeredOn: string, calendar: WorkCalendar): string {
  let due = addDays(triggeredOn, REFUND_PERIODS[reason].days);
  // noon local time of `due`, so the check lands on that local date
  while (!isWorkingDay(dateMs(due) + 12 * 3_600_000 - CST_OFFSET_MS, calendar)) due = addDays(due, 1);
  return due;
}

/**
 * Bank deposit interest on a refund (人民币存款计息): daily rate = annual rate / 360, days counted from the day the
 * deposit arrived to the day before it is paid back (算头不算尾), the result rounded half up to the fen. The rate is
 * the demand-deposit rate in force on the refund day (活期按支取日挂牌利率), kept as data in deposit_interest_rates.
 */
export function interestFen(principalFen: number, annualRatePpm: number, days: number): number {
  if (days <= 0 || annualRatePpm <= 0) return 0;
  const numerator = BigInt(principalFen) * BigInt(annualRatePpm) * BigInt(days);
  const denominator = 1_000_000n * 360n;
  const whole = numerator / denominator;
  return Number((numerator % denominator) * 2n >= denominator ? whole + 1n : whole);
}
