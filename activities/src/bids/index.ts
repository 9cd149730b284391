import type { TaskFactory } from '../kit';
import { openBids } from './open-bids';
import { submitBid } from './submit-bid';
import { withdrawBid } from './withdraw-bid';

export const bidTasks: Record<string, TaskFactory> = {
  'bids.submit': submitBid,
  'bids.withdraw': withdrawBid,
  'bids.open': openBids,
};
