export * from './catalog';
export * from './worker/worker';
export * from './worker/bundle';
export * from './definitions/definitions';
export * from './supervision';
export * from './kit';
export * from './definitions/reference';
export { verifyArchive } from './archive';
export {
  addSpecialties, enrolExpert, declareRelation, sanctionExpert, setDrawPolicy, verifyDraw, readDrawMembers, recordExpertAnswer,
  dispatchExpertNotifications, startExpertDispatcher, RecordingChannel, HttpGatewayChannel, gatewayChannelsFromEnv,
  type DrawMemberView, type ExpertAnswer, type NotificationChannel,
} from './experts';
export * from './definitions/demo-seed';
export { loadOpeningKeyVault, openingKeyVault, KeyVaultError, type OpeningKeyVault } from './bids/key-vault';
export { wrapStoredOpeningKeys } from './bids/sealing';
