// An expert draw of the test deal (DEAL, city 990100) through the real activities: a small library, the draw, the
// invitations queued in the outbox, and optionally the list unsealed. For the api tests and the authorization matrix.
import type { Db } from '@ggzy/db';
import { addSpecialties, enrolExpert, recordExpertAnswer } from '@ggzy/domain';
import { accept } from './deal-fixtures';
import { PINNED_NOW, runTask } from './activities';

export interface DrawFixture {
  drawId: number;
  /** The invitations queued for the principals, by channel (one SMS and one voice call each). */
  notifications: Array<{ id: number; channel: string; recipient: string }>;
}

export async function drawnExperts(db: Db, options: { unseal?: boolean } = {}): Promise<DrawFixture> {
  await runTask(db, accept);
  await addSpecialties(db, [{ code: 'A', parentCode: null, name: '工程建设' }, { code: 'A01', parentCode: 'A', name: '房屋建筑工程' }]);
  for (let n = 1; n <= 7; n++) {
    await enrolExpert(db, {
      expertCode: `X00${n}`, name: `评标专家${n}`, kind: 'technical', regionCode: '990100', mobile: `1390000000${n}`, specialties: ['A01'],
    });
  }
  const drawn = await runTask(db, { type: 'experts.draw', nodeId: 'draw', input: { committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 4, backups: 2 }] } });
  const drawId = Number((drawn.result as { drawId: number }).drawId);
  await runTask(db, { type: 'experts.notify', nodeId: 'notify', input: { drawId, evaluationAt: '2026-03-03T09:00:00+08:00', venue: '东湖市公共资源交易中心第2评标室' } });
  const rows = await db('expert_notifications').where('draw_id', drawId).orderBy('id').select('id', 'member_id', 'channel', 'recipient');
  if (options.unseal) {
    // every principal confirms (by SMS) a minute after the invitation, then the list is unsealed
    const firstOfMember = new Map<number, number>();
    for (const r of rows) if (!firstOfMember.has(Number(r.member_id))) firstOfMember.set(Number(r.member_id), Number(r.id));
    for (const notificationId of firstOfMember.values()) {
      await recordExpertAnswer(db, { notificationId, answer: 'confirm', receivedAt: new Date(PINNED_NOW.getTime() + 60_000) });
    }
    await runTask(db, { type: 'experts.unseal', nodeId: 'unseal', input: { drawId } });
  }
  const notifications = rows.map((r: { id: number | string; channel: string; recipient: string }) => ({ id: Number(r.id), channel: r.channel, recipient: r.recipient }));
  return { drawId, notifications };
}
