// The expert draw as the api shows it: the unsealed list (名单) to the roles that work or oversee the evaluation,
// each read recorded in the supervision trail; and the gateways' callbacks with the experts' answers.
import { randomUUID } from 'node:crypto';
import { ExpertDraw, type Db } from '@ggzy/db';
import { BusinessError, appendSupervisionEvent, readDrawMembers, recordExpertAnswer, type DrawMemberView, type ExpertAnswer } from '@ggzy/domain';
import type { Principal } from '../auth/principal';
import { AppError, type ErrorCode } from '../http/errors';

/** Business refusals of the expert activities, as api errors (anything else is not expected here). */
const REFUSALS: Record<string, ErrorCode> = {
  DRAW_NOT_FOUND: 'NOT_FOUND',
  DRAW_SEALED: 'DRAW_SEALED',
  NOTIFICATION_NOT_FOUND: 'NOT_FOUND',
  ANSWER_NOT_ACCEPTED: 'ANSWER_NOT_ACCEPTED',
  ANSWER_TOO_LATE: 'ANSWER_TOO_LATE',
  INVALID_INPUT: 'VALIDATION_FAILED',
};

function refusal(err: unknown): never {
  if (err instanceof BusinessError && REFUSALS[err.code]) throw new AppError(REFUSALS[err.code]!);
  throw err;
}

/** The members of an unsealed draw of a deal I may see; who read it, and when, goes to the trail. */
export async function drawMembers(db: Db, principal: Principal, drawId: number, requestId: string): Promise<{ drawId: number; dealCode: string; members: DrawMemberView[] }> {
  const draw = await ExpertDraw.query(db).alias('x').join('deals as d', 'd.id', 'x.deal_id').where('x.id', drawId).select('d.deal_code', 'd.region_code').first().castTo<{ deal_code: string; region_code: string } | undefined>();
  if (!draw || !principal.visibleRegions.includes(draw.region_code)) throw new AppError('NOT_FOUND');
  let members: DrawMemberView[];
  try {
    members = await readDrawMembers(db, drawId, { role: principal.role, regionCode: principal.regionCode, sandboxRegions: principal.sandboxRegions });
  } catch (err) {
    refusal(err);
  }
  // every read is its own event: the key is made here (a client may choose its request id, so that cannot be it)
  await db.transaction((trx) => appendSupervisionEvent(trx, {
    idempotencyKey: `expert-list-read:${randomUUID()}`, dealCode: draw.deal_code, regionCode: draw.region_code,
    kind: 'experts.list_read', actor: principal.username, payload: { drawId, role: principal.role, members: members.length, requestId },
  }));
  return { drawId, dealCode: draw.deal_code, members };
}

export interface AnswerCallback { notificationId: number; answer: ExpertAnswer; receivedAt: string }

/** A gateway's report of an expert's answer (idempotent: the same answer again is accepted, recorded once). */
export async function answerCallback(db: Db, body: AnswerCallback): Promise<{ recorded: boolean; drawId: number; seat: number | null }> {
  try {
    return await recordExpertAnswer(db, { notificationId: body.notificationId, answer: body.answer, receivedAt: new Date(body.receivedAt) });
  } catch (err) {
    refusal(err);
  }
}
