// The jobs the worker process runs beside Temporal, each one pass of a domain function on an interval: signed
// checkpoints of the supervision trail, the data-exchange outbox, the expert invitations.
import type { Db } from '@ggzy/db';
import {
  checkpointIfGrown, dispatchExpertNotifications, dispatchOnce, type DispatchOptions, type DispatchReport, type ExchangeConfig,
  type ExpertDispatchOptions, type ExpertDispatchReport, type TrailKey,
} from '@ggzy/domain';
import { startBackgroundJob, type BackgroundJob } from './background';

export { startBackgroundJob, type BackgroundJob, type BackgroundOptions } from './background';

/**
 * Takes a signed checkpoint every `intervalMs` (default 10 minutes) when events were appended since the last one. A
 * failure is reported and retried at the next tick; it never stops the worker.
 */
export function startCheckpointJob(db: Db, key: TrailKey, options: { intervalMs?: number; onError?: (err: Error) => void; onCheckpoint?: (cp: { size: number; root: string }) => void } = {}): BackgroundJob {
  return startBackgroundJob(async () => {
    const cp = await checkpointIfGrown(db, key);
    if (cp) options.onCheckpoint?.(cp);
    return false;
  }, { intervalMs: options.intervalMs ?? 10 * 60_000, immediately: false, onError: options.onError });
}

/** Delivers the aggregation outbox every `intervalMs` (at once again after a full batch) until stopped. */
export function startExchangeDispatcher(db: Db, config: ExchangeConfig, options: DispatchOptions & { onError?: (err: Error) => void; onPass?: (report: DispatchReport) => void } = {}): BackgroundJob {
  return startBackgroundJob(async () => {
    const report = await dispatchOnce(db, config, options);
    options.onPass?.(report);
    return report.attempted >= config.batchSize;
  }, { intervalMs: config.intervalMs, onError: options.onError });
}

/**
 * Sends expert invitations through the configured gateways: a batch every `intervalMs` (default 5 s; at once again
 * after a full batch). Invitations wait for answers within minutes, so the interval is short.
 */
export function startExpertDispatcher(
  db: Db, channels: Parameters<typeof dispatchExpertNotifications>[1],
  options: ExpertDispatchOptions & { intervalMs?: number; onError?: (err: Error) => void; onPass?: (report: ExpertDispatchReport) => void } = {},
): BackgroundJob {
  const batchSize = options.batchSize ?? 50;
  return startBackgroundJob(async () => {
    const report = await dispatchExpertNotifications(db, channels, { ...options, batchSize });
    if (report.claimed > 0) options.onPass?.(report);
    return report.claimed >= batchSize;
  }, { intervalMs: options.intervalMs ?? 5_000, onError: options.onError });
}
