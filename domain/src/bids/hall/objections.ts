// 异议 in the hall (招标投标法实施条例 §44: 投标人对开标有异议的，应当在开标现场提出，招标人应当当场作出答复，并制作记录):
// a bidder raises an objection once the opening has begun; the tenderee or its agency — or, failing them, the centre's
// staff — answers it there. Everyone in the hall sees both at once; both go on the trail and into the opening record.
// Once the record is made, the hall takes no new objection.
import type { Knex } from 'knex';
import { OpeningObjection } from '@ggzy/db';
import { partyStepContext, type PartyActor } from '../../parties/online/context';
import { issueReceipt } from '../../parties/online/receipts';
import { dealAndSection, liveBid, refuse } from '../party-section';
import { hallEvent, hallStage, lockHall, type Host } from './hall-acts';

export interface ObjectionView {
  id: number; bidder: string; name: string; text: string; raisedAt: string;
  answer: string | null; answeredByRole: string | null; answeredByName: string | null; answeredAt: string | null;
}

function assertObjectionsOpen(stage: string, sectionCode: string): void {
  if (stage === 'before_opening') throw refuse('OPENING_NOT_STARTED', '开标尚未开始，开标现场才能提出异议', 'the opening has not begun: objections are raised in the opening', { sectionCode });
  if (stage === 'recorded') throw refuse('OPENING_RECORD_CLOSED', '开标记录已形成，不再受理开标现场异议', 'the opening record is made: the hall takes no more objections', { sectionCode });
}

export async function raiseObjection(db: Knex, input: { dealCode: string; sectionCode: string; text: string; requestId: string; actor: PartyActor; now: Date }): Promise<ObjectionView> {
  const { actor, now } = input;
  return db.transaction(async (trx) => {
    const { deal, section } = await dealAndSection(trx, input.dealCode, input.sectionCode, now);
    await liveBid(trx, section.id, actor.subjectId, section.section_code);
    await lockHall(trx, section.id);
    const key = `opening-objection:${section.section_code}:${actor.creditCode}:${input.requestId}`;
    const again = await OpeningObjection.query(trx).where('request_key', key).first();
    if (again) return view(again, actor.creditCode, actor.subjectName);
    assertObjectionsOpen((await hallStage(trx, section.id)).stage, section.section_code);
    const row = await OpeningObjection.query(trx).insert({
      section_id: section.id, subject_id: actor.subjectId, raised_by: actor.username, raised_by_name: actor.personName.slice(0, 100), request_key: key,
      text: input.text, raised_at: now.toISOString(),
    });
    const ctx = partyStepContext(trx, { key, deal, actor: actor.username, party: actor, now });
    await ctx.emit('opening.objection_raised', { sectionCode: section.section_code, objectionId: Number(row.id), bidder: actor.creditCode, name: actor.subjectName, text: input.text });
    await issueReceipt(ctx, { kind: 'objection', deal, actor, section: { id: section.id, code: section.section_code }, details: { objectionId: Number(row.id), text: input.text } });
    return view((await OpeningObjection.query(trx).findById(row.id))!, actor.creditCode, actor.subjectName);
  });
}

/** The host answers an objection of this section's hall, once. */
export async function answerObjection(db: Knex, input: { dealCode: string; sectionCode: string; objectionId: number; answer: string; host: Host; now: Date }): Promise<ObjectionView> {
  const { host, now } = input;
  return db.transaction(async (trx) => {
    const { deal, section } = await dealAndSection(trx, input.dealCode, input.sectionCode, now);
    const objection = await OpeningObjection.query(trx).where({ id: input.objectionId, section_id: section.id }).first();
    if (!objection) throw refuse('OBJECTION_NOT_FOUND', '该异议不存在', 'no such objection in this hall', { objectionId: input.objectionId });
    if (objection.answered_at) throw refuse('OBJECTION_ALREADY_ANSWERED', '该异议已答复', 'the objection is already answered', { objectionId: objection.id });
    const at = now.toISOString();
    await OpeningObjection.query(trx).findById(objection.id).patch({
      answer: input.answer, answered_by: host.username, answered_by_role: host.role, answered_by_name: host.name.slice(0, 300), answered_at: at,
    });
    await hallEvent(trx, deal, {
      key: `opening-objection-answer:${section.section_code}:${objection.id}`, kind: 'opening.objection_answered', actor: host.username, now,
      payload: { sectionCode: section.section_code, objectionId: Number(objection.id), answer: input.answer, answeredBy: { role: host.role, name: host.name } },
    });
    const fresh = (await OpeningObjection.query(trx).alias('o').join('subjects as p', 'p.id', 'o.subject_id').where('o.id', objection.id)
      .select('o.*', 'p.credit_code', 'p.name').first().castTo<OpeningObjection & { credit_code: string; name: string }>())!;
    return view(fresh, fresh.credit_code, fresh.name);
  });
}

function view(row: OpeningObjection, bidder: string, name: string): ObjectionView {
  return {
    id: Number(row.id), bidder, name, text: row.text, raisedAt: row.raised_at, answer: row.answer, answeredByRole: row.answered_by_role,
    answeredByName: row.answered_by_name, answeredAt: row.answered_at,
  };
}

/** The hall's objections, in the order they were raised, with their answers. */
export async function objectionsOf(db: Knex, sectionId: number): Promise<ObjectionView[]> {
  const rows = await OpeningObjection.query(db).alias('o').join('subjects as p', 'p.id', 'o.subject_id').where('o.section_id', sectionId).orderBy('o.id')
    .select('o.*', 'p.credit_code', 'p.name').castTo<Array<OpeningObjection & { credit_code: string; name: string }>>();
  return rows.map((r) => view(r, r.credit_code, r.name));
}
