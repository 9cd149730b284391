// A bidder's own complaint (投诉, 《招标投标法实施条例》§60): filed by the signed-in party about a deal it bid in, which
// starts the complaint procedure with the complainant taken from the session — the subject, never a typed name — and
// read back by the complainant with its status and the supervisor's decision. The 10-day window is checked before the
// procedure starts, so a late filing is refused at once (the procedure's first step checks it again).
import { createHash } from 'node:crypto';
import { Complaint, Deal, type Db } from '@ggzy/db';
import { complaintDaysElapsed, relationOf } from '@ggzy/domain';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';
import type { TemporalGateway } from '../temporal';
import { launchComplaint } from './oversight';
import { refusing } from './party';

type Deps = { db: Db; temporal: TemporalGateway };

export interface PartyComplaint { requestId: string; grounds: string; knownOn: string }

/** The complaint's number: the deal's, and a digest of the subject and the request, so a retried filing is the same one. */
function complaintNumber(dealCode: string, subjectId: number, requestId: string): string {
  const digest = BigInt(`0x${createHash('sha256').update(`${subjectId}:${requestId}`).digest('hex').slice(0, 15)}`).toString(36).toUpperCase();
  return `${dealCode}-TS${digest.padStart(12, '0')}`;
}

export async function file(deps: Deps, principal: Principal, dealCode: string, body: PartyComplaint) {
  const party = principal.party;
  if (!party) throw new AppError('FORBIDDEN');
  const relation = await relationOf(deps.db, party.subjectId, dealCode);
  if (!relation || relation.roles.length === 0) throw new AppError('NOT_FOUND');
  // any bidder of the deal, a rejected one included: a rejection is a usual reason to complain
  if (!relation.roles.includes('bidder')) throw new AppError('NOT_REGISTERED_BIDDER');
  await refusing(async () => complaintDaysElapsed(body.knownOn, new Date()));
  const deal = (await Deal.query(deps.db).modify('byDealCode', dealCode).select('region_code').first())!;
  const complaintNo = complaintNumber(dealCode, party.subjectId, body.requestId);
  try {
    const filed = await launchComplaint(deps, {
      dealCode, regionCode: deal.region_code, complaintNo, startedBy: principal.username,
      complainant: { creditCode: party.creditCode, name: party.subjectName }, grounds: body.grounds, knownOn: body.knownOn,
    });
    return { ...filed, replayed: false };
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return { complaintNo, workflowId: `complaint-${complaintNo}`, replayed: true };
    throw err;
  }
}

/** The subject's own complaints (all its people's), newest first: status, whether the deal was suspended, the decision. */
export async function mine(db: Db, principal: Principal, filter: { dealCode?: string }) {
  const party = principal.party;
  if (!party) throw new AppError('FORBIDDEN');
  const query = Complaint.query(db).where('complainant_credit_code', party.creditCode);
  if (filter.dealCode) query.where('deal_code', filter.dealCode);
  const rows = await query.orderBy('id', 'desc').limit(200);
  return rows.map((r) => ({
    complaintNo: r.complaint_no, dealCode: r.deal_code, grounds: r.grounds, knownOn: r.known_on, status: r.status,
    dealSuspended: Boolean(r.deal_suspended), filedAt: r.filed_at, acceptedAt: r.accepted_at ?? null,
    decision: r.decision ?? null, decisionText: r.decision_text ?? null, decidedAt: r.decided_at ?? null,
  }));
}
