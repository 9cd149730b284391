// deposits.refundUnsuccessful (退还未中标人保证金): once the result is known, every deposit of the deal (or one section)
// except the winner's is paid back, on the refund terms of the deal's procedure — a government procurement within 5
// working days of the award notice (政府采购法实施条例 第三十三条), a land listing within 5 working days of its close and
// without interest (国土资源部令第39号 第二十一条). The winner's deposit stays held: it is refunded after the contract
// (procurement) or becomes part of the land price (land). A construction tender refunds winner and losers together
// after the contract (实施条例 第五十七条, deposits.refundAll), so it is refused here.
import type { Knex } from 'knex';
import { z } from 'zod';
import { Deal, Section, calendarFor } from '@ggzy/db';
import { addDuration, type WorkCalendar } from '@ggzy/process';
import { BusinessError, code, defineTask } from '../step';
import { heldDeposits, refundDeposit, type RefundSummary } from './refund-posting';
import { isoDate, localDate, type LegalBasis } from './rules';
import { requireDeal, requireSection, type SectionRow } from './sections';

export interface UnsuccessfulRefundRule {
  /** Applies to deals whose procedure kind starts with one of these. */
  procedureKinds: readonly string[];
  workingDays: number;
  withInterest: boolean;
  startsOn: LegalBasis;
  basis: LegalBasis;
}

export const UNSUCCESSFUL_REFUND_RULES: readonly UnsuccessfulRefundRule[] = [
  {
    procedureKinds: ['government-procurement'], workingDays: 5, withInterest: false,
    startsOn: { zh: '中标通知书发出之日', en: 'the day the award notice is issued' },
    basis: {
      zh: '《政府采购法实施条例》第三十三条：自中标通知书发出之日起5个工作日内退还未中标供应商的投标保证金',
      en: 'Regulations on the Implementation of the Government Procurement Law, art. 33: unsuccessful suppliers\' deposits within 5 working days of the award notice',
    },
  },
  {
    procedureKinds: ['land'], workingDays: 5, withInterest: false,
    startsOn: { zh: '挂牌活动结束之日', en: 'the day the listing closes' },
    basis: {
      zh: '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）第二十一条：活动结束后5个工作日内退还其他竞买人的竞买保证金，不计利息',
      en: 'MLR Order No. 39, art. 21: the other bidders\' deposits within 5 working days of the close, without interest',
    },
  },
];

export function unsuccessfulRefundRuleFor(procedureKind: string): UnsuccessfulRefundRule | undefined {
  return UNSUCCESSFUL_REFUND_RULES.find((r) => r.procedureKinds.some((k) => procedureKind.startsWith(k)));
}

/** The last day of a period of working days counted from the day after `startsOn` (民法典 第二百零一条). */
export function workingDaysAfter(startsOn: string, workingDays: number, calendar: WorkCalendar): string {
  const noon = Date.parse(`${startsOn}T12:00:00+08:00`);
  return localDate(new Date(addDuration(noon, `P${workingDays}D`, 'working', calendar)));
}

const input = z.object({
  /** Only this section; else every section of the deal that holds deposits (each must have its award). */
  sectionCode: code.optional(),
  /** The day the clock starts (the listing closed …); the award notice's date when absent. */
  triggeredOn: isoDate.optional(),
}).strict();

interface Awarded { section: SectionRow; winner: string; noticeDate: string }

async function awardedSection(trx: Knex, section: SectionRow): Promise<Awarded> {
  // the award joined to its winner's credit code, clearer as plain knex
  const award = await trx('awards as a').join('subjects as p', 'p.id', 'a.winner_subject_id').where('a.section_id', section.id)
    .first('p.credit_code', 'a.notice_date');
  if (!award) {
    throw new BusinessError('AWARD_NOT_ISSUED', `标段 ${section.code} 尚未发出中标（成交）通知书，不能确定未中标人`, `section ${section.code} has no award notice yet, so nobody is unsuccessful yet`, { sectionCode: section.code });
  }
  return { section, winner: award.credit_code, noticeDate: award.notice_date };
}

export const refundUnsuccessfulDeposits = defineTask({
  type: 'deposits.refundUnsuccessful',
  input,
  async run(ctx, scope) {
    const deal = await requireDeal(ctx);
    // requireDeal has just read this deal
    const kind = (await Deal.query(ctx.trx).findById(deal.id).select('procedure_kind'))!;
    const rule = unsuccessfulRefundRuleFor(kind.procedure_kind);
    if (!rule) {
      throw new BusinessError('UNSUCCESSFUL_REFUND_NOT_APPLICABLE',
        `交易项目 ${deal.code}（${kind.procedure_kind}）的未中标人保证金不单独先行退还：工程建设项目在合同签订后5日内与中标人一并退还（《招标投标法实施条例》第五十七条），请使用 deposits.refundAll`,
        `deal ${deal.code} (${kind.procedure_kind}) does not refund its unsuccessful bidders first: a construction tender refunds every deposit within 5 days of the contract (Implementing Regulations art. 57); use deposits.refundAll`,
        { dealCode: deal.code, procedureKind: kind.procedure_kind });
    }
    const codes: string[] = scope.sectionCode ? [scope.sectionCode] : (await Section.query(ctx.trx).modify('ofDeal', deal.id).orderBy('section_code').select('section_code')).map((s) => s.section_code);
    const awarded: Awarded[] = [];
    for (const c of codes) {
      const section = await requireSection(ctx, c, { open: true });
      // across the deal, a section holding no deposit has nobody to refund (and may have no award)
      if (!scope.sectionCode && (await heldDeposits(ctx.trx, deal.id, section.id)).length === 0) continue;
      awarded.push(await awardedSection(ctx.trx, section));
    }
    const today = localDate(ctx.now);
    if (scope.triggeredOn && scope.triggeredOn > today) {
      throw new BusinessError('REFUND_DATE_INVALID', `退还起算日 ${scope.triggeredOn} 晚于今日 ${today}`, `the refund clock cannot start (${scope.triggeredOn}) after today (${today})`, { triggeredOn: scope.triggeredOn, today });
    }

    const calendar = await calendarFor(ctx.trx, deal.regionCode, ctx.now.getTime());
    const refunds: RefundSummary[] = [];
    const retained: Array<{ sectionCode: string; bidder: string; depositId: number; amountFen: number }> = [];
    for (const { section, winner, noticeDate } of awarded) {
      const triggeredOn = scope.triggeredOn ?? noticeDate;
      const terms = { dueOn: workingDaysAfter(triggeredOn, rule.workingDays, calendar), withInterest: rule.withInterest, basis: rule.basis };
      for (const deposit of await heldDeposits(ctx.trx, deal.id, section.id)) {
        if (deposit.creditCode === winner) {
          retained.push({ sectionCode: section.code, bidder: winner, depositId: deposit.id, amountFen: deposit.amountFen });
          continue;
        }
        refunds.push(await refundDeposit(ctx, section, deposit, 'loser', triggeredOn, terms));
      }
    }
    const totals = {
      count: refunds.length,
      principalFen: refunds.reduce((sum, r) => sum + r.principalFen, 0),
      interestFen: refunds.reduce((sum, r) => sum + r.interestFen, 0),
      late: refunds.filter((r) => !r.onTime).length,
    };
    await ctx.emit('deposits.refundedUnsuccessful', {
      dealCode: deal.code, sectionCode: scope.sectionCode ?? null, procedureKind: kind.procedure_kind, ...totals,
      retained: retained.map((r) => ({ sectionCode: r.sectionCode, bidder: r.bidder, depositId: r.depositId })),
      startsOn: rule.startsOn, legalBasis: rule.basis,
    });
    return { result: { dealCode: deal.code, sectionCode: scope.sectionCode ?? null, ...totals, refunds, retained } };
  },
});
