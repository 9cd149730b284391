// What a subject's record may say, as applicants (主体注册/变更) and outside registers send it. One set of schemas for the
// api, the review queue and the registry feeds, so the three cannot drift apart.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fen } from '../step/schemas';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date();
const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 digest: 64 hexadecimal characters').transform((s) => s.toLowerCase());

export const SUBJECT_KINDS = ['bidder', 'tenderee', 'agent', 'supplier'] as const;
export const PERSON_ROLES = ['legal_representative', 'project_manager', 'contact', 'authorized_agent'] as const;

/** 居民身份证号码 (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(value[i]), 0);
  return '10X98765432'[sum % 11] === value[17];
}

export const subjectFields = z.object({
  name: text(300).optional(),
  kind: z.enum(SUBJECT_KINDS).optional(),
  legalRepresentative: text(100).optional(),
  address: text(300).optional(),
  establishedOn: day.optional(),
  registeredCapitalFen: fen.optional(),
  basicAccount: z.string().regex(/^[0-9]{8,32}$/, '8–32 digits').optional(),
  regionCode: z.string().regex(/^[0-9]{6,12}$/).optional(),
}).strict();

export const personInput = z.object({
  name: text(100),
  role: z.enum(PERSON_ROLES),
  idNumber: z.string().toUpperCase().refine(isValidIdNumber, 'not a valid resident identity card number (居民身份证号码)').optional(),
  mobile: z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number').optional(),
}).strict();

export const licenceInput = z.object({
  kind: text(64),
  licenceNo: text(64),
  issuedBy: text(200).optional(),
  validFrom: day.optional(),
  validUntil: day.optional(),
  evidenceSha256: sha256.optional(),
}).strict();

export const qualificationInput = z.object({
  kind: text(100),
  grade: text(32),
  certificateNo: text(64),
  issuedBy: text(200).optional(),
  validFrom: day.optional(),
  validUntil: day.optional(),
  evidenceSha256: sha256.optional(),
}).strict();

export const performanceInput = z.object({
  projectName: text(300),
  clientName: text(300).optional(),
  contractAmountFen: fen.refine((v) => v > 0, 'a positive amount in fen'),
  startedOn: day.optional(),
  completedOn: day.optional(),
  evidenceSha256: sha256.optional(),
}).strict();

export const registrationInput = z.object({
  /** The registered person, by the identity card number of a person of this subject. */
  personIdNumber: z.string().toUpperCase().refine(isValidIdNumber, 'not a valid resident identity card number (居民身份证号码)'),
  kind: z.enum(['constructor', 'supervising_engineer', 'cost_engineer', 'architect', 'structural_engineer']),
  specialty: text(64).optional(),
  grade: z.enum(['一级', '二级']).optional(),
  registrationNo: text(64),
  validUntil: day.optional(),
}).strict();

/** A change set for one subject: its own fields and what it adds or updates under it. */
export const subjectChanges = z.object({
  subject: subjectFields.default({}),
  people: z.array(personInput).max(200).default([]),
  licences: z.array(licenceInput).max(200).default([]),
  qualifications: z.array(qualificationInput).max(200).default([]),
  performances: z.array(performanceInput).max(500).default([]),
  registrations: z.array(registrationInput).max(200).default([]),
}).strict();

export type SubjectChanges = z.output<typeof subjectChanges>;
export type SubjectChangesInput = z.input<typeof subjectChanges>;

/** A person as stored: the identity card number only masked and as a digest scoped to the subject. */
export interface StoredPerson { name: string; role: string; idNumberMasked: string | null; idNumberSha256: string | null; mobileMasked: string | null }

/** The digest a person's identity card number is matched by (scoped to its subject; the number itself is not kept). */
export function idNumberDigest(subjectCreditCode: string, idNumber: string): string {
  return createHash('sha256').update(`${subjectCreditCode}\u0000${idNumber.toUpperCase()}`, 'utf8').digest('hex');
}

export const maskIdNumber = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
export const maskMobile = (m: string) => `${m.slice(0, 3)}****${m.slice(-4)}`;

/**
 * The change set as it may be kept (in a review row, on the trail): identity card numbers and mobiles replaced by their
 * masked form and digest. What is applied to the library is this form too, so nothing downstream sees the numbers.
 */
export interface KeptChanges extends Omit<SubjectChanges, 'people' | 'registrations'> {
  people: StoredPerson[];
  registrations: Array<Omit<SubjectChanges['registrations'][number], 'personIdNumber'> & { personIdNumberSha256: string; personIdNumberMasked: string }>;
}

export function keptChanges(subjectCreditCode: string, changes: SubjectChanges): KeptChanges {
  return {
    ...changes,
    people: changes.people.map((p) => ({
      name: p.name, role: p.role,
      idNumberMasked: p.idNumber ? maskIdNumber(p.idNumber) : null,
      idNumberSha256: p.idNumber ? idNumberDigest(subjectCreditCode, p.idNumber) : null,
      mobileMasked: p.mobile ? maskMobile(p.mobile) : null,
    })),
    registrations: changes.registrations.map(({ personIdNumber, ...r }) => ({
      ...r, personIdNumberSha256: idNumberDigest(subjectCreditCode, personIdNumber), personIdNumberMasked: maskIdNumber(personIdNumber),
    })),
  };
}

