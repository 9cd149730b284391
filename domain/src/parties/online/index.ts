// The parties online (全流程电子化): what a bidder, tenderee or agency does on the platform by itself — 报名, tender
// documents, 答疑, deposits — each a domain step in one transaction with its trail event and the party's receipt.
export { type PartyActor, type PartyOfAct, type PartyDeal, loadDeal, isOpenForBidding } from './context';
export { type Receipt, type ReceiptView, receiptHash } from './receipts';
export { registerForSection, withdrawRegistration, depositAccountNo, type RegistrationAnswer, type WithdrawalAnswer } from './registration';
export { publishTenderDocuments, downloadTenderDocument, tenderDocuments, TENDER_DOCUMENTS } from './tender-documents';
export { askQuestion, answerQuestion, questionsForStaff, type QuestionView, type QuestionStaffView } from './clarifications';
export { CLARIFICATION_LEAD_DAYS, CLARIFICATION_BASIS, clarificationLead } from './clarification-rules';
export { receiveBankNotification, submitGuarantee, type BankNotification, type BankAnswer } from './deposits';
export { httpGuaranteeIssuers, guaranteeIssuersFromEnv, type GuaranteeIssuers, type GuaranteeIssuer, type GuaranteeCheck } from './guarantee-issuers';
export { openDeals, dealForParty, myDeals, depositStatus, type DealForParty, type DealSummary, type DepositStatus, type SectionForParty } from './views';
export {
  raiseDealObjection, answerDealObjection, objectionsForParty, objectionsForStaff, objectionHoldOf,
  type DealDirectives, type HoldOutcome, type ObjectionFile, type DealObjectionView, type DealObjectionWithObjector, type ObjectionHoldView,
} from './objections';
export { OBJECTION_KINDS, OBJECTION_BASIS, answerDueAt, documentsObjectionUntil, resultObjectionUntil, isOverdue, type ObjectionKind } from './objection-rules';
