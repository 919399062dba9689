import type { TFunction } from 'i18next';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { mapLimit } from '../credentials/map-limit.js';
import { temporaryCredential, uniqueViolation } from '../persons/person.rules.js';
import { writePlan } from './apply.write.js';
import { inputRows, planContext, summarize } from './evaluate.js';
import { finishRows, type JobMapping, loadRowData, outcomeCounts, updateJob } from './imports.repository.js';
import { evaluate, getImport, jobOf, managedSchool } from './imports.service.js';
import { planRows } from './plan.js';
import { type IssuedCredential, importRuntime, SLIP_HOURS } from './runtime.js';

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
 * Progress (rows done / total) is kept in the process (runtime.ts) for GET /imports/:id.
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
  if (!(await updateJob(deps.db, school.id, jobId, { status: 'applying', error: null }, origin.at, 'previewed'))) {
    throw new AppError(409, 'imports.notEditable');
  }
  const key = runtime.key(school.id, jobId);
  runtime.progress.set(key, { phase: 'credentials', done: 0, total: job.totalRows });
  const run = runApply(deps, school.id, jobId, job.totalRows, origin)
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
    .finally(() => {
      runtime.progress.delete(key);
      runtime.running.delete(key);
    });
  runtime.running.set(key, run);
  return getImport(deps, actor, jobId, t);
}

async function runApply(deps: AppDeps, schoolId: number, jobId: number, totalRows: number, origin: AuditOrigin) {
  const runtime = importRuntime(deps);
  const key = runtime.key(schoolId, jobId);
  const progress = (phase: 'credentials' | 'writing', fraction: number) =>
    runtime.progress.set(key, { phase, done: Math.min(totalRows, Math.floor(totalRows * fraction)), total: totalRows });

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
  const issued: IssuedCredential[] = [];
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
        if (runtime.failBeforeCommit) throw new Error(runtime.failBeforeCommit);
        issued.splice(0, issued.length, ...written.issued);
      });
      break;
    } catch (error) {
      // Someone took one of the generated usernames meanwhile: plan and number them again.
      if (uniqueViolation(error) === 'accounts_username_key' && attempt < 3) continue;
      throw error;
    }
  }
  if (issued.length > 0) {
    runtime.credentials.set(key, {
      expiresAt: new Date(deps.clock.now().getTime() + SLIP_HOURS * 3_600_000),
      items: issued,
    });
  }
}
