// notices.publish (信息发布): an announcement on the public portal, with the statutory minimum publication period of
// its type counted on the region's working-day calendar and recorded as `min_until`.
import { z } from 'zod';
import { calendarFor } from '@ggzy/db';
import { BusinessError, code, defineTask } from '../step';
import { NOTICE_TYPES, describePeriod, periodRuleFor, publicationWindow } from './periods';
import { dealOf, insertNotice, recordBiddingWindow, sectionOf } from './records';

/** The notices that open a bidding period: their deal takes bids until the deadline they announce. */
const BIDDING_NOTICES: readonly string[] = ['tender', 'procurement'];

/** The deadline a bidding notice announces: its own input, else the process's opening time (`openingAt`). */
function bidDeadlineOf(given: Date | undefined, variables: Record<string, unknown>): Date | null {
  if (given) return given;
  const parsed = z.iso.datetime({ offset: true }).safeParse(variables.openingAt);
  return parsed.success ? new Date(parsed.data) : null;
}

const instantInput = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const noticeContent = {
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(200_000),
  bodyFormat: z.enum(['markdown', 'plain']).default('markdown'),
};

const input = z.object({
  noticeType: z.enum(NOTICE_TYPES),
  ...noticeContent,
  sectionCode: code.optional(),
  /** A scheduled publication (never earlier than now); default now. */
  publishAt: instantInput.optional(),
  /** Tender notice: when the tender documents stop being on sale (at least the statutory 5 days). */
  documentsOnSaleUntil: instantInput.optional(),
  /**
   * Tender (or procurement) notice: the bid deadline (投标截止时间) the notice announces; default the process's
   * `openingAt`. Recorded on the deal, so the parties' portal knows the window without asking the workflow.
   */
  bidDeadline: instantInput.optional(),
  /** Land listing: when the listing starts and ends. */
  listingStartsAt: instantInput.optional(),
  listingEndsAt: instantInput.optional(),
}).strict().superRefine((v, issue) => {
  const problem = (path: string, message: string) => issue.addIssue({ code: 'custom', path: [path], message });
  if (v.noticeType === 'land-listing' && !v.listingStartsAt) problem('listingStartsAt', 'a land listing notice names when the listing starts');
  if (v.noticeType !== 'land-listing' && (v.listingStartsAt || v.listingEndsAt)) problem('listingStartsAt', 'only a land listing notice has a listing period');
  if (v.noticeType !== 'tender' && v.documentsOnSaleUntil) problem('documentsOnSaleUntil', 'only a tender notice has a documents sale period');
  if (!BIDDING_NOTICES.includes(v.noticeType) && v.bidDeadline) problem('bidDeadline', 'only a tender or procurement notice announces a bid deadline');
  if (v.noticeType === 'candidates' && !v.sectionCode) problem('sectionCode', 'candidates are publicised per section');
  if (v.listingStartsAt && v.listingEndsAt && v.listingEndsAt <= v.listingStartsAt) problem('listingEndsAt', 'the listing ends after it starts');
});

export const publishNotice = defineTask({
  type: 'notices.publish',
  input,
  async run(ctx, notice) {
    const deal = await dealOf(ctx.trx, ctx.requireDealCode());
    if (deal.status === 'terminated' && notice.noticeType !== 'termination') {
      throw new BusinessError('DEAL_TERMINATED', `交易项目 ${deal.deal_code} 已终止，只能发布终止公告`, `deal ${deal.deal_code} is terminated: only a termination notice can be published`, { dealCode: deal.deal_code });
    }
    const section = notice.sectionCode ? await sectionOf(ctx.trx, deal, notice.sectionCode) : null;
    const publishAt = notice.publishAt ?? ctx.now;
    if (publishAt.getTime() < ctx.now.getTime()) {
      throw new BusinessError('NOTICE_BACKDATED', '公告发布时间不能早于当前时间', 'a notice cannot be published in the past', { publishAt: publishAt.toISOString(), now: ctx.now.toISOString() });
    }
    const rule = periodRuleFor(notice.noticeType, deal.procedure_kind);
    const calendar = await calendarFor(ctx.trx, deal.region_code, publishAt.getTime());
    const window = publicationWindow(rule, {
      publishAt, startsAt: notice.listingStartsAt, endsAt: notice.listingEndsAt ?? notice.documentsOnSaleUntil,
    }, calendar);
    if (!window.ok && window.problem === 'lead-too-short') {
      const earliest = window.earliestStart.toISOString();
      throw new BusinessError('NOTICE_LEAD_TOO_SHORT', `挂牌开始时间过早，最早为 ${earliest}（${rule.basis.zh}）`, `the listing starts too soon; the earliest start is ${earliest} (${rule.basis.en})`, { earliestStart: earliest });
    }
    if (!window.ok) {
      const earliest = window.earliestEnd.toISOString();
      throw new BusinessError('NOTICE_PERIOD_TOO_SHORT', `公告期短于法定最短期限，最早截止于 ${earliest}（${rule.basis.zh}）`, `the period is shorter than the statutory minimum; the earliest end is ${earliest} (${rule.basis.en})`, { earliestEnd: earliest });
    }
    const noticeId = await insertNotice(ctx.trx, {
      deal, sectionId: section?.id ?? null, noticeType: notice.noticeType, title: notice.title, body: notice.body, bodyFormat: notice.bodyFormat,
      publishedAt: publishAt, minUntil: window.minUntil, period: describePeriod(rule.minimum), periodBasis: rule.basis.zh,
      publishKey: ctx.key, createdAt: ctx.now,
    });
    if (notice.bidDeadline && notice.bidDeadline.getTime() <= publishAt.getTime()) {
      throw new BusinessError('BID_DEADLINE_PASSED', '投标截止时间应晚于公告发布时间', 'the bid deadline must come after the notice is published', { bidDeadline: notice.bidDeadline.toISOString() });
    }
    // a process variable already past names no window to open: it is left unrecorded rather than refusing the notice
    // a land listing takes applications until the listing ends (its quotes are made online during the listing)
    const announced = BIDDING_NOTICES.includes(notice.noticeType) ? bidDeadlineOf(notice.bidDeadline, ctx.variables)
      : notice.noticeType === 'land-listing' ? notice.listingEndsAt ?? null : null;
    const bidDeadline = announced && announced.getTime() > publishAt.getTime() ? announced : null;
    if (bidDeadline) await recordBiddingWindow(ctx.trx, deal, { bidDeadline, documentsOnSaleUntil: notice.documentsOnSaleUntil ?? null });
    const published = {
      noticeId, noticeType: notice.noticeType, sectionCode: section?.section_code ?? null, title: notice.title,
      publishedAt: publishAt.toISOString(), minUntil: window.minUntil.toISOString(),
    };
    await ctx.emit('notice.published', {
      ...published, period: describePeriod(rule.minimum), basis: rule.basis.zh, ...(bidDeadline ? { bidDeadline: bidDeadline.toISOString() } : {}),
    });
    return { result: published };
  },
});
