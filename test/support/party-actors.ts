// The actor a party's step is done by when a test drives a workflow directly (no api in between): what the api would
// build for the deal's tenderee or agency — the subject, a person of it, and the subject's relations to the deal
// resolved from the database (domain relationOf), so the engine admits the act by the same rule as in production.
import { Deal, Subject, SubjectPerson, type Db } from '@ggzy/db';
import { actingRelations, relationOf } from '@ggzy/domain';
import { PARTY_CANDIDATE_ROLES, isPartyCandidateRole } from '@ggzy/process';
import type { Actor } from '@ggzy/workflows';

/** The deal's subject for a party role: the agency for the organiser's steps when there is one, else the tenderee. */
async function subjectFor(db: Db, dealCode: string, candidateRole: string): Promise<number> {
  const deal = await Deal.query(db).modify('byDealCode', dealCode).select('tenderee_subject_id', 'agent_subject_id').first();
  if (!deal) throw new Error(`deal ${dealCode} is not registered`);
  const admits = PARTY_CANDIDATE_ROLES[candidateRole as keyof typeof PARTY_CANDIDATE_ROLES] as readonly string[];
  const id = admits.includes('agency') && deal.agent_subject_id ? deal.agent_subject_id : deal.tenderee_subject_id;
  if (!id) throw new Error(`deal ${dealCode} has no subject for ${candidateRole}`);
  return Number(id);
}

export async function partyActorFor(db: Db, dealCode: string, candidateRole: string): Promise<Actor> {
  if (!isPartyCandidateRole(candidateRole) || candidateRole === 'party:bidder') throw new Error(`no organiser's actor for ${candidateRole}`);
  const subjectId = await subjectFor(db, dealCode, candidateRole);
  const subject = (await Subject.query(db).findById(subjectId))!;
  let person = await SubjectPerson.query(db).where({ subject_id: subjectId, status: 'active' }).orderBy('id').first();
  if (!person) person = await SubjectPerson.query(db).insert({ subject_id: subjectId, name: '赵敏', role: 'authorized_agent', status: 'active' });
  return {
    userId: 1000 + Number(person.id), username: `party.${person.id}`, role: 'party', regionCode: subject.region_code ?? '990100',
    party: {
      subjectId, creditCode: subject.credit_code, subjectName: subject.name, personId: Number(person.id), personName: person.name,
      relations: actingRelations(await relationOf(db, subjectId, dealCode)),
    },
  };
}
