import { acceptDeal } from './accept-deal';
import { registerBidder } from './register-bidder';

export const registrationTasks = {
  'registration.acceptDeal': acceptDeal,
  'registration.registerBidder': registerBidder,
};
