// The parties' own portal as the api serves it. Every deal route first asks who the party is in the deal (the one
// relation function of the domain): a deal it has no relation to looks like one that does not exist (unless it is
// open for bidding, when its public part is shown); an act its relation does not allow is forbidden.
import type { Db } from '@ggzy/db';
import {
  BusinessError, answerQuestion, documentStream, uploadedBy, type ObjectStore, askQuestion, dealForParty, downloadTenderDocument, isLiveBidder, isOpenForBidding, isOrganiser, isRelated,
  loadDeal, myDeals, openDeals, publishTenderDocuments, questionsForStaff, receiveBankNotification, registerForSection, relationOf,
  submitGuarantee, withdrawRegistration, type BankNotification, type DealRelation, type GuaranteeIssuers, type PartyActor,
} from '@ggzy/domain';
import type { Principal } from '../auth/principal';
import { AppError, ERRORS, type ErrorCode } from '../http/errors';
import { storeOf } from './files';

/** Domain refusals by code: those the api knows by the same name keep it; a few are named as the api names them. */
const RENAMED: Record<string, ErrorCode> = { DEAL_NOT_FOUND: 'NOT_FOUND', INVALID_INPUT: 'VALIDATION_FAILED' };

export async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof BusinessError)) throw err;
    const code: ErrorCode = RENAMED[err.code] ?? (err.code in ERRORS ? err.code as ErrorCode : 'CONFLICT');
    const error = new AppError(code, [{ path: '', message: err.en }]);
    error.localized = { zh: err.zh, en: err.en };
    throw error;
  }
}

/** The signed-in person of a market subject, as the domain's party acts name it. */
export function actorOf(principal: Principal): PartyActor {
  const party = principal.party;
  if (!party) throw new AppError('FORBIDDEN');
  return {
    userId: principal.userId, username: principal.username, subjectId: party.subjectId, creditCode: party.creditCode, subjectName: party.subjectName,
    personId: party.personId, personName: party.personName,
  };
}

type Need = 'related' | 'organiser' | 'bidder' | 'organiser-or-bidder';

/** The party's relation to the deal, or the refusal: no relation is "not found", the wrong relation "forbidden". */
async function authorize(db: Db, actor: PartyActor, dealCode: string, need: Need): Promise<DealRelation> {
  const relation = await relationOf(db, actor.subjectId, dealCode);
  if (!relation || !isRelated(relation)) throw new AppError('NOT_FOUND');
  const organiser = isOrganiser(relation);
  const bidder = isLiveBidder(relation);
  if (need === 'organiser' && !organiser) throw new AppError('NOT_ORGANISER');
  if (need === 'bidder' && !bidder) throw new AppError('NOT_REGISTERED_BIDDER');
  if (need === 'organiser-or-bidder' && !organiser && !bidder) throw new AppError('NOT_REGISTERED_BIDDER');
  return relation;
}

export const listOpenDeals = (db: Db) => openDeals(db, new Date());

export const listMyDeals = (db: Db, principal: Principal) => myDeals(db, actorOf(principal), new Date());

export async function deal(db: Db, principal: Principal, dealCode: string) {
  const found = await dealForParty(db, dealCode, actorOf(principal), new Date());
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}

/** 报名 needs no relation yet, but a deal that is neither open nor its business stays hidden. */
export async function register(db: Db, principal: Principal, dealCode: string, sectionCode: string) {
  const actor = actorOf(principal);
  const now = new Date();
  const found = await loadDeal(db, dealCode, now);
  if (!found || (!isOpenForBidding(found, now) && !isRelated(await relationOf(db, actor.subjectId, dealCode)))) throw new AppError('NOT_FOUND');
  return refusing(() => registerForSection(db, { dealCode, sectionCode, actor, now }));
}

export async function withdraw(db: Db, principal: Principal, dealCode: string, sectionCode: string) {
  const actor = actorOf(principal);
  await authorize(db, actor, dealCode, 'related');
  return refusing(() => withdrawRegistration(db, { dealCode, sectionCode, actor, now: new Date() }));
}

/**
 * The tender documents: a file the organiser uploaded (resumable uploads) named by its SHA-256 — only its own
 * uploads, so nobody publishes a file they could not read — or, for a small one, its bytes in base64.
 */
export async function publishDocuments(db: Db, objects: ObjectStore | null | undefined, principal: Principal, dealCode: string, input: {
  fileName: string; mediaType: string; sha256?: string; contentBase64?: string; deposits: Array<{ sectionCode: string; depositFen: number }>;
}) {
  const actor = actorOf(principal);
  await authorize(db, actor, dealCode, 'organiser');
  const store = storeOf(objects);
  let content: Buffer | { sha256: string };
  if (input.sha256) {
    const sha256 = input.sha256.toLowerCase();
    if (!(await uploadedBy(db, sha256, principal.userId)) || (await store.size(sha256)) === null) {
      throw new AppError('NOT_FOUND', [{ path: 'sha256', message: 'no completed upload of yours has this SHA-256' }]);
    }
    content = { sha256 };
  } else {
    content = Buffer.from(input.contentBase64 ?? '', 'base64');
  }
  return refusing(() => publishTenderDocuments(db, { dealCode, fileName: input.fileName, mediaType: input.mediaType, content, objects: store, deposits: input.deposits, actor, now: new Date() }));
}

/** The download recorded (trail, receipt), then the bytes streamed from the object store. */
export async function download(db: Db, objects: ObjectStore | null | undefined, principal: Principal, dealCode: string, documentId: number, requestId: string) {
  const actor = actorOf(principal);
  await authorize(db, actor, dealCode, 'organiser-or-bidder');
  const store = storeOf(objects);
  const file = await refusing(() => downloadTenderDocument(db, { dealCode, documentId, requestId, actor, now: new Date() }));
  return { ...file, body: await documentStream(db, store, file.id) };
}

export async function ask(db: Db, principal: Principal, dealCode: string, input: { requestId: string; question: string; sectionCode?: string }) {
  const actor = actorOf(principal);
  await authorize(db, actor, dealCode, 'bidder');
  return refusing(() => askQuestion(db, { dealCode, ...input, actor, now: new Date() }));
}

export async function answer(db: Db, principal: Principal, dealCode: string, questionId: number, text: string) {
  const actor = actorOf(principal);
  await authorize(db, actor, dealCode, 'organiser');
  return refusing(() => answerQuestion(db, { dealCode, questionId, answer: text, actor, now: new Date() }));
}

export async function guarantee(db: Db, issuers: GuaranteeIssuers | undefined, principal: Principal, dealCode: string, sectionCode: string, input: { issuerId: string; guaranteeNo: string; requestId: string }) {
  const actor = actorOf(principal);
  await authorize(db, actor, dealCode, 'bidder');
  if (!issuers) throw new AppError('GUARANTEE_ISSUER_UNKNOWN');
  return refusing(() => submitGuarantee(db, issuers, { dealCode, sectionCode, ...input, actor, now: new Date() }));
}

export const staffQuestions = (db: Db, principal: Principal, query: { dealCode?: string; limit: number }) =>
  questionsForStaff(db, { regions: principal.visibleRegions, ...query });

export const bankNotification = (db: Db, notification: BankNotification) => refusing(() => receiveBankNotification(db, notification, new Date()));
