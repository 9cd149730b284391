export * from './schemas';
export { applySubjectChanges, type LibraryChange, type ChangeSource } from './apply';
export { searchSubjects, subjectProfile, type SubjectSummary, type SubjectProfile } from './library';
export { submitSubjectApplication, listReviews, decideReview, subjectChain, type ReviewView, type Actor } from './reviews';
export { importRegistryBatch, registryBatch, REGISTRY_FORMAT, FEEDS, type RegistryBatch, type ImportReport, type Feed } from './registry';
export { loadRegistryFeedConfig, pullRegistryFeed, importRegistryInbox, type RegistryFeedConfig, type FeedPassReport } from './feed-sources';
