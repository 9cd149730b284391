// An expert's answer to an invitation (an SMS reply or a key pressed during the call), reported by the gateway
// against the notification it delivered. Recorded with its supervision event; experts.replace acts on declines.
import { ExpertDrawMember, ExpertNotification, toIsoTimestamp, type Db } from '@ggzy/db';
import { BusinessError } from '../step';
import { appendSupervisionEvent } from '../supervision/trail';
import { lockDraw } from './draw-records';

export type ExpertAnswer = 'confirm' | 'decline';

interface AnswerRow {
  channel: string; member_id: number; status: string; response: string | null; reply_due_at: string | Date | null; seat_no: number | null;
  group_no: number; rank: number; draw_id: number; draw_status: string; deal_code: string; region_code: string;
}

export interface AnswerReport {
  notificationId: number;
  answer: ExpertAnswer;
  receivedAt: Date;
}

/** Records the answer; the same answer reported again is accepted without change (gateways retry callbacks). */
export async function recordExpertAnswer(db: Db, report: AnswerReport): Promise<{ recorded: boolean; drawId: number; seat: number | null }> {
  if (report.answer !== 'confirm' && report.answer !== 'decline') {
    throw new BusinessError('INVALID_INPUT', `答复只能是确认或拒绝：${String(report.answer)}`, `an answer is confirm or decline: ${String(report.answer)}`);
  }
  return db.transaction(async (trx) => {
    const notification = await ExpertNotification.query(trx).findById(report.notificationId).select('draw_id');
    if (notification) await lockDraw(trx, Number(notification.draw_id));
    const row = await ExpertNotification.query(trx).alias('n')
      .join('expert_draw_members as m', 'm.id', 'n.member_id')
      .join('expert_draws as x', 'x.id', 'm.draw_id')
      .join('deals as d', 'd.id', 'x.deal_id')
      .where('n.id', report.notificationId)
      .select('n.channel', 'm.id as member_id', 'm.status', 'm.response', 'm.reply_due_at', 'm.seat_no', 'm.group_no', 'm.rank',
        'x.id as draw_id', 'x.status as draw_status', 'd.deal_code', 'd.region_code')
      .first()
      .castTo<AnswerRow | undefined>();
    if (!row) {
      throw new BusinessError('NOTIFICATION_NOT_FOUND', `专家通知不存在：${report.notificationId}`, `expert notification not found: ${report.notificationId}`, { notificationId: report.notificationId });
    }
    const drawId = Number(row.draw_id);
    const seat = row.seat_no === null ? null : Number(row.seat_no);
    const status = report.answer === 'confirm' ? 'confirmed' : 'declined';
    if (row.status === status) return { recorded: false, drawId, seat };
    if (row.status !== 'invited' || row.draw_status !== 'sealed') {
      throw new BusinessError(
        'ANSWER_NOT_ACCEPTED',
        `该邀请已不接受答复（当前状态：${row.status}）`,
        `this invitation no longer accepts an answer (now ${row.status})`,
        { notificationId: report.notificationId, status: row.status },
      );
    }
    const at = report.receivedAt.toISOString();
    const due = row.reply_due_at === null ? null : String(toIsoTimestamp(row.reply_due_at));
    if (due !== null && at > due) {
      throw new BusinessError('ANSWER_TOO_LATE', `答复晚于截止时间 ${due}`, `the answer came after the reply deadline ${due}`, { notificationId: report.notificationId, replyDueAt: due });
    }
    await ExpertDrawMember.query(trx).where({ id: row.member_id, status: 'invited' })
      .patch({ status, response: report.answer, response_channel: row.channel, responded_at: at });
    // Seat, group and rank only: the supervision feed must not say who was drawn before the list is unsealed.
    await appendSupervisionEvent(trx, {
      idempotencyKey: `expert-answer:${Number(row.member_id)}`, dealCode: row.deal_code, regionCode: row.region_code,
      kind: 'experts.answered', actor: `gateway:${row.channel}`,
      payload: { drawId, seat, groupNo: Number(row.group_no), rank: Number(row.rank), answer: report.answer, channel: row.channel },
      occurredAt: at,
    });
    return { recorded: true, drawId, seat };
  });
}
