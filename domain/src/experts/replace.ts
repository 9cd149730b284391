// experts.replace (补充邀请): invited experts past their reply deadline are marked timed out; every seat whose
// expert declined or timed out goes to the next ranked backup of the same specialty group, who is invited and
// notified. The answer tells the process whether the committee is complete, still waiting, or short of backups.
import type { Knex } from 'knex';
import { z } from 'zod';
import { ExpertDrawMember, ExpertNotification, toIsoTimestamp } from '@ggzy/db';
import { defineTask } from '../step';
import { assertSealed, drawOfDeal, queueInvitations } from './draw-records';
import { CHANNELS, type Channel } from './invitation';

const input = z.object({ drawId: z.number().int().positive() });

interface MemberRow {
  id: number;
  group_no: number;
  rank: number;
  role: string;
  status: string;
  seat_no: number | null;
  reply_due_at: string | null;
}

async function membersOf(trx: Knex, drawId: number): Promise<MemberRow[]> {
  const rows = await ExpertDrawMember.query(trx).modify('ofDraw', drawId)
    .select('id', 'group_no', 'rank', 'role', 'status', 'seat_no', 'reply_due_at');
  return rows.map((r) => ({
    id: Number(r.id), group_no: Number(r.group_no), rank: Number(r.rank), role: String(r.role),
    status: String(r.status), seat_no: r.seat_no === null ? null : Number(r.seat_no),
    reply_due_at: r.reply_due_at === null ? null : String(toIsoTimestamp(r.reply_due_at)),
  }));
}

export const replaceExperts = defineTask({
  type: 'experts.replace',
  input,
  async run(ctx, { drawId }) {
    const dealCode = ctx.requireDealCode();
    const draw = await drawOfDeal(ctx.trx, drawId, dealCode);
    assertSealed(draw);
    const at = ctx.now.toISOString();
    let members = await membersOf(ctx.trx, draw.id);

    const overdue = members.filter((m) => m.status === 'invited' && m.reply_due_at !== null && m.reply_due_at <= at);
    if (overdue.length > 0) {
      await ExpertDrawMember.query(ctx.trx).whereIn('id', overdue.map((m) => m.id)).where('status', 'invited')
        .patch({ status: 'timeout', response: 'timeout', responded_at: at });
      members = await membersOf(ctx.trx, draw.id);
    }

    const replacements: Array<{ seat: number; groupNo: number; outRank: number; inRank: number; reason: string }> = [];
    const unfilled: Array<{ seat: number; groupNo: number }> = [];
    // who they are stays sealed: a backup's invitation counts toward the frequency cap from its invited_at
    const newlyInvited: Array<{ memberId: number }> = [];
    for (const vacated of members.filter((m) => m.status === 'declined' || m.status === 'timeout')) {
      const next = members.find((m) => m.group_no === vacated.group_no && m.status === 'standby');
      if (!next) {
        unfilled.push({ seat: vacated.seat_no!, groupNo: vacated.group_no });
        continue;
      }
      await ExpertDrawMember.query(ctx.trx).where('id', vacated.id).patch({ status: 'replaced' });
      await ExpertDrawMember.query(ctx.trx).where('id', next.id).patch({ status: 'invited', seat_no: vacated.seat_no, invited_at: at, replaces_member_id: vacated.id });
      replacements.push({ seat: vacated.seat_no!, groupNo: vacated.group_no, outRank: vacated.rank, inRank: next.rank, reason: vacated.status === 'declined' ? 'decline' : 'timeout' });
      newlyInvited.push({ memberId: next.id });
      vacated.status = 'replaced';
      next.status = 'invited';
      next.seat_no = vacated.seat_no;
    }

    // A backup is notified at once when the invitation details are known; otherwise experts.notify sends it.
    let messages = 0;
    if (draw.evaluation_at && draw.venue && draw.reply_within_minutes) {
      const channels = (await ExpertNotification.query(ctx.trx).where('draw_id', draw.id).distinct('channel'))
        .map((r) => r.channel as Channel).filter((c) => CHANNELS.includes(c)).sort();
      messages = await queueInvitations(ctx.trx, draw, newlyInvited.map((m) => m.memberId), {
        evaluationAt: new Date(draw.evaluation_at), venue: draw.venue, replyWithinMinutes: draw.reply_within_minutes,
        channels: channels.length > 0 ? channels : CHANNELS,
      }, ctx.now, ctx.key, ctx.sealKeys());
    }

    const seats = members.filter((m) => m.status === 'invited' || m.status === 'confirmed');
    const confirmed = seats.filter((m) => m.status === 'confirmed').length;
    const pending = seats.length - confirmed;
    await ctx.emit('experts.replaced', {
      drawId: draw.id, timedOut: overdue.map((m) => ({ seat: m.seat_no, groupNo: m.group_no, rank: m.rank })), replacements, unfilled,
      confirmed, pending, messages,
    });
    return {
      variables: {
        expertsConfirmed: confirmed, expertsPending: pending, expertsUnfilled: unfilled.length,
        expertCommitteeComplete: confirmed === draw.principals,
      },
      result: { drawId: draw.id, replacements: replacements.length, timedOut: overdue.length, unfilled: unfilled.length, confirmed, pending },
    };
  },
});
