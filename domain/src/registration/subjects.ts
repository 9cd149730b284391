import type { Knex } from 'knex';

/** The subject library row for a credit code, created on first sight (its name is kept as first registered). */
export async function upsertSubject(trx: Knex, at: Date, subject: { creditCode: string; name: string; kind: string; regionCode?: string | null; basicAccount?: string | null }): Promise<number> {
  await trx('subjects').insert({
    credit_code: subject.creditCode, name: subject.name, kind: subject.kind, region_code: subject.regionCode ?? null,
    basic_account: subject.basicAccount ?? null, created_at: at.toISOString(),
  }).onConflict('credit_code').ignore();
  const row = await trx('subjects').where('credit_code', subject.creditCode).first('id', 'basic_account');
  if (subject.basicAccount && !row.basic_account) await trx('subjects').where('id', row.id).update({ basic_account: subject.basicAccount });
  return Number(row.id);
}
