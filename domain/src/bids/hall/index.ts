// 不见面开标大厅: sign-in (签到), objections (异议) and the opening record (开标记录) with its confirmations.
export { hallChallenge, signInToHall, HALL_CHALLENGE_TTL_MS, type HallSignInView } from './sign-in';
export { raiseObjection, answerObjection, type ObjectionView } from './objections';
export { issueOpeningRecord, confirmOpeningRecord, openingRecordFile, type RecordView, type ConfirmationView } from './record';
export { hallParts, type HallAudience } from './state';
export { hallStage, type Host, type HallStage } from './hall-acts';
export { renderOpeningRecordHtml } from './record-html';
export * from './texts';
