// The outbox dispatcher: claims due messages (a lease, so a crashed dispatcher's claims come back), delivers each
// through its channel outside any transaction, then records the outcome with its supervision event. Delivery is
// at least once; gateways deduplicate by the Idempotency-Key the HTTP channel sends. A message of a sealed draw is
// stored encrypted (list-seal.ts) and opened only here, in memory, to be handed to its gateway.
import { ExpertNotification, type Db } from '@ggzy/db';
import { appendSupervisionEvent } from '../supervision/trail';
import { DeliveryError, type NotificationChannel } from './channels';
import type { Channel } from './invitation';
import { defaultListSealer, openValue, sealedAad, type ListSealer } from './list-seal';

export interface DispatchOptions {
  now?: () => Date;
  batchSize?: number;
  /** Attempts before a message is given up as failed (default 5). */
  maxAttempts?: number;
  /** How long a claim lasts before another dispatcher may take the message over (default 120 s). */
  leaseSeconds?: number;
  /** Delay before attempt n + 1 after attempt n failed (default 30 s doubling, at most 15 min). */
  retryDelaySeconds?: (attempt: number) => number;
  /** Opens the messages of sealed draws; defaults to the one of this process's configuration. */
  sealKeys?: ListSealer;
}

export interface DispatchReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

interface Claimed {
  id: number;
  channel: Channel;
  recipient: string;
  body: string;
  attempts: number;
  drawId: number;
  dealCode: string;
  regionCode: string;
}

const defaultDelay = (attempt: number) => Math.min(900, 30 * 2 ** (attempt - 1));

interface ClaimedRow {
  id: number; channel: Channel; recipient: string | null; body: string | null; sealed_message: string | null; idempotency_key: string;
  attempts: number; draw_id: number; sealed_data_key: string | null; deal_code: string; region_code: string;
}

/** The recipient and the text of a claimed message, opened with its draw's data key when the draw is sealed. */
function messageOf(row: ClaimedRow, sealer: () => ListSealer): { recipient: string; body: string } {
  if (row.sealed_message === null) return { recipient: String(row.recipient), body: String(row.body) };
  const drawId = Number(row.draw_id);
  if (!row.sealed_data_key) throw new Error(`the message ${row.id} is sealed but its draw ${drawId} has no data key`);
  const dataKey = sealer().unwrap(drawId, row.sealed_data_key);
  return JSON.parse(openValue(dataKey, sealedAad.message(drawId, row.idempotency_key), row.sealed_message)) as { recipient: string; body: string };
}

async function claim(db: Db, channels: Channel[], at: Date, batchSize: number, leaseSeconds: number, sealer: () => ListSealer): Promise<Claimed[]> {
  const now = at.toISOString();
  const leaseUntil = new Date(at.getTime() + leaseSeconds * 1000).toISOString();
  return db.transaction(async (trx) => {
    const due = ExpertNotification.query(trx).whereIn('channel', channels)
      .where((w) => w.where((p) => p.where('status', 'pending').where('next_attempt_at', '<=', now))
        .orWhere((s) => s.where('status', 'sending').where('lease_until', '<=', now)))
      .orderBy('id').limit(batchSize).select('id');
    if (trx.client.config.client === 'pg') due.forUpdate().skipLocked();
    const ids = (await due).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    await ExpertNotification.query(trx).whereIn('id', ids).patch({ status: 'sending', lease_until: leaseUntil, attempts: trx.raw('attempts + 1') });
    const rows = await ExpertNotification.query(trx).alias('n').join('expert_draws as x', 'x.id', 'n.draw_id').join('deals as d', 'd.id', 'x.deal_id')
      .whereIn('n.id', ids).orderBy('n.id')
      .select('n.id', 'n.channel', 'n.recipient', 'n.body', 'n.sealed_message', 'n.idempotency_key', 'n.attempts', 'n.draw_id', 'x.sealed_data_key', 'd.deal_code', 'd.region_code')
      .castTo<ClaimedRow[]>();
    return rows.map((r) => ({
      id: Number(r.id), channel: r.channel, ...messageOf(r, sealer), attempts: Number(r.attempts),
      drawId: Number(r.draw_id), dealCode: String(r.deal_code), regionCode: String(r.region_code),
    }));
  });
}

type Outcome = { kind: 'sent'; providerRef: string | null } | { kind: 'retry' | 'failed'; error: string };

async function settle(db: Db, message: Claimed, outcome: Outcome, at: Date, delaySeconds: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    // Only the claim that is still ours: a message whose lease ran out may have been taken over meanwhile.
    const mine = ExpertNotification.query(trx).where({ id: message.id, status: 'sending', attempts: message.attempts });
    const changes = outcome.kind === 'sent'
      ? { status: 'sent', sent_at: at.toISOString(), provider_ref: outcome.providerRef, lease_until: null, last_error: null }
      : outcome.kind === 'failed'
        ? { status: 'failed', lease_until: null, last_error: outcome.error.slice(0, 500) }
        : { status: 'pending', lease_until: null, last_error: outcome.error.slice(0, 500), next_attempt_at: new Date(at.getTime() + delaySeconds * 1000).toISOString() };
    const updated = await mine.patch(changes);
    if (updated === 0) return false;
    if (outcome.kind !== 'retry') {
      // The recipient and the text stay out of the trail: only which message, which channel, which attempt.
      await appendSupervisionEvent(trx, {
        idempotencyKey: `expert-notification:${message.id}:${outcome.kind}`, dealCode: message.dealCode, regionCode: message.regionCode,
        kind: outcome.kind === 'sent' ? 'experts.notification.sent' : 'experts.notification.failed', actor: `dispatcher:${message.channel}`,
        payload: { drawId: message.drawId, notificationId: message.id, channel: message.channel, attempt: message.attempts, ...(outcome.kind === 'failed' ? { error: outcome.error.slice(0, 200) } : {}) },
        occurredAt: at.toISOString(),
      });
    }
    return true;
  });
}

/** Delivers one batch of due messages through the given channels; a channel not given is left waiting. */
export async function dispatchExpertNotifications(
  db: Db, channels: Partial<Record<Channel, NotificationChannel>>, options: DispatchOptions = {},
): Promise<DispatchReport> {
  const clock = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 5;
  const delay = options.retryDelaySeconds ?? defaultDelay;
  const configured = (Object.keys(channels) as Channel[]).filter((c) => channels[c]).sort();
  const report: DispatchReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  if (configured.length === 0) return report;
  const sealer = () => options.sealKeys ?? defaultListSealer();
  const claimed = await claim(db, configured, clock(), options.batchSize ?? 50, options.leaseSeconds ?? 120, sealer);
  report.claimed = claimed.length;
  for (const message of claimed) {
    let outcome: Outcome;
    try {
      const { providerRef } = await channels[message.channel]!.deliver({ notificationId: message.id, channel: message.channel, recipient: message.recipient, text: message.body });
      outcome = { kind: 'sent', providerRef };
    } catch (err) {
      const permanent = err instanceof DeliveryError && err.permanent;
      const error = err instanceof Error ? err.message : String(err);
      outcome = { kind: permanent || message.attempts >= maxAttempts ? 'failed' : 'retry', error };
    }
    const settled = await settle(db, message, outcome, clock(), delay(message.attempts));
    if (!settled) continue;
    if (outcome.kind === 'sent') report.sent++;
    else if (outcome.kind === 'failed') report.failed++;
    else report.retrying++;
  }
  return report;
}
