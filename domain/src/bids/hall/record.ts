// 开标记录: once the opening is closed (bids.finalizeOpening: the bids read out, the others rejected) and every
// objection answered, the host of the hall — the tenderee or its agency, failing them the centre's staff — makes the
// record: its canonical JSON (what is hashed and signed) and its printable HTML go into the object store, named by
// SHA-256, and become documents of the deal; the hashes go on the trail. Each bidder then confirms the record by
// signing its SHA-256 with its certificate key in the browser (verified here, kept), or leaves it unconfirmed.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { OpeningRecord, OpeningRecordConfirmation, OpeningSignIn, Subject, StoredFile, type BidOpening, type Section } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import type { ObjectStore } from '../../files/object-store';
import { storeDealDocument } from '../../files/documents';
import type { TrustedCa } from '../../parties/pki/verify';
import { partyStepContext, type PartyActor, type PartyDeal } from '../../parties/online/context';
import { issueReceipt } from '../../parties/online/receipts';
import type { BidContent } from '../envelope';
import { dealAndSection, liveBid, refuse } from '../party-section';
import { checkBidderSignature, hallEvent, hallStage, lockHall, type Host } from './hall-acts';
import { objectionsOf } from './objections';
import { renderOpeningRecordHtml } from './record-html';
import { OPENING_RECORD_FORMAT, recordConfirmationText, type OpeningRecordDocument, type RecordBid } from './texts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function partyOf(db: Knex, subjectId: number | null) {
  if (subjectId === null) return null;
  const s = await Subject.query(db).findById(subjectId).select('credit_code', 'name');
  return s ? { creditCode: s.credit_code, name: s.name } : null;
}

interface LineRow {
  line_no: number; credit_code: string; name: string; price_fen: number | string | null; invalid_reason: string | null; document_sha256: string;
  envelope_sha256: string | null; opened_content: string | null; decrypted_at: string | Date | null;
}

async function recordBids(db: Knex, openingId: number): Promise<RecordBid[]> {
  // the opening's lines with their bidders and, for bids sealed by the bidder, what their envelopes opened to
  const rows: LineRow[] = await db('bid_opening_lines as l').join('subjects as p', 'p.id', 'l.bidder_subject_id')
    .leftJoin('bid_envelopes as e', 'e.submission_id', 'l.submission_id').where('l.opening_id', openingId).orderBy('l.line_no')
    .select('l.line_no', 'p.credit_code', 'p.name', 'l.price_fen', 'l.invalid_reason', 'l.document_sha256', 'e.envelope_sha256', 'e.opened_content', 'e.decrypted_at');
  return rows.map((r) => {
    const opened = r.invalid_reason === null && r.price_fen !== null;
    const content = opened && r.opened_content ? JSON.parse(r.opened_content) as BidContent : null;
    return {
      lineNo: Number(r.line_no), bidder: r.credit_code, name: r.name, status: opened ? 'opened' : 'rejected',
      rejectedBecause: opened ? null : (r.invalid_reason ?? 'not_decrypted') as RecordBid['rejectedBecause'],
      priceFen: opened ? Number(r.price_fen) : null, durationDays: content?.durationDays ?? null, commitments: content?.commitments ?? [],
      documents: content?.documents ?? [], envelopeSha256: r.envelope_sha256 ?? r.document_sha256,
      decryptedAt: opened && r.decrypted_at ? new Date(r.decrypted_at).toISOString() : null,
    };
  });
}

async function buildRecord(db: Knex, deal: PartyDeal, section: Section, opening: BidOpening, host: Host, now: Date): Promise<OpeningRecordDocument> {
  const signIns = await OpeningSignIn.query(db).alias('i').join('subjects as p', 'p.id', 'i.subject_id').where('i.section_id', section.id).orderBy('i.signed_in_at').orderBy('i.id')
    .select('p.credit_code', 'p.name', 'i.person_name', 'i.signed_in_at', 'i.certificate_fingerprint')
    .castTo<Array<{ credit_code: string; name: string; person_name: string; signed_in_at: string | Date; certificate_fingerprint: string }>>();
  const objections = await objectionsOf(db, section.id);
  return {
    format: OPENING_RECORD_FORMAT,
    deal: { code: deal.code, title: deal.title, regionCode: deal.regionCode },
    tenderee: await partyOf(db, deal.tendereeSubjectId), agency: await partyOf(db, deal.agentSubjectId),
    section: { code: section.section_code, name: section.name },
    bidDeadline: new Date(opening.deadline_at).toISOString(), sealRemovedAt: new Date(opening.opened_at).toISOString(),
    decryptUntil: opening.decrypt_until ? new Date(opening.decrypt_until).toISOString() : null,
    signIns: signIns.map((s) => ({ bidder: s.credit_code, name: s.name, person: s.person_name, signedInAt: new Date(s.signed_in_at).toISOString(), certificateFingerprint: s.certificate_fingerprint })),
    bids: await recordBids(db, Number(opening.id)),
    objections: objections.map((o, i) => ({
      no: i + 1, bidder: o.bidder, name: o.name, text: o.text, raisedAt: new Date(o.raisedAt).toISOString(), answer: o.answer!,
      answeredBy: { role: o.answeredByRole as Host['role'], name: o.answeredByName! }, answeredAt: new Date(o.answeredAt!).toISOString(),
    })),
    issuedAt: now.toISOString(),
    issuedBy: { role: host.role, name: host.name },
  };
}

const unanswered = (sectionCode: string) => refuse('OBJECTIONS_UNANSWERED', '还有异议未答复，答复后才能形成开标记录', 'answer every objection before the record is made', { sectionCode });

export interface RecordView { sectionCode: string; recordSha256: string; htmlSha256: string; issuedAt: string; issuedByRole: string }

const recordView = (sectionCode: string, r: OpeningRecord): RecordView => ({
  sectionCode, recordSha256: r.record_sha256, htmlSha256: r.html_sha256, issuedAt: r.issued_at, issuedByRole: r.issued_by_role,
});

/** Makes the section's opening record, once; made before, it answers that one. */
export async function issueOpeningRecord(db: Knex, store: ObjectStore, input: { dealCode: string; sectionCode: string; host: Host; now: Date }): Promise<RecordView> {
  const { host, now } = input;
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, now);
  const first = await hallStage(db, section.id);
  if (first.record) return recordView(section.section_code, first.record);
  if (first.stage !== 'complete') throw refuse('OPENING_NOT_CLOSED', '开标尚未结束（解密时段未结束），不能形成开标记录', 'the opening is not closed yet (the decryption window is open): no record yet', { sectionCode: section.section_code });
  if ((await objectionsOf(db, section.id)).some((o) => !o.answeredAt)) throw unanswered(section.section_code);
  const record = await buildRecord(db, deal, section, first.opening!, host, now);
  const json = Buffer.from(canonicalJson(record), 'utf8');
  const recordSha256 = sha256(json);
  const html = Buffer.from(renderOpeningRecordHtml(record, recordSha256), 'utf8');
  // content-addressed: writing the same bytes again is harmless, so the files go in before the rows that name them
  const storedJson = await store.putBytes(json);
  const storedHtml = await store.putBytes(html);
  return db.transaction(async (trx) => {
    await lockHall(trx, section.id);
    const again = await hallStage(trx, section.id);
    if (again.record) return recordView(section.section_code, again.record);
    // an objection raised or answered since the record was read: the record would not say it
    const objections = await objectionsOf(trx, section.id);
    if (objections.length !== record.objections.length || objections.some((o) => !o.answeredAt)) throw unanswered(section.section_code);
    const at = now.toISOString();
    const key = `opening-record:${section.section_code}`;
    // documents of the deal like its notices and letters: the archive seals them with the rest
    for (const [file, kind, fileName, mediaType] of [
      [storedJson, 'opening_record', `开标记录-${section.section_code}.json`, 'application/json'],
      [storedHtml, 'opening_record_html', `开标记录-${section.section_code}.html`, 'text/html'],
    ] as const) {
      await storeDealDocument(trx, store, { dealCode: deal.code, sectionCode: section.section_code, kind, fileName, mediaType, content: { sha256: file.sha256 }, createdKey: `${key}/${kind}`, now });
    }
    const row = await OpeningRecord.query(trx).insert({
      section_id: section.id, opening_id: Number(again.opening!.id), record_sha256: recordSha256, html_sha256: storedHtml.sha256, issued_by: host.username, issued_by_role: host.role, issued_at: at,
    });
    await hallEvent(trx, deal, {
      key, kind: 'opening.record_issued', actor: host.username, now,
      payload: {
        sectionCode: section.section_code, recordSha256, htmlSha256: storedHtml.sha256, format: OPENING_RECORD_FORMAT, issuedBy: { role: host.role, name: host.name },
        bids: record.bids.length, opened: record.bids.filter((b) => b.status === 'opened').length, objections: record.objections.length, signIns: record.signIns.length,
      },
    });
    return recordView(section.section_code, row);
  });
}

export interface ConfirmationView { bidder: string; name: string; person: string; confirmedAt: string; certificateFingerprint: string }

/**
 * A bidder confirms the record: its signature over the confirmation text (which names the record's SHA-256) with the
 * certificate it signed in with, checked as at sign-in. A bidder whose bid is not in the record has nothing to confirm.
 */
export async function confirmOpeningRecord(db: Knex, input: {
  dealCode: string; sectionCode: string; recordSha256: string; signature: string; certificatePem: string | null; cas: readonly TrustedCa[]; actor: PartyActor; now: Date;
}): Promise<ConfirmationView> {
  const { actor, now } = input;
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, now);
  await liveBid(db, section.id, actor.subjectId, section.section_code);
  const { record } = await hallStage(db, section.id);
  if (!record) throw refuse('NO_OPENING_RECORD', '开标记录尚未形成', 'the opening record is not made yet', { sectionCode: section.section_code });
  const inRecord = await db('bid_opening_lines').where({ opening_id: record.opening_id, bidder_subject_id: actor.subjectId }).first('id');
  if (!inRecord) throw refuse('NOT_IN_RECORD', '开标记录中没有您的投标', 'your bid is not in this opening record', { sectionCode: section.section_code });
  if (input.recordSha256 !== record.record_sha256) {
    throw refuse('RECORD_HASH_MISMATCH', '确认的开标记录摘要与平台保存的不一致', 'the record you confirm is not the record the platform holds', { recordSha256: record.record_sha256 });
  }
  if (!input.certificatePem) throw refuse('CERTIFICATE_REQUIRED', '请使用本单位有效的数字证书登录后确认', 'sign in with a valid certificate of your company to confirm');
  const text = recordConfirmationText({ dealCode: deal.code, sectionCode: section.section_code, bidder: actor.creditCode, recordSha256: record.record_sha256 });
  const checked = await checkBidderSignature(db, { certificate: input.certificatePem, signature: input.signature, text, subjectId: actor.subjectId, cas: input.cas, now });
  return db.transaction(async (trx) => {
    const at = now.toISOString();
    await trx('opening_record_confirmations').insert({
      section_id: section.id, subject_id: actor.subjectId, record_sha256: record.record_sha256, certificate_fingerprint: checked.fingerprint,
      signature: input.signature, confirmed_by: actor.username, person_name: actor.personName.slice(0, 100), confirmed_at: at,
    }).onConflict(['section_id', 'subject_id']).ignore();
    const row = (await OpeningRecordConfirmation.query(trx).where({ section_id: section.id, subject_id: actor.subjectId }).first())!;
    const view = { bidder: actor.creditCode, name: actor.subjectName, person: row.person_name, confirmedAt: row.confirmed_at, certificateFingerprint: row.certificate_fingerprint };
    if (row.signature !== input.signature) return view; // confirmed before: that confirmation stands
    const ctx = partyStepContext(trx, { key: `opening-record-confirmation:${section.section_code}:${actor.creditCode}`, deal, actor: actor.username, party: actor, now });
    await ctx.emit('opening.record_confirmed', { sectionCode: section.section_code, bidder: actor.creditCode, name: actor.subjectName, recordSha256: record.record_sha256, certificateFingerprint: checked.fingerprint });
    await issueReceipt(ctx, { kind: 'record_confirmation', deal, actor, section: { id: section.id, code: section.section_code }, details: { recordSha256: record.record_sha256, certificateFingerprint: checked.fingerprint } });
    return view;
  });
}

export async function confirmationsOf(db: Knex, sectionId: number): Promise<ConfirmationView[]> {
  const rows = await OpeningRecordConfirmation.query(db).alias('c').join('subjects as p', 'p.id', 'c.subject_id').where('c.section_id', sectionId).orderBy('c.confirmed_at').orderBy('c.id')
    .select('p.credit_code', 'p.name', 'c.person_name', 'c.confirmed_at', 'c.certificate_fingerprint')
    .castTo<Array<{ credit_code: string; name: string; person_name: string; confirmed_at: string | Date; certificate_fingerprint: string }>>();
  return rows.map((r) => ({ bidder: r.credit_code, name: r.name, person: r.person_name, confirmedAt: new Date(r.confirmed_at).toISOString(), certificateFingerprint: r.certificate_fingerprint }));
}

/** The record's file (its canonical JSON or its HTML) for one who may read the hall; checked against its name. */
export async function openingRecordFile(db: Knex, store: ObjectStore, input: { dealCode: string; sectionCode: string; format: 'json' | 'html'; now: Date }) {
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, input.now);
  const { record } = await hallStage(db, section.id);
  if (!record) throw refuse('NO_OPENING_RECORD', '开标记录尚未形成', 'the opening record is not made yet', { sectionCode: section.section_code });
  const digest = input.format === 'json' ? record.record_sha256 : record.html_sha256;
  const known = await StoredFile.query(db).findById(digest);
  if (!known) throw new Error(`the opening record ${digest} of ${section.section_code} is not in the file catalogue`);
  const chunks: Buffer[] = [];
  for await (const chunk of store.read(digest)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (sha256(bytes) !== digest) throw new Error(`the object store's copy of ${digest} does not match its name`);
  return { regionCode: deal.regionCode, sha256: digest, bytes, mediaType: input.format === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', fileName: `开标记录-${section.section_code}.${input.format}` };
}
