// experts.notify (抽取通知): queues the invitation of every invited expert not yet notified, per channel (SMS,
// voice call), in the outbox the dispatcher delivers; each invitee must answer before the reply deadline.
import { z } from 'zod';
import { ExpertDraw, ExpertDrawMember, ExpertNotification } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { assertSealed, drawOfDeal, queueInvitations, replyDueAtFor } from './draw-records';
import { CHANNELS } from './invitation';

const input = z.object({
  drawId: z.number().int().positive(),
  /** When the evaluation starts (ISO 8601 with an offset). */
  evaluationAt: z.iso.datetime({ offset: true }),
  /** Where: the evaluation room's address (never the project). */
  venue: z.string().trim().min(1).max(200),
  channels: z.array(z.enum(CHANNELS as ['sms', 'voice'])).min(1).max(2).default(['sms', 'voice']),
  replyWithinMinutes: z.number().int().min(5).max(1440).default(30),
});

export const notifyExperts = defineTask({
  type: 'experts.notify',
  input,
  async run(ctx, request) {
    const dealCode = ctx.requireDealCode();
    const draw = await drawOfDeal(ctx.trx, request.drawId, dealCode);
    assertSealed(draw);
    const evaluationAt = new Date(request.evaluationAt);
    const replyDueAt = await replyDueAtFor(ctx.trx, draw.region_code, ctx.now, request.replyWithinMinutes);
    if (evaluationAt.getTime() <= replyDueAt.getTime()) {
      throw new BusinessError(
        'EVALUATION_TIME_INVALID',
        `评标时间 ${request.evaluationAt} 须晚于专家答复截止时间 ${replyDueAt.toISOString()}`,
        `the evaluation time ${request.evaluationAt} must be after the experts' reply deadline ${replyDueAt.toISOString()}`,
        { evaluationAt: request.evaluationAt, replyDueAt: replyDueAt.toISOString() },
      );
    }
    const channels = [...new Set(request.channels)].sort();
    // Invited members without a message yet: the principals the first time, a backup invited by a replacement
    // before the details were known.
    const pending = await ExpertDrawMember.query(ctx.trx).alias('m').where({ 'm.draw_id': draw.id, 'm.status': 'invited' })
      .whereNotExists(ExpertNotification.query(ctx.trx).alias('n').whereRaw('n.member_id = m.id').select(ctx.trx.raw('1')))
      .orderBy('m.id').select('m.id');
    const memberIds = pending.map((m) => Number(m.id));
    await ExpertDraw.query(ctx.trx).where('id', draw.id).patch({
      evaluation_at: evaluationAt.toISOString(), venue: request.venue, reply_within_minutes: request.replyWithinMinutes,
    });
    const messages = await queueInvitations(ctx.trx, draw, memberIds, { evaluationAt, venue: request.venue, replyWithinMinutes: request.replyWithinMinutes, channels }, ctx.now, ctx.key, ctx.sealKeys());
    await ctx.emit('experts.notified', {
      drawId: draw.id, invitations: memberIds.length, messages, channels, evaluationAt: evaluationAt.toISOString(),
      venue: request.venue, replyDueAt: replyDueAt.toISOString(),
    });
    return { variables: { expertInvitationsQueued: memberIds.length, expertReplyDueAt: replyDueAt.toISOString() }, result: { drawId: draw.id, invitations: memberIds.length, messages } };
  },
});
