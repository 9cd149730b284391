// The faults the campaign inflicts on a running cluster: a random worker killed with SIGKILL every few seconds (and
// started again shortly after, as a supervisor would), one restart of the platform's PostgreSQL server and one of the
// Temporal server, each once the deals are under way. A worker that dies on its own is started again too — and
// counted, because that is a finding.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const between = ([low, high]) => low + Math.random() * (high - low);

export function startFaults(cluster, postgres, { killEveryMs = [3000, 6000], restartAfterMs = [1000, 2500], log }) {
  const counts = { worker_kills: 0, worker_crashes: 0, postgres_restarts: 0, temporal_restarts: 0 };
  let stopped = false;
  let busy = Promise.resolve();
  const restarting = new Set();
  const alive = (i) => cluster.workers[i] && cluster.workers[i].exitCode === null && cluster.workers[i].signalCode === null;

  const restart = async (i) => {
    restarting.add(i);
    await sleep(between(restartAfterMs));
    cluster.startWorker(i);
    restarting.delete(i);
  };

  const killer = (async () => {
    while (!stopped) {
      await sleep(between(killEveryMs));
      if (stopped) break;
      const candidates = cluster.workers.map((_, i) => i).filter((i) => alive(i) && !restarting.has(i));
      // never kill the last worker standing: the campaign kills machines, it does not switch the service off
      if (candidates.length < 2) continue;
      const i = candidates[Math.floor(Math.random() * candidates.length)];
      const pid = cluster.workers[i].pid;
      await cluster.killWorker(i);
      counts.worker_kills++;
      log(`SIGKILL worker-${i + 1} (pid ${pid}); kill ${counts.worker_kills}`);
      void restart(i);
    }
  })();

  // a worker that exited without being killed here is started again, and counted
  const watcher = (async () => {
    while (!stopped) {
      await sleep(1000);
      for (const [i] of cluster.workers.entries()) {
        if (!alive(i) && !restarting.has(i) && !stopped) {
          const { exitCode, signalCode } = cluster.workers[i];
          counts.worker_crashes++;
          log(`worker-${i + 1} stopped on its own (${signalCode ?? `exit ${exitCode}`}); starting it again — see ${cluster.logs}`);
          void restart(i);
        }
      }
    }
  })();

  /** Serialises the two server restarts (never both down at once). */
  const exclusive = (fn) => {
    busy = busy.then(fn, fn);
    return busy;
  };

  return {
    counts,
    restartPostgres: () => exclusive(async () => {
      const t = Date.now();
      await postgres.restart();
      counts.postgres_restarts++;
      log(`PostgreSQL restarted (${Date.now() - t} ms)`);
    }),
    restartTemporal: () => exclusive(async () => {
      const t = Date.now();
      await cluster.restartTemporal();
      counts.temporal_restarts++;
      log(`Temporal Server restarted (${Date.now() - t} ms)`);
    }),
    async stop() {
      stopped = true;
      await Promise.all([killer, watcher, busy]);
      while (restarting.size) await sleep(200);
    },
  };
}
