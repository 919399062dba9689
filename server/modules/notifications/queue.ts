import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { NotificationJobsTable } from '../../db/tables/notifications.js';

/**
 * The delivery queue: rows in `notification_jobs` (migration 0020 says why not pg-boss). A job is claimed by
 * stamping `locked_until` on rows picked `FOR UPDATE SKIP LOCKED`, so several processes share the work and none
 * takes a row another is holding; a process that dies mid-job leaves a lock that simply expires. Done jobs are
 * deleted; a failing job is retried with a growing delay and parked (`failed_at`) after MAX_ATTEMPTS.
 */
export type JobKind = NotificationJobsTable['kind'];
export interface JobRow {
  id: number;
  kind: JobKind;
  attempts: number;
  personIds: number[];
  payload: Record<string, unknown>;
}

/** How long a claimed job stays invisible to other workers. */
const LOCK_MS = 2 * 60_000;
export const MAX_ATTEMPTS = 6;

export interface NewJob {
  kind: JobKind;
  runAt: Date;
  personIds: number[];
  payload: Record<string, unknown>;
  /** At most one pending job per key (a second enqueue is dropped). */
  dedupeKey?: string;
}

export async function enqueue(db: Database, jobs: NewJob[]) {
  if (jobs.length === 0) return;
  await db
    .insertInto('notificationJobs')
    .values(
      jobs.map((j) => ({
        kind: j.kind,
        runAt: j.runAt,
        personIds: j.personIds,
        payload: JSON.stringify(j.payload),
        dedupeKey: j.dedupeKey ?? null,
      })),
    )
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .execute();
}

/** Claims up to `limit` due jobs (oldest first) in one statement. */
export async function claimDue(db: Database, now: Date, limit: number): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    update notification_jobs j
       set locked_until = ${new Date(now.getTime() + LOCK_MS)}, attempts = j.attempts + 1
      from (select id from notification_jobs
             where run_at <= ${now} and failed_at is null and (locked_until is null or locked_until < ${now})
             order by run_at, id
             limit ${limit}
             for update skip locked) due
     where j.id = due.id
 returning j.id, j.kind, j.attempts, j.person_ids as "personIds", j.payload`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), personIds: (r.personIds ?? []).map(Number) }));
}

export async function finish(db: Database, ids: number[]) {
  if (ids.length > 0) await db.deleteFrom('notificationJobs').where('id', 'in', ids).execute();
}

/** Runs the job again at `at` (quiet hours) without counting it as a failure. */
export async function postpone(db: Database, id: number, at: Date) {
  await db
    .updateTable('notificationJobs')
    .set((eb) => ({ runAt: at, lockedUntil: null, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .execute();
}

/** A failure: retry after 30 s, 1, 2, 4 … minutes; after MAX_ATTEMPTS the row stays for an operator. */
export async function fail(db: Database, job: JobRow, now: Date, error: unknown) {
  const e = error as { code?: unknown; message?: unknown };
  const reason = String(e?.code ?? e?.message ?? 'error').slice(0, 200);
  const parked = job.attempts >= MAX_ATTEMPTS;
  await db
    .updateTable('notificationJobs')
    .set({
      lockedUntil: null,
      lastError: reason,
      runAt: new Date(now.getTime() + 30_000 * 2 ** (job.attempts - 1)),
      failedAt: parked ? now : null,
    })
    .where('id', '=', job.id)
    .execute();
}
