// The platform's business rules and queries over the six unified databases, as plain functions: what the worker's
// activities and the api both need. Nothing here knows about Temporal or HTTP.
import type { TaskSpec } from './step';
import { registrationTasks } from './registration';
import { venueTasks } from './venue';
import { bidTasks } from './bids';
import { expertTasks } from './experts';
import { depositTasks } from './deposits';
import { feeTasks } from './fees';
import { awardTasks } from './awards';
import { noticeTasks } from './notices';
import { alertTasks } from './alerts';
import { exchangeTasks } from './exchange';
import { archiveTasks } from './archive';
import { complaintTasks } from './complaints';
import { screenTasks } from './screens';
import { listingTasks } from './listing';
export { complaintDaysElapsed, COMPLAINT_WINDOW_DAYS } from './complaints/file-complaint';

/** The business capabilities, each a map of task type → step (one folder per capability). */
export const CAPABILITIES: ReadonlyArray<Readonly<Record<string, TaskSpec>>> = [
  registrationTasks, venueTasks, bidTasks, expertTasks, depositTasks, feeTasks, awardTasks, noticeTasks, alertTasks,
  exchangeTasks, archiveTasks, complaintTasks, screenTasks, listingTasks,
];

export * from './step';
export * from './screens';
export * from './prices';
export * from './dashboards';
export * from './supervision';
export { projectProcess } from './processes/projection';
export { MASKED, SECRET_VARIABLES, maskSecrets, secretRuleFor } from './processes/variable-secrets';
export * from './definitions/definitions';
export * from './definitions/event-starts';
export * from './definitions/reference';
export * from './decisions';
export * from './definitions/demo-seed';
export { verifyArchive, type ArchiveVerdict, type ArchiveDifference } from './archive';
export {
  addSpecialties, enrolExpert, declareRelation, sanctionExpert, setDrawPolicy, verifyDraw, readDrawMembers, recordExpertAnswer,
  dispatchExpertNotifications, RecordingChannel, HttpGatewayChannel, gatewayChannelsFromEnv,
  SEAL_KEYS_VARIABLE, SealError, defaultListSealer, listSealer, loadListSealer, rewrapSealedDraws, type ListSealer,
  type DrawMemberView, type ExpertAnswer, type NotificationChannel, type ExpertDispatchOptions, type ExpertDispatchReport,
} from './experts';
export { loadExchangeConfig, dispatchOnce, requeueRejected, type ExchangeConfig, type DispatchOptions, type DispatchReport } from './exchange';
export { loadOpeningKeyVault, openingKeyVault, defaultOpeningKeyVault, KeyVaultError, type OpeningKeyVault } from './bids/key-vault';
export { wrapStoredOpeningKeys } from './bids/sealing';
export { dealBidsOpened } from './bids/opened';
export { NOTICE_TYPES } from './notices/periods';
export * from './subjects';
export * from './files';
export * from './parties';
export * from './bids/hall';
export { sealingKeyForBidder, submitSealedBid, openingForBidder, openingForParty, openingForWatcher, openingHallsOfDeal, handOverShare, readOut, envelopeSchema, type SubmissionAnswer, type ClientFingerprint } from './bids/sealed';
export { sealBid, openBid, openBidderShare, openPlatformShare, envelopeSigningText, sha256Hex, base64 as envelopeBase64, EnvelopeError, ENVELOPE_FORMAT, type BidContent, type SealedBidEnvelope, type RecipientKey, type ShareKey } from './bids/envelope';
export * from './deadlines';
export { listingBoard, submitListingQuote, type ListingBoard, type BoardQuote, type QuoteAnswer } from './listing';
