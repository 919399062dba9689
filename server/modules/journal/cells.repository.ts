import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AttendanceCodeDb, MarkKindDb, MarkStatusDb } from '../../db/tables/journal.js';
import { MARK_COLUMNS } from './journal.repository.js';

/** Writes of mark and attendance cells: a fixed number of statements per batch, whatever its size. */

/** Every mark (live and removed) of the given students on the given lessons/works, locked for the write. */
export async function lockMarks(
  trx: Database,
  schoolId: number,
  studentIds: number[],
  lessonIds: number[],
  workIds: number[],
) {
  return trx
    .selectFrom('marks as m')
    .where('m.schoolId', '=', schoolId)
    .where('m.studentPersonId', 'in', studentIds)
    .where((w) =>
      w.or([
        ...(lessonIds.length ? [w('m.lessonId', 'in', lessonIds)] : []),
        ...(workIds.length ? [w('m.workId', 'in', workIds)] : []),
      ]),
    )
    .select(MARK_COLUMNS)
    .forUpdate()
    .execute();
}

export interface MarkWrite {
  kind: MarkKindDb;
  value: number | null;
  score: number | null;
  status: MarkStatusDb | null;
}

export async function insertMarks(
  trx: Database,
  rows: Array<
    MarkWrite & {
      schoolId: number;
      /** The partition key (migration 0019): `markYearStart` of the lesson's or work's date. */
      yearStart: number;
      studentPersonId: number;
      lessonId: number | null;
      workId: number | null;
      comment: string | null;
      version: number;
    }
  >,
  actorPersonId: number,
  at: Date,
) {
  if (rows.length === 0) return [];
  return trx
    .insertInto('marks')
    .values(
      rows.map((r) => ({ ...r, createdAt: at, createdBy: actorPersonId, updatedAt: at, updatedBy: actorPersonId })),
    )
    .returning('id')
    .execute();
}

export async function updateMarks(
  trx: Database,
  schoolId: number,
  rows: Array<MarkWrite & { id: number; comment: string | null }>,
  actorPersonId: number,
  at: Date,
) {
  if (rows.length === 0) return;
  await sql`
    update marks m
       set kind = v.kind, value = v.value, score = v.score, status = v.status, comment = v.comment,
           version = m.version + 1, revision = nextval('journal_revision'), updated_at = ${at},
           updated_by = ${actorPersonId}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as v(id bigint, kind text, value smallint, score numeric, status text, comment text)
     where m.school_id = ${schoolId} and m.id = v.id and m.deleted_at is null`.execute(trx);
}

export async function deleteMarks(trx: Database, schoolId: number, ids: number[], actorPersonId: number, at: Date) {
  if (ids.length === 0) return;
  await trx
    .updateTable('marks')
    .set({ deletedAt: at, deletedBy: actorPersonId, revision: sql`nextval('journal_revision')` })
    .where('schoolId', '=', schoolId)
    .where('id', 'in', ids)
    .where('deletedAt', 'is', null)
    .execute();
}

export async function marksByIds(db: Database, schoolId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('marks as m')
    .where('m.schoolId', '=', schoolId)
    .where('m.id', 'in', ids)
    .select(MARK_COLUMNS)
    .execute();
}

export async function lockAttendance(trx: Database, schoolId: number, studentIds: number[], lessonIds: number[]) {
  return trx
    .selectFrom('attendance as a')
    .where('a.schoolId', '=', schoolId)
    .where('a.lessonId', 'in', lessonIds)
    .where('a.studentPersonId', 'in', studentIds)
    .select(['a.studentPersonId', 'a.lessonId', 'a.code', 'a.reason', 'a.version'])
    .forUpdate()
    .execute();
}

export async function upsertAttendance(
  trx: Database,
  rows: Array<{
    schoolId: number;
    lessonId: number;
    studentPersonId: number;
    code: AttendanceCodeDb | null;
    reason: string | null;
  }>,
  actorPersonId: number,
  at: Date,
) {
  if (rows.length === 0) return [];
  return trx
    .insertInto('attendance')
    .values(rows.map((r) => ({ ...r, updatedAt: at, updatedBy: actorPersonId })))
    .onConflict((oc) =>
      oc.columns(['schoolId', 'lessonId', 'studentPersonId']).doUpdateSet((eb) => ({
        code: eb.ref('excluded.code'),
        reason: eb.ref('excluded.reason'),
        version: sql`attendance.version + 1`,
        revision: sql`nextval('journal_revision')`,
        updatedAt: eb.ref('excluded.updatedAt'),
        updatedBy: eb.ref('excluded.updatedBy'),
      })),
    )
    .returning(['studentPersonId', 'lessonId', 'code', 'reason', 'version', 'revision'])
    .execute();
}
