import type { AppDeps } from '../../deps.js';

/**
 * What an import keeps in the server process, besides what it shares through the database (apply.state.ts):
 * - the applies this process runs (so shutdown waits for them) and their latest progress: this process answers
 *   its own polls from memory; other processes read the copy it writes to the job row once a second;
 * - nothing else. The new accounts' temporary passwords for the credential slips are sealed into the job row for
 *   SLIP_HOURS (encrypted with the applying session's key): any process may serve the slips.
 * A job left 'applying' by a process that died is failed as interrupted: at start-up when this is the only process
 * (the embedded database), else once its heartbeat is older than STALE_MS (apply.state.ts).
 * One runtime per app (deps), so tests with several apps in one process never share state.
 */
export const SLIP_HOURS = 8;

export interface Progress {
  phase: 'credentials' | 'writing';
  done: number;
  total: number;
}
export interface IssuedCredential {
  personId: number;
  password: string;
}

export class ImportRuntime {
  readonly progress = new Map<string, Progress>();
  readonly running = new Map<string, Promise<void>>();
  /** Tests only: throw at this point of the apply's transaction (after everything is written, before commit). */
  failBeforeCommit: string | null = null;
  /** Tests only: awaited before the apply's transaction starts (to look at a job while it is applying). */
  beforeTransaction: (() => Promise<void>) | null = null;

  key(schoolId: number, jobId: number) {
    return `${schoolId}:${jobId}`;
  }

  /** The ids of the jobs this process is applying for a school. */
  runningJobs(schoolId?: number) {
    return [...this.running.keys()]
      .map((k) => k.split(':').map(Number) as [number, number])
      .filter(([s]) => schoolId === undefined || s === schoolId)
      .map(([, j]) => j);
  }

  /** Resolves when every apply in flight has finished (graceful shutdown, tests). */
  async settle() {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }
}

const runtimes = new WeakMap<AppDeps, ImportRuntime>();
export function importRuntime(deps: AppDeps): ImportRuntime {
  const runtime = runtimes.get(deps) ?? new ImportRuntime();
  runtimes.set(deps, runtime);
  return runtime;
}
