import { acceptDeal } from './accept-deal';
import { closeDeal } from './close-deal';
import { registerBidder } from './register-bidder';

export const registrationTasks = {
  'registration.acceptDeal': acceptDeal,
  'registration.registerBidder': registerBidder,
  'registration.closeDeal': closeDeal,
};
