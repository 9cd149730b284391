import type { TaskSpec } from '../step';
import { finalizeOpening, openBids } from './open-bids';
import { submitBid } from './submit-bid';
import { withdrawBid } from './withdraw-bid';

export const bidTasks: Record<string, TaskSpec> = {
  'bids.submit': submitBid,
  'bids.withdraw': withdrawBid,
  'bids.open': openBids,
  'bids.finalizeOpening': finalizeOpening,
};
