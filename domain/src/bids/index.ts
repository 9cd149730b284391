import type { TaskSpec } from '../step';
import { finalizeOpening, openBids } from './open-bids';
import { assertEnoughBids, openBidding } from './bidding';
import { submitBid } from './submit-bid';
import { withdrawBid } from './withdraw-bid';

export const bidTasks: Record<string, TaskSpec> = {
  'bids.submit': submitBid,
  'bids.withdraw': withdrawBid,
  'bids.open': openBids,
  'bids.finalizeOpening': finalizeOpening,
  'bids.openBidding': openBidding,
  'bids.assertEnoughBids': assertEnoughBids,
};
