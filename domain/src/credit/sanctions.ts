// 一处失信，处处受限: a sanction decided anywhere in the province bars the subject everywhere while it is valid.
import type { Knex } from 'knex';
import { toIsoTimestamp } from '@ggzy/db';
import { BusinessError } from '../step';

export interface ActiveSanction {
  id: number;
  measure: string;
  reason: string;
  decided_by_region: string;
  legal_basis: string;
  valid_until: string | null;
}

const BARRING_MEASURES = ['bar_from_bidding', 'blacklist'];

/** Sanctions that bar their subject at `now` (joined to the subject as `p`): the one query every check shares. */
export function barringSanctions(trx: Knex, now: Date): Knex.QueryBuilder {
  const at = now.toISOString();
  // sanctions joined to their subjects, a query builder callers refine further: clearer as plain knex
  return trx('credit_sanctions as s')
    .join('subjects as p', 'p.id', 's.subject_id')
    .whereIn('s.measure', BARRING_MEASURES)
    .whereNull('s.revoked_at')
    .where('s.valid_from', '<=', at)
    .where((q) => q.whereNull('s.valid_until').orWhere('s.valid_until', '>', at));
}

export async function activeSanction(trx: Knex, creditCode: string, now: Date): Promise<ActiveSanction | null> {
  const row = await barringSanctions(trx, now)
    .where('p.credit_code', creditCode)
    .orderBy('s.id')
    .first('s.id', 's.measure', 's.reason', 's.decided_by_region', 's.legal_basis', 's.valid_until');
  return row ? { ...row, id: Number(row.id), valid_until: toIsoTimestamp(row.valid_until) as string | null } : null;
}

/** Refuses a sanctioned subject with a typed error naming the sanction. */
export async function assertNotSanctioned(trx: Knex, creditCode: string, now: Date): Promise<void> {
  const sanction = await activeSanction(trx, creditCode, now);
  if (!sanction) return;
  throw new BusinessError(
    'CREDIT_SANCTIONED',
    `主体 ${creditCode} 处于失信惩戒期内（${sanction.legal_basis}），不得参与投标`,
    `subject ${creditCode} is under a valid credit sanction (${sanction.legal_basis}) and may not bid`,
    { creditCode, sanctionId: sanction.id, measure: sanction.measure, decidedByRegion: sanction.decided_by_region, validUntil: sanction.valid_until },
  );
}
