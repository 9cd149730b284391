// The hall's own parts of its state, as each audience may see them: who signed in (签到), the objections and their
// answers, and the opening record with its confirmations. Before the opening, who intends to bid is not told to
// anyone who could use it (招标投标法 §22): a bidder sees only its own sign-in, the tenderee, its agency and the
// centre's staff a count; the supervisors see the names. Once the opening has begun everyone sees the count, and the
// hosts and watchers the names.
import type { Knex } from 'knex';
import { OpeningSignIn } from '@ggzy/db';
import type { HallStage } from './hall-acts';
import { objectionsOf } from './objections';
import { confirmationsOf } from './record';
import type { OpeningRecord } from '@ggzy/db';

export type HallAudience = { kind: 'bidder'; subjectId: number } | { kind: 'organiser' } | { kind: 'watcher'; role: string };

export async function hallParts(db: Knex, sectionId: number, stage: HallStage, record: OpeningRecord | undefined, audience: HallAudience) {
  const rows = await OpeningSignIn.query(db).alias('i').join('subjects as p', 'p.id', 'i.subject_id').where('i.section_id', sectionId).orderBy('i.signed_in_at').orderBy('i.id')
    .select('i.subject_id', 'p.credit_code', 'p.name', 'i.person_name', 'i.signed_in_at')
    .castTo<Array<{ subject_id: number | string; credit_code: string; name: string; person_name: string; signed_in_at: string | Date }>>();
  const begun = stage !== 'before_opening';
  const names = audience.kind === 'watcher' ? (audience.role === 'supervisor' || begun) : audience.kind === 'organiser' && begun;
  const mine = audience.kind === 'bidder' ? rows.find((r) => Number(r.subject_id) === audience.subjectId) : undefined;
  return {
    signIns: {
      count: audience.kind === 'bidder' && !begun ? null : rows.length,
      bidders: names ? rows.map((r) => ({ bidder: r.credit_code, name: r.name, person: r.person_name, signedInAt: new Date(r.signed_in_at).toISOString() })) : null,
      ...(audience.kind === 'bidder' ? { mine: mine ? new Date(mine.signed_in_at).toISOString() : null } : {}),
    },
    objectionsOpen: stage === 'decrypting' || stage === 'complete',
    objections: begun ? await objectionsOf(db, sectionId) : [],
    record: record
      ? { recordSha256: record.record_sha256, htmlSha256: record.html_sha256, issuedAt: record.issued_at, issuedByRole: record.issued_by_role, confirmations: await confirmationsOf(db, sectionId) }
      : null,
  };
}
