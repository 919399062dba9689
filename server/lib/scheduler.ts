/**
 * A small in-process runner for periodic jobs: each job runs once at start and then every `everyMs`.
 *
 * Why not a library: the jobs we have (the purge of deleted profiles, ending sessions whose membership has
 * lapsed) are idempotent sweeps whose whole state is in the database — "what is due" is a query, not a queue —
 * and nothing depends on them firing at an exact minute. A cron library would only wrap setInterval; a queue
 * (pg-boss, graphile-worker) needs PostgreSQL features and a schema of its own that the embedded PGlite
 * (one connection) does not offer. So:
 * - timers are unref'd: they never keep the process alive on their own;
 * - a job never overlaps itself in one process (a tick while it still runs joins the running one); between
 *   processes the job itself takes a database lock (see server/modules/deletion/purge.ts);
 * - `stop()` clears the timers, signals the running jobs to finish their current step, and waits for them —
 *   graceful shutdown (app.close()) never cuts a job off in the middle of a transaction;
 * - a failing run is logged (code and message only: driver error details can carry row values) and the next
 *   tick tries again.
 */
export interface Job {
  name: string;
  everyMs: number;
  /** One run. Returns counts for the log (never personal data). `signal` aborts when the scheduler stops. */
  run(signal: AbortSignal): Promise<Record<string, number | boolean> | undefined>;
}

export interface JobLog {
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export class Scheduler {
  readonly #jobs: Map<string, Job>;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  #started = false;
  #stopped = false;

  constructor(
    jobs: Job[],
    private readonly log: JobLog,
  ) {
    this.#jobs = new Map(jobs.map((j) => [j.name, j]));
  }

  /** Runs every job now and then on its interval. Calling it twice does nothing. */
  start() {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    for (const job of this.#jobs.values()) {
      void this.runNow(job.name);
      const timer = setInterval(() => void this.runNow(job.name), job.everyMs);
      timer.unref();
      this.#timers.push(timer);
    }
  }

  /** Runs one job now, or joins its run in progress. Never rejects: failures are logged. */
  runNow(name: string): Promise<void> {
    const job = this.#jobs.get(name);
    if (!job || this.#stopped) return Promise.resolve();
    const inFlight = this.#running.get(name);
    if (inFlight) return inFlight;
    const run = (async () => {
      const started = Date.now();
      try {
        const result = await job.run(this.#abort.signal);
        const worked = Object.values(result ?? {}).some((v) => v !== 0 && v !== false);
        this.log[worked ? 'info' : 'debug']({ job: name, ...result, ms: Date.now() - started }, 'job finished');
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown };
        this.log.error({ job: name, code: e?.code, message: String(e?.message ?? error) }, 'job failed');
      } finally {
        this.#running.delete(name);
      }
    })();
    this.#running.set(name, run);
    return run;
  }

  /** Resolves when no job is running. */
  async idle() {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  /** No further runs; the running ones are asked to stop after their current step and awaited. */
  async stop() {
    this.#stopped = true;
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.#abort.abort();
    await this.idle();
  }
}
