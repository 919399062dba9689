import type { TFunction } from 'i18next';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { mapLimit } from '../credentials/map-limit.js';
import { temporaryCredential, uniqueViolation } from '../persons/person.rules.js';
import { HEARTBEAT_MS, saveProgress, saveSlips, sealSlips } from './apply.state.js';
import { writePlan } from './apply.write.js';
import { inputRows, planContext, summarize } from './evaluate.js';
import { finishRows, type JobMapping, loadRowData, outcomeCounts, updateJob } from './imports.repository.js';
import { evaluate, getImport, jobOf, managedSchool } from './imports.service.js';
import { planRows } from './plan.js';
import { type ImportRuntime, importRuntime, type Progress, SLIP_HOURS } from './runtime.js';

/**
 * The apply: everything the dry run promised, in ONE transaction — all of it or none of it.
 *
 * 1. Outside the transaction, the temporary passwords of the new accounts are generated and hashed (the only
 *    slow part: CPU, on libuv's pool) — the database stays free for everyone else meanwhile.
 * 2. In the transaction the rows are planned again against the data as it is now (someone may have changed
 *    something since the preview); if that finds an error or an unconfirmed match, or more new people than
 *    passwords were prepared for, nothing is written and the job fails with a reason.
 * 3. Then set-based writes (apply.write.ts): persons, accounts, memberships (+ external ids), changed fields, classes, enrolments
 *    (the classes module's enrollStudents), parent links, subjects and teaching, and the audit events — a
 *    fixed number of statements per 1,000 rows. The rows lose their file data; the job becomes 'applied'.
 * Progress (rows done / total) is kept in the process (runtime.ts) and copied to the job row once a second for
 * the other processes (apply.state.ts); the new accounts' passwords are sealed into the job row with a key from
 * the administrator's session (`sessionToken`), for the credential slips.
 */

/** Hashing concurrency: both cores of a small server, leaving the event loop free. */
const HASH_CONCURRENCY = 2;

export async function startApply(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  origin: AuditOrigin,
  t: TFunction,
  logError: (error: unknown) => void,
  sessionToken: string,
) {
  const school = managedSchool(actor);
  const runtime = importRuntime(deps);
  const job = await jobOf(deps.db, school.id, jobId);
  if (job.status === 'failed') {
    // A failed apply wrote nothing; judge the rows against today's data before trying again.
    await deps.db
      .transaction()
      .execute((trx) => evaluate(trx, school.id, jobId, job.mapping as JobMapping, localDate(origin.at), origin.at));
  } else if (job.status !== 'previewed') throw new AppError(409, 'imports.notEditable');
  const counts = await outcomeCounts(deps.db, school.id, jobId);
  if ((counts.error ?? 0) > 0) throw new AppError(422, 'imports.hasErrors', { count: counts.error ?? 0 });
  if ((counts.confirm ?? 0) > 0)
    throw new AppError(422, 'imports.confirmationsPending', { count: counts.confirm ?? 0 });
  // Only one runner: the status flip is the lock (a second click finds the job 'applying').
  // The first heartbeat comes with the flip: no process may take the job for a lost one in between.
  const flipped = { status: 'applying' as const, error: null, progressAt: deps.clock.now() };
  if (!(await updateJob(deps.db, school.id, jobId, flipped, origin.at, 'previewed'))) {
    throw new AppError(409, 'imports.notEditable');
  }
  const key = runtime.key(school.id, jobId);
  const reporter = progressReporter(deps, runtime, school.id, jobId);
  reporter.set({ phase: 'credentials', done: 0, total: job.totalRows });
  const run = runApply(deps, school.id, jobId, job.totalRows, origin, reporter, sessionToken)
    .catch(async (error: unknown) => {
      const code = error instanceof AppError ? error.code : 'imports.applyFailed';
      if (!(error instanceof AppError)) logError(error);
      await updateJob(
        deps.db,
        school.id,
        jobId,
        { status: 'failed', error: code, finishedAt: deps.clock.now() },
        deps.clock.now(),
      ).catch(() => undefined);
    })
    .finally(async () => {
      await reporter.stop();
      runtime.progress.delete(key);
      runtime.running.delete(key);
    });
  runtime.running.set(key, run);
  return getImport(deps, actor, jobId, t, sessionToken);
}

/**
 * The apply's progress: in this process's memory at once, in the job row at most once a second (one write in
 * flight at a time; a write is also the heartbeat that tells other processes this job is still alive).
 */
function progressReporter(deps: AppDeps, runtime: ImportRuntime, schoolId: number, jobId: number) {
  const key = runtime.key(schoolId, jobId);
  let latest: Progress | null = null;
  let writing: Promise<void> | null = null;
  const flush = () => {
    if (writing || !latest) return;
    writing = saveProgress(deps.db, schoolId, jobId, latest, deps.clock.now())
      .catch(() => undefined) // a missed heartbeat is retried on the next tick
      .finally(() => {
        writing = null;
      });
  };
  const timer = setInterval(flush, HEARTBEAT_MS);
  timer.unref();
  return {
    set(progress: Progress) {
      latest = progress;
      runtime.progress.set(key, progress);
    },
    async stop() {
      clearInterval(timer);
      await writing;
    },
  };
}

async function runApply(
  deps: AppDeps,
  schoolId: number,
  jobId: number,
  totalRows: number,
  origin: AuditOrigin,
  reporter: ReturnType<typeof progressReporter>,
  sessionToken: string,
) {
  const runtime = importRuntime(deps);
  const progress = (phase: 'credentials' | 'writing', fraction: number) =>
    reporter.set({ phase, done: Math.min(totalRows, Math.floor(totalRows * fraction)), total: totalRows });

  const counts = await outcomeCounts(deps.db, schoolId, jobId);
  const wanted = counts.new ?? 0;
  // Passwords are made for the rows the preview called new; the in-transaction plan may only need fewer.
  let hashed = 0;
  const credentials = await mapLimit(Array.from({ length: wanted }), HASH_CONCURRENCY, async () => {
    const c = await temporaryCredential(deps, origin.at);
    if (++hashed % 50 === 0) progress('credentials', (0.5 * hashed) / Math.max(1, wanted));
    return c;
  });
  progress('writing', 0.5);
  await runtime.beforeTransaction?.();

  const today = localDate(origin.at);
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.db.transaction().execute(async (trx) => {
        const job = await jobOf(trx, schoolId, jobId);
        const mapping = job.mapping as JobMapping;
        const rows = await loadRowData(trx, schoolId, jobId);
        const ctx = await planContext(trx, schoolId, today, mapping.locale);
        const plan = await planRows(trx, ctx, inputRows(rows, mapping));
        const summary = summarize(plan);
        if (summary.error > 0) throw new AppError(409, 'imports.changedSincePreview');
        if (summary.confirm > 0) throw new AppError(409, 'imports.changedSincePreview');
        const fresh = plan.persons.filter((p) => p.outcome === 'new');
        if (fresh.length > credentials.length) throw new AppError(409, 'imports.changedSincePreview');
        progress('writing', 0.6);

        const written = await writePlan(trx, { schoolId, jobId, today, origin, plan, credentials, ctx }, (f) =>
          progress('writing', 0.6 + 0.4 * f),
        );
        await finishRows(
          trx,
          schoolId,
          jobId,
          plan.persons.map((p) => ({ rowNumber: p.rowNumber, personId: written.personIdOf(p) })),
        );
        await updateJob(
          trx,
          schoolId,
          jobId,
          { status: 'applied', summary, doneRows: rows.length, finishedAt: deps.clock.now() },
          deps.clock.now(),
        );
        await recordAudit(trx, origin, {
          institutionId: schoolId,
          action: 'import.applied',
          subjectType: 'importJob',
          subjectId: jobId,
          after: { kind: job.kind, rows: rows.length, ...summary },
        });
        if (written.issued.length > 0) {
          // In the same transaction: the job is never seen 'applied' without its slips.
          const sealed = sealSlips(sessionToken, schoolId, jobId, written.issued);
          await saveSlips(trx, schoolId, jobId, sealed, new Date(deps.clock.now().getTime() + SLIP_HOURS * 3_600_000));
        }
        if (runtime.failBeforeCommit) throw new Error(runtime.failBeforeCommit);
      });
      break;
    } catch (error) {
      // Someone took one of the generated usernames meanwhile: plan and number them again.
      if (uniqueViolation(error) === 'accounts_username_key' && attempt < 3) continue;
      throw error;
    }
  }
}
