import type { ImportKind, JobStatus, RowEntity, RowOutcome } from '@common/schemas/imports.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/** Import jobs and their rows. Every statement is bounded by the school from the caller's context. */

/** What import_rows.data holds until the job is applied. */
export interface RowData {
  entity: RowEntity;
  /** A people file's cells, read through the job's column mapping. */
  cells?: string[];
  /** Values by field: a OneRoster row's, or the administrator's fixes on top of the cells. */
  values?: Record<string, string>;
  confirmedPersonId?: number;
}
/** import_rows.detail: what the dry run found; codes and field names only. */
export interface RowDetail {
  entity: RowEntity;
  via: string | null;
  confirmed: boolean;
  changes: string[];
}
/** import_jobs.mapping. */
export interface JobMapping {
  headers: string[];
  columns: Array<string | null>;
  /** The importer's language: new accounts' language when a row does not say. */
  locale: 'kk' | 'ru' | 'en';
}

const CHUNK = 1000;
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const jobColumns = [
  'id',
  'schoolId',
  'kind',
  'fileName',
  'status',
  'mapping',
  'summary',
  'totalRows',
  'doneRows',
  'error',
  'createdAt',
  'finishedAt',
  'createdByPersonId',
  'progress',
] as const;

export async function insertJob(
  db: Database,
  job: { schoolId: number; createdBy: number; kind: ImportKind; fileName: string; mapping: JobMapping; at: Date },
) {
  return db
    .insertInto('importJobs')
    .values({
      schoolId: job.schoolId,
      createdByPersonId: job.createdBy,
      kind: job.kind,
      fileName: job.fileName,
      mapping: JSON.stringify(job.mapping),
      createdAt: job.at,
      updatedAt: job.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findJob(db: Database, schoolId: number, id: number) {
  return db
    .selectFrom('importJobs')
    .where('schoolId', '=', schoolId)
    .where('id', '=', id)
    .select(jobColumns)
    .executeTakeFirst();
}
export type JobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

export function listJobs(db: Database, schoolId: number) {
  return db
    .selectFrom('importJobs')
    .where('schoolId', '=', schoolId)
    .select(jobColumns)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export async function updateJob(
  db: Database,
  schoolId: number,
  id: number,
  set: Partial<{
    status: JobStatus;
    mapping: JobMapping;
    summary: unknown;
    totalRows: number;
    doneRows: number;
    error: string | null;
    finishedAt: Date | null;
    /** The apply's heartbeat (apply.state.ts). */
    progressAt: Date | null;
  }>,
  at: Date,
  onlyIfStatus?: JobStatus,
) {
  const { mapping, summary, ...rest } = set;
  const result = await db
    .updateTable('importJobs')
    .set({
      ...rest,
      ...(mapping !== undefined ? { mapping: JSON.stringify(mapping) } : {}),
      ...(summary !== undefined ? { summary: JSON.stringify(summary) } : {}),
      updatedAt: at,
    })
    .where('schoolId', '=', schoolId)
    .where('id', '=', id)
    .$if(onlyIfStatus !== undefined, (q) => q.where('status', '=', onlyIfStatus!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface StoredRow {
  rowNumber: number;
  data: RowData;
}

export async function insertRows(db: Database, schoolId: number, jobId: number, rows: StoredRow[]) {
  for (const part of chunks(rows)) {
    await db
      .insertInto('importRows')
      .values(
        part.map((r) => ({
          schoolId,
          jobId,
          rowNumber: r.rowNumber,
          data: JSON.stringify(r.data),
          outcome: 'error' as const,
        })),
      )
      .execute();
  }
}

/** Every row's stored data, in file order (what a new dry run or the apply plans from). */
export async function loadRowData(db: Database, schoolId: number, jobId: number): Promise<StoredRow[]> {
  const rows = await db
    .selectFrom('importRows')
    .where('schoolId', '=', schoolId)
    .where('jobId', '=', jobId)
    .select(['rowNumber', 'data'])
    .orderBy('rowNumber')
    .execute();
  return rows.filter((r) => r.data !== null).map((r) => ({ rowNumber: r.rowNumber, data: r.data as RowData }));
}

export interface RowVerdict {
  rowNumber: number;
  outcome: RowOutcome;
  errors: Array<{ field: string | null; code: string }>;
  matchedPersonId: number | null;
  detail: RowDetail;
}

/** Stores the dry run's verdict on every row: one UPDATE per few thousand rows. */
export async function storeVerdicts(db: Database, schoolId: number, jobId: number, verdicts: RowVerdict[]) {
  for (const part of chunks(verdicts, 5000)) {
    const json = JSON.stringify(
      part.map((v) => ({
        n: v.rowNumber,
        o: v.outcome,
        e: v.errors.length > 0 ? v.errors : null,
        p: v.matchedPersonId,
        d: v.detail,
      })),
    );
    await sql`
      update import_rows r
         set outcome = v.o, errors = v.e, matched_person_id = v.p, detail = v.d
        from jsonb_to_recordset(${json}::jsonb) as v(n integer, o text, e jsonb, p bigint, d jsonb)
       where r.school_id = ${schoolId} and r.job_id = ${jobId} and r.row_number = v.n`.execute(db);
  }
}

/** Replaces one row's data (a fix, a confirmation). */
export async function updateRowData(db: Database, schoolId: number, jobId: number, rowNumber: number, data: RowData) {
  await db
    .updateTable('importRows')
    .set({ data: JSON.stringify(data) })
    .where('schoolId', '=', schoolId)
    .where('jobId', '=', jobId)
    .where('rowNumber', '=', rowNumber)
    .execute();
}

/** Sets confirmedPersonId on many rows at once (the person each one's dry run suggested). */
export async function confirmRows(db: Database, schoolId: number, jobId: number, rowNumbers: number[] | 'all') {
  const result = await db
    .updateTable('importRows')
    .set({
      data: sql`jsonb_set(data, '{confirmedPersonId}', to_jsonb(matched_person_id))`,
    })
    .where('schoolId', '=', schoolId)
    .where('jobId', '=', jobId)
    .where('outcome', '=', 'confirm')
    .where('matchedPersonId', 'is not', null)
    .$if(rowNumbers !== 'all', (q) => q.where('rowNumber', 'in', rowNumbers as number[]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function findRowData(db: Database, schoolId: number, jobId: number, rowNumber: number) {
  return db
    .selectFrom('importRows')
    .where('schoolId', '=', schoolId)
    .where('jobId', '=', jobId)
    .where('rowNumber', '=', rowNumber)
    .select(['rowNumber', 'data', 'outcome'])
    .executeTakeFirst();
}

export async function outcomeCounts(db: Database, schoolId: number, jobId: number) {
  const rows = await db
    .selectFrom('importRows')
    .where('schoolId', '=', schoolId)
    .where('jobId', '=', jobId)
    .groupBy('outcome')
    .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)])) as Partial<Record<RowOutcome, number>>;
}

/** One page of rows with the matched person's names (shown for a suggested match). */
export async function pageRows(
  db: Database,
  schoolId: number,
  jobId: number,
  f: { outcome?: RowOutcome; entity?: RowEntity; limit: number; offset: number },
) {
  const base = db
    .selectFrom('importRows as r')
    .where('r.schoolId', '=', schoolId)
    .where('r.jobId', '=', jobId)
    .$if(f.outcome !== undefined, (q) => q.where('r.outcome', '=', f.outcome!))
    .$if(f.entity !== undefined, (q) => q.where(sql<string>`r.detail ->> 'entity'`, '=', f.entity!));
  const [items, total] = await Promise.all([
    base
      .leftJoin('persons as p', (j) => j.onRef('p.id', '=', 'r.matchedPersonId').on('p.deletedAt', 'is', null))
      .select([
        'r.rowNumber',
        'r.data',
        'r.outcome',
        'r.errors',
        'r.detail',
        'r.matchedPersonId',
        'p.surname',
        'p.firstName',
        'p.patronymic',
        'p.birthDate',
      ])
      .orderBy('r.rowNumber')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export type PagedRow = Awaited<ReturnType<typeof pageRows>>['items'][number];

/** After the apply: the file's data goes, each row keeps its outcome and the person it became. */
export async function finishRows(
  db: Database,
  schoolId: number,
  jobId: number,
  persons: Array<{ rowNumber: number; personId: number | null }>,
) {
  await db
    .updateTable('importRows')
    .set({ data: null })
    .where('schoolId', '=', schoolId)
    .where('jobId', '=', jobId)
    .execute();
  for (const part of chunks(persons, 5000)) {
    const json = JSON.stringify(part.map((p) => ({ n: p.rowNumber, p: p.personId })));
    await sql`
      update import_rows r set matched_person_id = v.p
        from jsonb_to_recordset(${json}::jsonb) as v(n integer, p bigint)
       where r.school_id = ${schoolId} and r.job_id = ${jobId} and r.row_number = v.n`.execute(db);
  }
}

export async function deleteRows(db: Database, schoolId: number, jobId: number) {
  await db.deleteFrom('importRows').where('schoolId', '=', schoolId).where('jobId', '=', jobId).execute();
}
