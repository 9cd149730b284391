// experts.unseal (解密): at evaluation start the draw is unsealed: its list, seed and messages are decrypted and
// written back in clear (the data key is then dropped), the invitations are recorded for the frequency cap, and
// from then on the roles allowed to see it can read the list (readDrawMembers); the seed is published so anyone
// holding the snapshot can replay the draw.
import type { Knex } from 'knex';
import { z } from 'zod';
import { ExpertDraw, ExpertDrawMember, ExpertNotification, toIsoTimestamp } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { assertSealed, dataKeyOf, drawOfDeal, memberIdentities, recordEngagements, type DrawRow } from './draw-records';
import { openValue, sealedAad, type ListSealer } from './list-seal';

const input = z.object({ drawId: z.number().int().positive() });

/** Writes the draw's sealed values back in clear; answers the seed and how many members and messages were opened. */
async function openList(trx: Knex, draw: DrawRow, sealer: ListSealer, at: Date): Promise<{ seed: string; members: number; messages: number }> {
  if (!draw.sealed_data_key) return { seed: draw.seed!, members: 0, messages: 0 };
  const dataKey = dataKeyOf(draw, sealer);
  const seed = openValue(dataKey, sealedAad.seed(draw.id), draw.sealed_seed!);
  const identities = await memberIdentities(trx, draw, sealer);
  for (const m of identities) await ExpertDrawMember.query(trx).where('id', m.memberId).patch({ expert_id: m.expertId, sealed_expert: null });
  const messages = await ExpertNotification.query(trx).where('draw_id', draw.id).whereNotNull('sealed_message').select('id', 'idempotency_key', 'sealed_message');
  for (const n of messages) {
    const { recipient, body } = JSON.parse(openValue(dataKey, sealedAad.message(draw.id, n.idempotency_key), n.sealed_message!)) as { recipient: string; body: string };
    await ExpertNotification.query(trx).where('id', n.id).patch({ recipient, body, sealed_message: null });
  }
  await ExpertDraw.query(trx).where('id', draw.id).patch({ seed, sealed_seed: null, sealed_data_key: null });
  // every member invited while sealed (principals at the draw, backups at a replacement) counts toward the cap
  const invited = await ExpertDrawMember.query(trx).where('draw_id', draw.id).whereNotNull('invited_at').select('id', 'invited_at');
  const byId = new Map(identities.map((m) => [m.memberId, m.expertId]));
  for (const m of invited) {
    await recordEngagements(trx, [{ expertId: byId.get(Number(m.id))!, drawId: draw.id, memberId: Number(m.id) }], m.invited_at === null ? at : new Date(String(toIsoTimestamp(m.invited_at))));
  }
  return { seed, members: identities.length, messages: messages.length };
}

export const unsealDraw = defineTask({
  type: 'experts.unseal',
  input,
  async run(ctx, { drawId }) {
    const dealCode = ctx.requireDealCode();
    const draw = await drawOfDeal(ctx.trx, drawId, dealCode);
    assertSealed(draw);
    const seats = await ExpertDrawMember.query(ctx.trx).where('draw_id', draw.id).whereNotNull('seat_no')
      .whereIn('status', ['invited', 'confirmed']).select('seat_no', 'status');
    const confirmed = seats.filter((s) => s.status === 'confirmed').length;
    if (confirmed < draw.principals) {
      throw new BusinessError(
        'COMMITTEE_INCOMPLETE',
        `评标专家尚未全部确认：应到 ${draw.principals} 人，已确认 ${confirmed} 人，不能解密`,
        `the committee is incomplete: ${confirmed} of ${draw.principals} experts confirmed; the draw cannot be unsealed`,
        { drawId: draw.id, principals: draw.principals, confirmed },
      );
    }
    const opened = await openList(ctx.trx, draw, ctx.sealKeys(), ctx.now);
    await ExpertDraw.query(ctx.trx).where('id', draw.id).patch({ status: 'unsealed', unsealed_at: ctx.now.toISOString(), unsealed_key: ctx.key });
    await ctx.emit('experts.unsealed', {
      drawId: draw.id, confirmed, seed: opened.seed, seedCommitment: draw.seed_commitment, snapshotHash: draw.snapshot_hash,
      decrypted: { members: opened.members, messages: opened.messages },
    });
    return { variables: { expertDrawUnsealed: true }, result: { drawId: draw.id, confirmed } };
  },
});
