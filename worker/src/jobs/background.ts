// A job the worker process runs beside Temporal (outbox dispatchers, trail checkpoints): one pass at a time, again
// after `intervalMs` — at once when a pass says more is waiting. A failed pass is reported and the next one retries;
// it never stops the worker. Stopping waits for the pass in flight.

export interface BackgroundJob { stop(): Promise<void> }

export interface BackgroundOptions {
  intervalMs: number;
  /** Run the first pass at once (default) or only after the first interval. */
  immediately?: boolean;
  onError?: (err: Error) => void;
}

/** `pass` answers true when it left work behind (a full batch), so the next pass starts without waiting. */
export function startBackgroundJob(pass: () => Promise<boolean>, options: BackgroundOptions): BackgroundJob {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => { running = run(); }, ms);
    timer.unref();
  };
  const run = async () => {
    let more = false;
    try {
      more = await pass();
    } catch (err) {
      options.onError?.(err as Error);
    }
    schedule(more ? 0 : options.intervalMs);
  };
  schedule(options.immediately === false ? options.intervalMs : 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
