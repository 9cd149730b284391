// The jobs the worker process runs beside Temporal, each one pass of a domain function on an interval: signed
// checkpoints of the supervision trail, the data-exchange outbox, the expert invitations, the registry imports, the
// bid-rigging screens over the history, the 顺延 outbox.
import type { Client } from '@temporalio/client';
import type { Db } from '@ggzy/db';
import { reschedulerFor } from '@ggzy/workflows/client';
import { syncTimerStartSchedules } from '@ggzy/activities';
import {
  applyPendingPostponements, checkpointIfGrown, dispatchExpertNotifications, nightlyRunDue, rescreenHistory, type RescreenReport, dispatchOnce, importRegistryInbox, pullRegistryFeed, type FeedPassReport, type RegistryFeedConfig, type DispatchOptions, type DispatchReport, type ExchangeConfig,
  type ExpertDispatchOptions, type ExpertDispatchReport, type TrailKey, type TrailWitness, type WitnessPass, witnessCheckpoints,
} from '@ggzy/domain';
import { startBackgroundJob, type BackgroundJob } from './background';

export { startBackgroundJob, type BackgroundJob, type BackgroundOptions } from './background';

export interface CheckpointJobOptions {
  intervalMs?: number;
  onError?: (err: Error) => void;
  onCheckpoint?: (cp: { size: number; root: string }) => void;
  /** The external witness every checkpoint is appended to as well (GGZY_TRAIL_WITNESS). */
  witness?: TrailWitness | null;
  /** A pass that left checkpoints not witnessed (the witness was unreachable): they are sent again next time. */
  onWitnessGap?: (pass: WitnessPass) => void;
}

/**
 * Takes a signed checkpoint every `intervalMs` (default 10 minutes) when events were appended since the last one,
 * and appends every checkpoint not yet witnessed to the witness. A failure is reported and retried at the next tick;
 * it never stops the worker.
 */
export function startCheckpointJob(db: Db, key: TrailKey, options: CheckpointJobOptions = {}): BackgroundJob {
  return startBackgroundJob(async () => {
    const cp = await checkpointIfGrown(db, key);
    if (cp) options.onCheckpoint?.(cp);
    if (options.witness) {
      const pass = await witnessCheckpoints(db, options.witness);
      if (pass.pending.length > 0) options.onWitnessGap?.(pass);
    }
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

/**
 * Imports the outside registers' batches (工商, 资质, 信用) from the HTTP feed and the inbox directory every
 * `config.intervalMs` (GGZY_REGISTRY_IMPORT_MINUTES, default 60). Imports are idempotent, so a pass after a failure
 * simply tries again.
 */
export function startRegistryImportJob(db: Db, config: RegistryFeedConfig, options: { onError?: (err: Error) => void; onPass?: (report: FeedPassReport) => void } = {}): BackgroundJob {
  return startBackgroundJob(async () => {
    const pulled = await pullRegistryFeed(db, config);
    const dropped = config.inbox ? await importRegistryInbox(db, config.inbox) : { fetched: 0, imported: [], failed: [] };
    const report = { fetched: pulled.fetched + dropped.fetched, imported: [...pulled.imported, ...dropped.imported], failed: [...pulled.failed, ...dropped.failed] };
    if (report.fetched > 0) options.onPass?.(report);
    return false;
  }, { intervalMs: config.intervalMs, onError: options.onError });
}

/**
 * The bid-rigging screens over the history (围标串标筛查): every pass (default 15 minutes) screens again the markets with
 * a failed screening, and once a day past `hour` o'clock China time (GGZY_SCREENS_HOUR, default 2) every market as a
 * whole; alerts are written only for new findings, so a pass that runs twice (two workers, a restart) adds nothing.
 */
export function startCollusionScreenJob(db: Db, options: { hour: number; intervalMs?: number; now?: () => Date; onError?: (err: Error) => void; onPass?: (report: RescreenReport & { nightly: boolean }) => void }): BackgroundJob {
  let lastRunDay: string | null = null;
  return startBackgroundJob(async () => {
    const now = options.now?.() ?? new Date();
    const { due, day } = nightlyRunDue(now, lastRunDay, options.hour);
    const report = await rescreenHistory(db, now, { onlyFailed: !due });
    if (due) lastRunDay = day;
    for (const failed of report.failedMarkets) options.onError?.(new Error(`market ${failed.market}: ${failed.error}`));
    if (due || report.sections > 0) options.onPass?.({ ...report, nightly: due });
    return false;
  }, { intervalMs: options.intervalMs ?? 15 * 60_000, immediately: false, onError: options.onError });
}

/**
 * Tells running procedures their moved bid deadlines (顺延, the outbox the api fills): every `intervalMs` (default
 * 5 s; at once again after a full batch). The api tells the procedure itself right after a move; this pass catches
 * what it could not (the api stopped, Temporal briefly unreachable). Sending twice is harmless: the Update is keyed.
 */
export function startPostponementJob(db: Db, client: Client, options: { intervalMs?: number; onError?: (err: Error) => void; onPass?: (report: { settled: number; failed: number }) => void } = {}): BackgroundJob {
  const reschedule = reschedulerFor(client);
  return startBackgroundJob(async () => {
    const report = await applyPendingPostponements(db, reschedule);
    if (report.settled + report.failed > 0) options.onPass?.(report);
    return report.more && report.settled > 0;
  }, { intervalMs: options.intervalMs ?? 5_000, onError: options.onError });
}

/**
 * Keeps the Temporal Schedules of process-level timer start events in step with the approved versions (one job per
 * worker; creating or deleting the same schedule twice is harmless): every `intervalMs` (default 1 minute), and at once.
 */
export function startTimerStartJob(db: Db, client: Client, taskQueue: string, options: { intervalMs?: number; onError?: (err: Error) => void; onChange?: (change: { created: string[]; deleted: string[] }) => void } = {}): BackgroundJob {
  return startBackgroundJob(async () => {
    const change = await syncTimerStartSchedules(db, client, taskQueue);
    if (change.created.length + change.deleted.length > 0) options.onChange?.(change);
    return false;
  }, { intervalMs: options.intervalMs ?? 60_000, onError: options.onError });
}
