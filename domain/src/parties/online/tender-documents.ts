// Tender documents (招标文件) online: the tenderee or its agency puts them on the platform with the deposit each
// section asks for (at most the statutory cap); a registered bidder downloads them, and every download is recorded —
// who, which file (by SHA-256), when — on the trail and as the bidder's receipt. A new version after the notice is an
// amendment: under 15 days before the deadline it is flagged like a late clarification (§21).
import type { Knex } from 'knex';
import { Deposit, Section, calendarFor } from '@ggzy/db';
import { BusinessError } from '../../step';
import { depositCapFen, depositCapFor } from '../../deposits/rules';
import { assertBiddingPeriod, dealNotFound, loadDeal, partyStepContext, type PartyActor } from './context';
import { clarificationLead, CLARIFICATION_BASIS } from './clarification-rules';
import { postponeForLateClarification } from '../../deadlines/postponements';
import { dealDocumentMeta, listDealDocuments, storeDealDocument, type DealFileMeta } from '../../files/documents';
import type { ObjectStore } from '../../files/object-store';
import { issueReceipt, type ReceiptView } from './receipts';

export const TENDER_DOCUMENTS = 'tender_documents';

export interface TenderDocumentsInput {
  dealCode: string;
  fileName: string;
  mediaType: string;
  /** The bytes, or a file already in the object store (uploaded through the resumable uploads) by its digest. */
  content: Buffer | { sha256: string };
  objects: ObjectStore;
  /** The deposit each section asks for, in fen; a section left out keeps what it had. */
  deposits: Array<{ sectionCode: string; depositFen: number }>;
  actor: PartyActor;
  now: Date;
}

export async function publishTenderDocuments(db: Knex, input: TenderDocumentsInput): Promise<{ document: DealFileMeta; amendment: boolean; late: boolean; receipt: ReceiptView }> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    if (deal.tendereeSubjectId !== actor.subjectId && deal.agentSubjectId !== actor.subjectId) {
      throw new BusinessError('NOT_ORGANISER', '只有招标人或其招标代理机构可以发布招标文件', 'only the tenderee or its agency can publish the tender documents', { dealCode: deal.code });
    }
    if (['terminated', 'failed', 'completed'].includes(deal.status) || (deal.bidDeadlineAt && new Date(deal.bidDeadlineAt).getTime() <= now.getTime())) {
      assertBiddingPeriod(deal, now, { zh: '发布招标文件', en: 'publish tender documents' });
    }
    const sections = await Section.query(trx).where('deal_id', deal.id);
    const cap = depositCapFor(deal.procedureKind);
    for (const d of input.deposits) {
      const section = sections.find((s) => s.section_code === d.sectionCode);
      if (!section) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${deal.code} 没有标段 ${d.sectionCode}`, `deal ${deal.code} has no section ${d.sectionCode}`, { sectionCode: d.sectionCode });
      const capFen = cap && section.estimate_fen !== null ? depositCapFen(Number(section.estimate_fen), cap) : null;
      if (cap && capFen !== null && d.depositFen > capFen) {
        throw new BusinessError('DEPOSIT_OVER_CAP', `标段 ${d.sectionCode} 的保证金 ${d.depositFen} 分超过估算价的${cap.percent}%（上限 ${capFen} 分，${cap.basis.zh}）`, `the deposit of section ${d.sectionCode} (${d.depositFen} fen) exceeds ${cap.percent}% of its estimate (cap ${capFen} fen, ${cap.basis.en})`, { sectionCode: d.sectionCode, capFen });
      }
      const current = section.deposit_required_fen === null ? null : Number(section.deposit_required_fen);
      if (current !== d.depositFen) {
        const paid = await Deposit.query(trx).where('section_id', section.id).select('id').first();
        if (paid) throw new BusinessError('DEPOSIT_AMOUNT_LOCKED', `标段 ${d.sectionCode} 已有投标人提交保证金，保证金金额不能再改`, `bidders already paid deposits for section ${d.sectionCode}: its amount can no longer change`, { sectionCode: d.sectionCode });
        await Section.query(trx).findById(section.id).patch({ deposit_required_fen: d.depositFen });
      }
    }
    const earlier = await listDealDocuments(trx, deal.code, TENDER_DOCUMENTS);
    const version = earlier.length + 1;
    const ctx = partyStepContext(trx, { key: `party-documents:${deal.code}:v${version}`, deal, actor: actor.username, party: actor, now });
    const document = await storeDealDocument(trx, input.objects, { dealCode: deal.code, kind: TENDER_DOCUMENTS, fileName: input.fileName, mediaType: input.mediaType, content: input.content, createdKey: ctx.key, now });
    const amendment = deal.tenderNoticeAt !== null && earlier.length > 0;
    const calendar = await calendarFor(trx, deal.regionCode, now.getTime());
    const late = amendment && deal.bidDeadlineAt !== null && clarificationLead(now, new Date(deal.bidDeadlineAt), calendar).late;
    await ctx.emit('tender_documents.published', {
      documentId: document.id, version, fileName: document.fileName, sha256: document.sha256, sizeBytes: document.sizeBytes, amendment,
      deposits: input.deposits,
    });
    if (late) {
      await ctx.emit('clarification.late', {
        documentId: document.id, bidDeadline: deal.bidDeadlineAt, ...clarificationLead(now, new Date(deal.bidDeadlineAt!), calendar), legalBasis: CLARIFICATION_BASIS.zh,
      });
      await postponeForLateClarification(trx, { dealCode: deal.code, at: now, cause: 'late-amendment', requestKey: `amendment:${document.id}`, actor: actor.username });
    }
    const receipt = await issueReceipt(ctx, { kind: 'documents', deal, actor, section: null, details: { documentId: document.id, version, fileName: document.fileName, sha256: document.sha256, amendment, late } });
    return { document, amendment, late, receipt };
  });
}

export const tenderDocuments = (db: Knex, dealCode: string): Promise<DealFileMeta[]> => listDealDocuments(db, dealCode, TENDER_DOCUMENTS);

/** What the file is, and the download on the trail and as the party's receipt (each download: `requestId` keys it); the bytes are streamed by the caller. */
export async function downloadTenderDocument(db: Knex, input: { dealCode: string; documentId: number; requestId: string; actor: PartyActor; now: Date }): Promise<DealFileMeta & { receipt: ReceiptView }> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    const file = await dealDocumentMeta(trx, deal.code, input.documentId);
    if (!file || file.kind !== TENDER_DOCUMENTS) throw new BusinessError('DOCUMENT_NOT_FOUND', `招标文件不存在：${input.documentId}`, `no such tender document: ${input.documentId}`, { documentId: input.documentId });
    const ctx = partyStepContext(trx, { key: `party-download:${file.id}:${actor.userId}:${input.requestId}`, deal, actor: actor.username, party: actor, now });
    const receipt = await issueReceipt(ctx, { kind: 'download', deal, actor, section: null, details: { documentId: file.id, fileName: file.fileName, sha256: file.sha256, sizeBytes: file.sizeBytes } });
    return { ...file, receipt };
  });
}
