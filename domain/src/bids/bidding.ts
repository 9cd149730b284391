// bids.openBidding (开始投标): when the tender documents are out, each section of the deal gets its opening key pair —
// made here, in the worker, which holds the secret the private half is wrapped with — so bidders can seal their bids to
// it; what parties do during the bidding period (报名, deposits, sealed bids) they do themselves, through the api.
// bids.assertEnoughBids (开标有效性): after the opening record, fewer than three valid bids ends the tender (实施条例 §44).
import { z } from 'zod';
import { BidOpening, Deal, Section } from '@ggzy/db';
import { BusinessError, code, defineTask } from '../step';
import { sectionSealingKey } from './sealing';
import { MINIMUM_BIDS, fewerThanThreeBids } from './open-bids';

export const openBidding = defineTask({
  type: 'bids.openBidding',
  input: z.object({}),
  async run(ctx) {
    const dealCode = ctx.requireDealCode();
    const deal = await Deal.query(ctx.trx).modify('byDealCode', dealCode).select('id', 'status').first();
    if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
    const sections = await Section.query(ctx.trx).where('deal_id', deal.id).orderBy('section_code').select('id', 'section_code', 'status');
    const keys: Array<{ sectionCode: string; publicKey: string }> = [];
    for (const s of sections) keys.push({ sectionCode: s.section_code, publicKey: await sectionSealingKey(ctx.trx, s.id, ctx.now, ctx.openingKeys()) });
    await ctx.emit('bidding.opened', { sections: keys.map((k) => k.sectionCode) });
    return { result: { sections: keys } };
  },
});

export const assertEnoughBids = defineTask({
  type: 'bids.assertEnoughBids',
  input: z.object({ sectionCode: code }),
  async run(ctx, request) {
    const dealCode = ctx.requireDealCode();
    const section = await Section.query(ctx.trx).alias('s').join('deals as d', 'd.id', 's.deal_id').where({ 's.section_code': request.sectionCode, 'd.deal_code': dealCode })
      .select('s.id', 'd.procedure_kind').first().castTo<{ id: number; procedure_kind: string } | undefined>();
    if (!section) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${request.sectionCode}`, `deal ${dealCode} has no section ${request.sectionCode}`);
    const opening = await BidOpening.query(ctx.trx).modify('ofSection', section.id).first();
    if (!opening || opening.status !== 'complete') {
      throw new BusinessError('BIDS_NOT_OPENED', `标段 ${request.sectionCode} 尚未完成开标`, `section ${request.sectionCode} has not been opened`, { sectionCode: request.sectionCode });
    }
    if (opening.valid_bid_count < MINIMUM_BIDS) throw fewerThanThreeBids(section.procedure_kind, request.sectionCode, opening.valid_bid_count, {}, true);
    await ctx.emit('bids.checked', { sectionCode: request.sectionCode, validBids: opening.valid_bid_count, required: MINIMUM_BIDS });
    return { result: { sectionCode: request.sectionCode, validBids: opening.valid_bid_count } };
  },
});
