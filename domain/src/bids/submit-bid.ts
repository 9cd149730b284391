// bids.submit (递交投标文件): a registered bidder submits, before the deadline, its document's SHA-256 and its
// price sealed until the opening. A later submission replaces the current one as a new version; old ones are kept.
import { z } from 'zod';
import { Bid, BidSubmission } from '@ggzy/db';
import { code, creditCode, defineTask } from '../step';
import { assertNotSanctioned } from '../credit/sanctions';
import { sealPrice, sectionSealingKey } from './sealing';
import { assertBeforeDeadline, assertSectionOpen, instant, lockSection, registrationOf } from './section';

const input = z.object({
  sectionCode: code,
  bidder: creditCode,
  priceFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  documentSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 digest in hex (64 characters)').transform((h) => h.toLowerCase()),
  deadline: instant,
});

export const submitBid = defineTask({
  type: 'bids.submit',
  input,
  async run(ctx, bid) {
    const section = await lockSection(ctx, bid.sectionCode);
    assertSectionOpen(section);
    assertBeforeDeadline(section, new Date(bid.deadline), ctx.now);
    const registration = await registrationOf(ctx, section, bid.bidder);
    await assertNotSanctioned(ctx.trx, bid.bidder, ctx.now);

    const at = ctx.now.toISOString();
    // an aggregate, clearer as plain knex
    const last = await ctx.trx('bid_submissions').where('bid_id', registration.id).max('version as version').first();
    const replaces = last?.version == null ? null : Number(last.version);
    const version = (replaces ?? 0) + 1;
    const publicKey = await sectionSealingKey(ctx.trx, section.id, ctx.now, ctx.openingKeys());
    const sealedPrice = sealPrice(publicKey, bid.priceFen, { sectionId: section.id, bidId: registration.id, version, documentSha256: bid.documentSha256 });
    await BidSubmission.query(ctx.trx).where('bid_id', registration.id).whereNull('superseded_at').patch({ superseded_at: at });
    await BidSubmission.query(ctx.trx).insert({
      bid_id: registration.id, version, document_sha256: bid.documentSha256, sealed_price: sealedPrice, submitted_key: ctx.key, submitted_at: at,
    });
    await Bid.query(ctx.trx).findById(registration.id).patch({ status: 'submitted' });
    // The price stays out of the trail until the opening reads it out.
    const submitted = { sectionCode: section.code, bidder: bid.bidder, bidId: registration.id, version, documentSha256: bid.documentSha256, submittedAt: at };
    await ctx.emit('bid.submitted', { ...submitted, replacesVersion: replaces });
    return { result: submitted };
  },
});
