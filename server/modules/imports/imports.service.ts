import type { Locale } from '@common/enums.js';
import type { ImportJobDetail, ImportKind, ImportRowPage, PeopleField, RowOutcome } from '@common/schemas/imports.js';
import type { TFunction } from 'i18next';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { failLostJobs, sharedDatabase } from './apply.state.js';
import { inputRows, planContext, summarize, verdicts } from './evaluate.js';
import { autoMapping, isKnownHeader } from './fields.js';
import { presentJob, presentJobDetail, presentRow } from './imports.presenter.js';
import {
  confirmRows,
  deleteRows,
  findJob,
  findRowData,
  insertJob,
  insertRows,
  type JobMapping,
  type JobRow,
  listJobs,
  loadRowData,
  pageRows,
  type StoredRow,
  storeVerdicts,
  updateJob,
  updateRowData,
} from './imports.repository.js';
import { readOneRoster } from './oneroster/read.js';
import { parseCsv } from './parse/csv.js';
import { detectType } from './parse/detect.js';
import { fileProblem, toSheet } from './parse/sheet.js';
import { parseXlsx } from './parse/xlsx.js';
import { planRows } from './plan.js';
import { importRuntime, type Progress } from './runtime.js';
import { issuedSlips, slipGroups } from './slips.service.js';

/**
 * The dry run and everything around it: upload → parse → map → check and match every row → store the job and
 * its rows with their verdicts; then the preview, the mapping editor, fixing a row, confirming matches,
 * discarding. The apply is apply.service.ts.
 */

/** The school is the actor's context, never a client's id; only its own administrators import into it. */
export function managedSchool(actor: Actor): InstitutionRef {
  const m = actor.context;
  if (m?.institutionKind !== 'school') throw forbidden();
  const school = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, 'school.manage', school)) throw forbidden();
  return school;
}

export async function jobOf(db: Database, schoolId: number, jobId: number): Promise<JobRow> {
  const job = await findJob(db, schoolId, jobId);
  if (!job) throw notFound();
  return job;
}

/** A job whose rows can still change: previewed, or failed to apply (fix, confirm, try again). */
function assertPreviewed(job: JobRow) {
  if (job.status !== 'previewed' && job.status !== 'failed') throw new AppError(409, 'imports.notEditable');
}

/**
 * Plans every row of the job again and stores the verdicts and the summary (after any change to the rows, and
 * before applying a job whose earlier apply failed). The job is 'previewed' again afterwards.
 */
export async function evaluate(
  db: Database,
  schoolId: number,
  jobId: number,
  mapping: JobMapping,
  today: string,
  at: Date,
) {
  const rows = await loadRowData(db, schoolId, jobId);
  const ctx = await planContext(db, schoolId, today, mapping.locale);
  const plan = await planRows(db, ctx, inputRows(rows, mapping));
  await storeVerdicts(db, schoolId, jobId, verdicts(plan));
  const summary = summarize(plan);
  await updateJob(db, schoolId, jobId, { summary, totalRows: rows.length, status: 'previewed', error: null }, at);
  return summary;
}

/** Text without control characters (a NUL cannot even be stored in PostgreSQL). */
const withoutControls = (text: string) => [...text].filter((c) => c.charCodeAt(0) >= 32).join('');

export interface Upload {
  bytes: Buffer;
  fileName: string;
}

/** Reads the file into stored rows; nothing touches the database until the whole file has been read. */
export async function readUpload(upload: Upload, kind: ImportKind, locale: Locale) {
  const type = detectType(upload.bytes, upload.fileName, kind);
  if (kind === 'oneroster') {
    if (type !== 'zip') throw fileProblem('notOneRoster');
    const rows = await readOneRoster(upload.bytes);
    return { rows, mapping: { headers: [], columns: [], locale } satisfies JobMapping };
  }
  const raw = type === 'xlsx' ? await parseXlsx(upload.bytes) : parseCsv(upload.bytes);
  const sheet = toSheet(raw, isKnownHeader);
  const rows: StoredRow[] = sheet.rows.map((r) => ({
    rowNumber: r.rowNumber,
    data: { entity: 'person', cells: r.cells },
  }));
  return {
    rows,
    mapping: { headers: sheet.headers, columns: autoMapping(sheet.headers), locale } satisfies JobMapping,
  };
}

export async function createImport(
  deps: AppDeps,
  actor: Actor,
  upload: Upload,
  kind: ImportKind,
  locale: Locale,
  origin: AuditOrigin,
  t: TFunction,
): Promise<ImportJobDetail> {
  const school = managedSchool(actor);
  const { rows, mapping } = await readUpload(upload, kind, locale);
  const fileName = withoutControls(upload.fileName).slice(-255) || 'import';
  const today = localDate(origin.at);
  const jobId = await deps.db.transaction().execute(async (trx) => {
    const { id } = await insertJob(trx, {
      schoolId: school.id,
      createdBy: actor.personId,
      kind,
      fileName,
      mapping,
      at: origin.at,
    });
    await insertRows(trx, school.id, id, rows);
    const summary = await evaluate(trx, school.id, id, mapping, today, origin.at);
    // What was uploaded and what the dry run found; never the file's contents.
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'import.created',
      subjectType: 'importJob',
      subjectId: id,
      after: { kind, rows: rows.length, ...summary },
    });
    return id;
  });
  return getImport(deps, actor, jobId, t);
}

/**
 * Jobs shown 'applying' that no process runs any more are failed first (apply.state.ts): with one process (the
 * embedded database) that is any job this process does not run; with a shared database, one whose heartbeat
 * stopped. Returns whether it had to look.
 */
async function failLost(deps: AppDeps, schoolId: number, jobs: Array<{ id: number; status: string }>) {
  const runtime = importRuntime(deps);
  const mine = runtime.runningJobs(schoolId);
  if (!jobs.some((j) => j.status === 'applying' && !mine.includes(j.id))) return false;
  await failLostJobs(deps.db, deps.clock.now(), {
    schoolId,
    onlyStale: sharedDatabase(deps.config),
    except: mine,
  });
  return true;
}

export async function listImports(deps: AppDeps, actor: Actor, t: TFunction) {
  const school = managedSchool(actor);
  let jobs = await listJobs(deps.db, school.id);
  if (await failLost(deps, school.id, jobs)) jobs = await listJobs(deps.db, school.id);
  return { items: jobs.map((j) => presentJob(j, t)) };
}

/** `sessionToken`: the caller's session, which alone can open the slips it sealed at the apply. */
export async function getImport(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  t: TFunction,
  sessionToken?: string,
): Promise<ImportJobDetail> {
  const school = managedSchool(actor);
  const runtime = importRuntime(deps);
  const key = runtime.key(school.id, jobId);
  let job = await jobOf(deps.db, school.id, jobId);
  if (await failLost(deps, school.id, [job])) job = await jobOf(deps.db, school.id, jobId);
  // This process's own apply answers from memory (on the embedded database the row may be behind its
  // transaction); another process's, from the copy it keeps in the row.
  const progress =
    job.status === 'applying' ? (runtime.progress.get(key) ?? (job.progress as Progress | null) ?? null) : null;
  const slips = sessionToken ? await issuedSlips(deps.db, school.id, jobId, deps.clock.now(), sessionToken) : null;
  const groups = slips
    ? await slipGroups(
        deps.db,
        school.id,
        slips.items.map((i) => i.personId),
      )
    : null;
  return presentJobDetail(job, t, progress, slips && groups ? { expiresAt: slips.expiresAt, groups } : null);
}

export async function getRows(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  query: { outcome?: RowOutcome; entity?: 'person' | 'class' | 'subject' | 'teaching'; page: number; pageSize: number },
  t: TFunction,
): Promise<ImportRowPage> {
  const school = managedSchool(actor);
  const job = await jobOf(deps.db, school.id, jobId);
  const { items, total } = await pageRows(deps.db, school.id, jobId, {
    outcome: query.outcome,
    entity: query.entity,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const mapping = (job.mapping ?? { headers: [], columns: [], locale: 'kk' }) as JobMapping;
  return { items: items.map((r) => presentRow(r, mapping, t)), total, page: query.page, pageSize: query.pageSize };
}

export async function updateMapping(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  columns: Array<PeopleField | null>,
  origin: AuditOrigin,
  t: TFunction,
) {
  const school = managedSchool(actor);
  await deps.db.transaction().execute(async (trx) => {
    const job = await jobOf(trx, school.id, jobId);
    assertPreviewed(job);
    if (job.kind !== 'people') throw new AppError(409, 'imports.noMapping');
    const mapping = job.mapping as JobMapping;
    if (columns.length !== mapping.headers.length) throw new AppError(422, 'imports.mappingLength');
    const fields = columns.filter((c) => c !== null);
    if (new Set(fields).size !== fields.length) throw new AppError(422, 'imports.mappingDuplicate');
    const next = { ...mapping, columns };
    await updateJob(trx, school.id, jobId, { mapping: next }, origin.at);
    await evaluate(trx, school.id, jobId, next, localDate(origin.at), origin.at);
  });
  return getImport(deps, actor, jobId, t);
}

/** The administrator's corrected values for one row; the whole job is judged again (rows refer to each other). */
export async function fixRow(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  rowNumber: number,
  values: Partial<Record<PeopleField, string>>,
  origin: AuditOrigin,
  t: TFunction,
) {
  const school = managedSchool(actor);
  await deps.db.transaction().execute(async (trx) => {
    const job = await jobOf(trx, school.id, jobId);
    assertPreviewed(job);
    const row = await findRowData(trx, school.id, jobId, rowNumber);
    if (!row?.data) throw notFound();
    const data = row.data as StoredRow['data'];
    if (data.entity !== 'person') throw new AppError(409, 'imports.notEditable');
    const cleaned = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, withoutControls(v ?? '').trim()]));
    // A changed row is judged afresh: an earlier confirmation was about the old values.
    const { confirmedPersonId: _dropped, ...rest } = data;
    await updateRowData(trx, school.id, jobId, rowNumber, { ...rest, values: { ...data.values, ...cleaned } });
    await evaluate(trx, school.id, jobId, job.mapping as JobMapping, localDate(origin.at), origin.at);
  });
  return getImport(deps, actor, jobId, t);
}

export async function confirmMatches(
  deps: AppDeps,
  actor: Actor,
  jobId: number,
  input: { rowNumbers?: number[]; all?: boolean },
  origin: AuditOrigin,
  t: TFunction,
) {
  const school = managedSchool(actor);
  await deps.db.transaction().execute(async (trx) => {
    const job = await jobOf(trx, school.id, jobId);
    assertPreviewed(job);
    const which = input.all ? 'all' : [...new Set(input.rowNumbers ?? [])];
    if (which !== 'all' && which.length === 0) throw new AppError(422, 'imports.nothingToConfirm');
    const confirmed = await confirmRows(trx, school.id, jobId, which);
    if (confirmed === 0) throw new AppError(422, 'imports.nothingToConfirm');
    await evaluate(trx, school.id, jobId, job.mapping as JobMapping, localDate(origin.at), origin.at);
  });
  return getImport(deps, actor, jobId, t);
}

/** Discarding keeps the job as a record but drops its rows (the file's personal data) at once. */
export async function discardImport(deps: AppDeps, actor: Actor, jobId: number, origin: AuditOrigin) {
  const school = managedSchool(actor);
  await deps.db.transaction().execute(async (trx) => {
    const job = await jobOf(trx, school.id, jobId);
    if (job.status === 'discarded') return;
    // An applied job is the record of what was imported; a running one cannot be stopped half-way.
    if (job.status === 'applying' || job.status === 'applied') throw new AppError(409, 'imports.notEditable');
    await deleteRows(trx, school.id, jobId);
    await updateJob(trx, school.id, jobId, { status: 'discarded', finishedAt: origin.at }, origin.at);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'import.discarded',
      subjectType: 'importJob',
      subjectId: jobId,
      before: { status: job.status },
    });
  });
}
