// Keeping the sealed lists under the current master key (run by the worker at start): a draw whose data key is
// wrapped by an older master key gets it wrapped again by the active one (rotation: put the new key first in
// GGZY_SEAL_KEYS, start the workers, then drop the old key), and a draw sealed before lists were encrypted (migration
// 026) is encrypted now. Each draw in its own transaction, locked like the steps that change it.
import type { Knex } from 'knex';
import { ExpertDraw, ExpertDrawMember, ExpertNotification } from '@ggzy/db';
import { lockDraw } from './draw-records';
import { sealValue, sealedAad, type ListSealer } from './list-seal';

export interface RewrapReport {
  /** Data keys wrapped again by the active master key. */
  rewrapped: number;
  /** Sealed draws recorded in clear before, now encrypted. */
  encrypted: number;
}

async function encryptLegacyDraw(trx: Knex, drawId: number, seed: string, sealer: ListSealer): Promise<void> {
  const { dataKey, wrapped } = sealer.newDataKey(drawId);
  await ExpertDraw.query(trx).where('id', drawId).patch({ sealed_data_key: wrapped, sealed_seed: sealValue(dataKey, sealedAad.seed(drawId), seed), seed: null });
  for (const m of await ExpertDrawMember.query(trx).where('draw_id', drawId).whereNotNull('expert_id').select('id', 'group_no', 'rank', 'expert_id')) {
    await ExpertDrawMember.query(trx).where('id', m.id).patch({
      sealed_expert: sealValue(dataKey, sealedAad.member(drawId, Number(m.group_no), Number(m.rank)), String(m.expert_id)), expert_id: null,
    });
  }
  for (const n of await ExpertNotification.query(trx).where('draw_id', drawId).whereNotNull('body').select('id', 'idempotency_key', 'recipient', 'body')) {
    await ExpertNotification.query(trx).where('id', n.id).patch({
      sealed_message: sealValue(dataKey, sealedAad.message(drawId, n.idempotency_key), JSON.stringify({ recipient: n.recipient, body: n.body })),
      recipient: null, body: null,
    });
  }
  // a recorded engagement names the expert too: it comes back at the unseal, from the members invited by then
  await trx('expert_engagements').where('draw_id', drawId).delete();
}

export async function rewrapSealedDraws(db: Knex, sealer: ListSealer): Promise<RewrapReport> {
  const report: RewrapReport = { rewrapped: 0, encrypted: 0 };
  const draws = await ExpertDraw.query(db).where('status', 'sealed').orderBy('id').select('id');
  for (const { id } of draws) {
    await db.transaction(async (trx) => {
      await lockDraw(trx, Number(id));
      const draw = await ExpertDraw.query(trx).findById(id).select('id', 'status', 'seed', 'sealed_data_key');
      if (!draw || draw.status !== 'sealed') return;
      if (draw.sealed_data_key === null) {
        if (draw.seed === null) throw new Error(`expert draw ${id} is sealed with neither a seed nor a data key`);
        await encryptLegacyDraw(trx, Number(id), draw.seed, sealer);
        report.encrypted++;
      } else if (!draw.sealed_data_key.startsWith(`sk1.${sealer.activeKeyId}.`)) {
        await ExpertDraw.query(trx).where('id', id).patch({ sealed_data_key: sealer.rewrap(Number(id), draw.sealed_data_key) });
        report.rewrapped++;
      }
    });
  }
  return report;
}
