// registration.registerBidder (投标报名): a bidder registers for a section; a sanctioned subject is refused.
import { z } from 'zod';
import { Bid } from '@ggzy/db';
import { BusinessError, code, defineTask, party } from '../step';
import { assertNotSanctioned } from '../credit/sanctions';
import { upsertSubject } from './subjects';

const input = z.object({
  sectionCode: code,
  bidder: party.extend({ basicAccount: z.string().trim().min(6).max(64).optional() }),
});

export const registerBidder = defineTask({
  type: 'registration.registerBidder',
  input,
  async run(ctx, { sectionCode, bidder }) {
    const dealCode = ctx.requireDealCode();
    // the section joined to its deal's code and status, clearer as plain knex
    const section = await ctx.trx('sections as s').join('deals as d', 'd.id', 's.deal_id')
      .where({ 's.section_code': sectionCode, 'd.deal_code': dealCode }).first('s.id', 's.status', 'd.status as deal_status');
    if (!section) {
      throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${sectionCode}`, `deal ${dealCode} has no section ${sectionCode}`, { dealCode, sectionCode });
    }
    if (section.status !== 'open' || section.deal_status === 'terminated') {
      throw new BusinessError('SECTION_CLOSED', `标段 ${sectionCode} 已不接受报名`, `section ${sectionCode} no longer accepts registrations`, { sectionCode });
    }
    await assertNotSanctioned(ctx.trx, bidder.creditCode, ctx.now);
    const bidderId = await upsertSubject(ctx.trx, ctx.now, { ...bidder, kind: 'bidder' });
    const duplicate = await Bid.query(ctx.trx).modify('ofBidder', section.id, bidderId).select('id').first();
    if (duplicate) {
      throw new BusinessError('BID_ALREADY_REGISTERED', `投标人 ${bidder.creditCode} 已报名标段 ${sectionCode}`, `bidder ${bidder.creditCode} is already registered for section ${sectionCode}`, { sectionCode, creditCode: bidder.creditCode });
    }
    const row = await Bid.query(ctx.trx).insert({
      section_id: section.id, bidder_subject_id: bidderId, status: 'registered', registered_at: ctx.now.toISOString(),
    });
    const bidId = Number(row.id);
    await ctx.emit('bid.registered', { sectionCode, bidder: bidder.creditCode, bidId });
    return { result: { bidId, sectionCode, bidder: bidder.creditCode } };
  },
});
