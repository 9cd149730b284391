import type { Knex } from 'knex';
import { Subject } from '@ggzy/db';

/** The subject library row for a credit code, created on first sight (its name is kept as first registered). */
export async function upsertSubject(trx: Knex, at: Date, subject: { creditCode: string; name: string; kind: string; regionCode?: string | null; basicAccount?: string | null }): Promise<number> {
  await Subject.query(trx).insert({
    credit_code: subject.creditCode, name: subject.name, kind: subject.kind, region_code: subject.regionCode ?? null,
    basic_account: subject.basicAccount ?? null, created_at: at.toISOString(),
  }).onConflict('credit_code').ignore();
  // the insert above or an earlier registration wrote it
  const row = (await Subject.query(trx).modify('byCreditCode', subject.creditCode).select('id', 'basic_account').first())!;
  if (subject.basicAccount && !row.basic_account) await Subject.query(trx).findById(row.id).patch({ basic_account: subject.basicAccount });
  return Number(row.id);
}
