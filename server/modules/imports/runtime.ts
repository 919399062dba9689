import type { AppDeps } from '../../deps.js';

/**
 * What an import keeps in the server process rather than the database:
 * - the progress of a running apply. On the embedded database the apply's transaction holds the only
 *   connection, so it cannot write its progress anywhere another request could read it; the job row says
 *   'applying' (what a reload finds), this map says how far. A job found 'applying' at start-up has no runner
 *   and is marked failed (imports.repository failInterruptedJobs).
 * - the new accounts' temporary passwords, for the credential slips, for SLIP_HOURS after the apply. Only their
 *   hashes are stored; the plaintext lives in memory and dies with the process or the deadline.
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
  readonly credentials = new Map<string, { expiresAt: Date; items: IssuedCredential[] }>();
  /** Tests only: throw at this point of the apply's transaction (after everything is written, before commit). */
  failBeforeCommit: string | null = null;
  /** Tests only: awaited before the apply's transaction starts (to look at a job while it is applying). */
  beforeTransaction: (() => Promise<void>) | null = null;

  key(schoolId: number, jobId: number) {
    return `${schoolId}:${jobId}`;
  }

  /** The job's passwords while they may still be printed; every expired entry is dropped on the way. */
  issued(schoolId: number, jobId: number, now: Date) {
    for (const [key, entry] of this.credentials) if (entry.expiresAt <= now) this.credentials.delete(key);
    return this.credentials.get(this.key(schoolId, jobId)) ?? null;
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
