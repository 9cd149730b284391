import type { TaskSpec } from '../step';
import { announceListing, closeListing, openListing } from './terms';

export const listingTasks: Record<string, TaskSpec> = {
  'listing.announce': announceListing,
  'listing.open': openListing,
  'listing.close': closeListing,
};

export { listingBoard, submitListingQuote, type ListingBoard, type BoardQuote, type QuoteAnswer } from './quotes';
