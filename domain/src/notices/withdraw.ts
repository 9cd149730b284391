// notices.withdraw (撤回公告): takes a notice off the portal. Before its statutory minimum period has run, only a
// supervisor's termination directive may do so, and then the deal's termination notice (终止公告) is published.
import { z } from 'zod';
import type { Knex } from 'knex';
import { Notice } from '@ggzy/db';
import { BusinessError, code, defineTask, type TaskContext } from '../step';
import { NOTICE_TYPES, describePeriod, periodRuleFor } from './periods';
import { noticeContent } from './publish';
import { dealOf, insertNotice, instant, sectionOf, type DealRow, type NoticeRow } from './records';

const input = z.object({
  /** The notice to withdraw, or the latest published notice of a type (and section) of the deal. */
  noticeId: z.number().int().positive().optional(),
  noticeType: z.enum(NOTICE_TYPES).optional(),
  sectionCode: code.optional(),
  reasonKind: z.enum(['termination-directive', 'correction', 'other']),
  reason: z.string().trim().min(1).max(1000),
  /** The directive that terminated the deal (its reference on the supervision trail). */
  directiveRef: z.string().trim().min(1).max(200).optional(),
  /** The termination notice's text; a standard text is used when absent. */
  terminationNotice: z.object(noticeContent).strict().optional(),
}).strict().superRefine((v, issue) => {
  if ((v.noticeId === undefined) === (v.noticeType === undefined)) {
    issue.addIssue({ code: 'custom', path: ['noticeId'], message: 'name the notice by noticeId or by noticeType, not both' });
  }
  if (v.sectionCode && v.noticeType === undefined) issue.addIssue({ code: 'custom', path: ['sectionCode'], message: 'sectionCode selects among notices of a noticeType' });
  if (v.terminationNotice && v.reasonKind !== 'termination-directive') {
    issue.addIssue({ code: 'custom', path: ['terminationNotice'], message: 'a termination notice follows only a termination directive' });
  }
});
type Input = z.infer<typeof input>;

async function targetNotice(trx: Knex, deal: DealRow, request: Input): Promise<NoticeRow> {
  const query = Notice.query(trx).where('deal_id', deal.id);
  if (request.noticeId !== undefined) {
    query.where('id', request.noticeId);
  } else {
    query.modify('published').where({ notice_type: request.noticeType }).orderBy([{ column: 'published_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
    if (request.sectionCode) query.where('section_id', (await sectionOf(trx, deal, request.sectionCode)).id);
  }
  const row = await query.limit(1).first();
  if (!row) {
    const which = request.noticeId !== undefined ? `#${request.noticeId}` : `${request.noticeType}${request.sectionCode ? ` (${request.sectionCode})` : ''}`;
    throw new BusinessError('NOTICE_NOT_FOUND', `交易项目 ${deal.deal_code} 没有可撤回的公告 ${which}`, `deal ${deal.deal_code} has no notice ${which} to withdraw`, { dealCode: deal.deal_code, notice: which });
  }
  return { ...row, id: Number(row.id) } as NoticeRow;
}

/** The deal's published termination notice, published now when there is none yet (one per deal). */
async function terminationNotice(ctx: TaskContext, deal: DealRow, request: Input): Promise<number> {
  const existing = await Notice.query(ctx.trx).where({ deal_id: deal.id, notice_type: 'termination' }).modify('published').select('id').limit(1).first();
  if (existing) return Number(existing.id);
  const rule = periodRuleFor('termination', deal.procedure_kind);
  const text = request.terminationNotice ?? {
    title: `${deal.title}终止公告`,
    body: `${deal.title}（统一交易标识码 ${deal.deal_code}）依监管指令终止。\n\n终止原因：${request.reason}`,
    bodyFormat: 'plain' as const,
  };
  const noticeId = await insertNotice(ctx.trx, {
    deal, sectionId: null, noticeType: 'termination', title: text.title, body: text.body, bodyFormat: text.bodyFormat,
    publishedAt: ctx.now, minUntil: ctx.now, period: describePeriod(rule.minimum), periodBasis: rule.basis.zh,
    publishKey: `${ctx.key}/termination`, createdAt: ctx.now,
  });
  await ctx.emit('notice.published', {
    noticeId, noticeType: 'termination', sectionCode: null, title: text.title, publishedAt: ctx.now.toISOString(),
    minUntil: ctx.now.toISOString(), period: null, basis: rule.basis.zh, directiveRef: request.directiveRef ?? null,
  });
  return noticeId;
}

export const withdrawNotice = defineTask({
  type: 'notices.withdraw',
  input,
  async run(ctx, request) {
    const deal = await dealOf(ctx.trx, ctx.requireDealCode());
    const notice = await targetNotice(ctx.trx, deal, request);
    if (notice.status === 'withdrawn') {
      throw new BusinessError('NOTICE_ALREADY_WITHDRAWN', `公告 #${notice.id} 已撤回`, `notice #${notice.id} is already withdrawn`, { noticeId: notice.id });
    }
    const publishedAt = instant(notice.published_at);
    const minUntil = instant(notice.min_until);
    const periodRunning = ctx.now >= publishedAt && ctx.now < minUntil;
    const byDirective = request.reasonKind === 'termination-directive';
    if (periodRunning && !byDirective) {
      const until = minUntil.toISOString();
      throw new BusinessError(
        'NOTICE_PERIOD_RUNNING',
        `公告 #${notice.id} 的法定公示期至 ${until} 届满，期满前只能依监管终止指令撤回（${notice.period_basis}）`,
        `notice #${notice.id} must stay published until ${until}; before then only a termination directive withdraws it`,
        { noticeId: notice.id, minUntil: until, basis: notice.period_basis },
      );
    }
    const terminationNoticeId = byDirective && notice.notice_type !== 'termination' ? await terminationNotice(ctx, deal, request) : null;
    const updated = await Notice.query(ctx.trx).where({ id: notice.id }).modify('published').patch({
      status: 'withdrawn', withdrawn_at: ctx.now.toISOString(), withdraw_reason_kind: request.reasonKind, withdraw_reason: request.reason,
      withdraw_key: ctx.key, termination_notice_id: terminationNoticeId,
    });
    if (updated !== 1) throw new Error(`notice ${notice.id} changed while it was being withdrawn`);
    const withdrawn = {
      noticeId: notice.id, noticeType: notice.notice_type, withdrawnAt: ctx.now.toISOString(), reasonKind: request.reasonKind,
      beforePeriodEnd: periodRunning, terminationNoticeId,
    };
    await ctx.emit('notice.withdrawn', { ...withdrawn, reason: request.reason, directiveRef: request.directiveRef ?? null });
    return { result: withdrawn };
  },
});
