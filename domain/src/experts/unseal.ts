// experts.unseal (解密): at evaluation start the draw is unsealed; from then on the roles allowed to see it can read
// the list (readDrawMembers), and the seed is published so anyone holding the snapshot can replay the draw.
import { z } from 'zod';
import { ExpertDraw, ExpertDrawMember } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { assertSealed, drawOfDeal } from './draw-records';

const input = z.object({ drawId: z.number().int().positive() });

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
    await ExpertDraw.query(ctx.trx).where('id', draw.id).patch({ status: 'unsealed', unsealed_at: ctx.now.toISOString(), unsealed_key: ctx.key });
    await ctx.emit('experts.unsealed', {
      drawId: draw.id, confirmed, seed: draw.seed, seedCommitment: draw.seed_commitment, snapshotHash: draw.snapshot_hash,
    });
    return { variables: { expertDrawUnsealed: true }, result: { drawId: draw.id, confirmed } };
  },
});
