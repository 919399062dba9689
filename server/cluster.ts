import cluster, { type Worker } from 'node:cluster';

/**
 * `WORKERS=N npm start`: N server processes on this machine, all accepting on PORT (node:cluster hands the
 * connections out round-robin). The server is stateless — sessions, sign-in back-off, rate-limit counters and
 * import progress live in the database (or Redis) — so any worker serves any request (docs/SCALING.md).
 *
 * - The primary does what must happen once: it opens the database, runs the migrations and the demo seed
 *   (main.ts), closes it again and forks the workers. It serves nothing itself.
 * - Each worker opens its own pool (DATABASE_POOL_SIZE connections each: mind max_connections) and builds the
 *   whole app. The periodic jobs run in worker 1 only: they are safe to run twice (the purge takes an advisory
 *   lock, the others are idempotent sweeps) — and are run by several machines that way — but N copies on one
 *   machine would only multiply the queries.
 * - A worker that dies is forked again (as the same number, so worker 1 keeps the jobs), after a second;
 *   one that keeps dying right after its start is given up on so a crash loop does not spin.
 * - SIGTERM / SIGINT to the primary: every worker gets SIGTERM and drains (its own graceful shutdown in
 *   main.ts: stop accepting, finish requests, jobs and mail, close the pool); the primary exits when all have.
 */
export const WORKER_ENV = 'DAPTER_WORKER';

/** This process's worker number (1…N), or null in the primary / a single-process server. */
export function workerNumber(): number | null {
  if (!cluster.isWorker) return null;
  const n = Number(process.env[WORKER_ENV]);
  return Number.isInteger(n) && n > 0 ? n : null;
}

const RESTART_DELAY_MS = 1_000;
/** A worker that exits sooner than this after its start, this many times in a row, is not restarted. */
const EARLY_EXIT_MS = 10_000;
const MAX_EARLY_EXITS = 5;
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * Forks the workers and keeps them running; `onReady` once every worker listens. Resolves with the exit code
 * once all have drained after SIGTERM / SIGINT.
 */
export function runPrimary(
  workers: number,
  onReady: () => void,
  log: (message: string) => void = console.log,
): Promise<number> {
  const started = new Map<number, number>();
  const earlyExits = new Map<number, number>();
  const byWorker = new Map<Worker, number>();
  let stopping = false;

  const fork = (n: number) => {
    const worker = cluster.fork({ [WORKER_ENV]: String(n) });
    byWorker.set(worker, n);
    started.set(n, Date.now());
  };

  return new Promise<number>((resolve) => {
    const finishIfDone = () => {
      if (stopping && byWorker.size === 0) resolve(0);
    };

    cluster.on('exit', (worker, code, signal) => {
      const n = byWorker.get(worker);
      byWorker.delete(worker);
      if (n === undefined) return;
      if (stopping) return finishIfDone();
      const early = Date.now() - (started.get(n) ?? 0) < EARLY_EXIT_MS;
      const streak = early ? (earlyExits.get(n) ?? 0) + 1 : 0;
      earlyExits.set(n, streak);
      if (streak >= MAX_EARLY_EXITS) {
        log(`  worker ${n} keeps exiting right after its start (code ${code ?? signal}); not restarting it`);
        if (byWorker.size === 0) resolve(1);
        return;
      }
      log(`  worker ${n} exited (${signal ?? `code ${code}`}); starting it again`);
      setTimeout(() => {
        if (!stopping) fork(n);
      }, RESTART_DELAY_MS).unref();
    });

    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`  ${signal}: draining ${byWorker.size} worker(s)`);
      for (const worker of byWorker.keys()) worker.process.kill('SIGTERM');
      // A worker stuck past its own 10 s force-exit is killed; the primary then exits anyway.
      setTimeout(() => {
        for (const worker of byWorker.keys()) worker.process.kill('SIGKILL');
        resolve(1);
      }, DRAIN_TIMEOUT_MS).unref();
      finishIfDone();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));

    const listening = new Set<number>();
    cluster.on('listening', (worker) => {
      const n = byWorker.get(worker);
      if (n === undefined || listening.size === workers) return;
      listening.add(n);
      if (listening.size === workers) onReady();
    });

    for (let n = 1; n <= workers; n++) fork(n);
  });
}
