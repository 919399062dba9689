import type { AttendanceCode, MarkValue } from '@common/schemas/journal.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { allow } from '../../policies/index.js';
import type { AuditOrigin } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { writeAttendance, writeMarks } from '../journal/cells.service.js';
import { v2Error } from './v2.auth.js';
import { v2BadParameter, v2NotFound } from './v2.conventions.js';
import { presentLogEntry, V2_LOG_STATUS, type V2LogStatus } from './v2.lesson-log.presenter.js';
import { actorSchools } from './v2.marks.access.js';
import { parseV2WorkId, presentMark } from './v2.marks.presenter.js';
import { logRows, markRows } from './v2.marks.repository.js';

/**
 * Teacher writes through v2 (kundelik-v2-api.md §1.9 POST persons/{p}/works/{w}/mark, §1.11 lesson-log writes).
 * There is no second write path: each call becomes one cell of the journal's own save (journal/cells.service.ts
 * writeMarks / writeAttendance), so the journal's policy (the assignment's teacher, a substitute on their own
 * lessons, administrators), the period-closed rule, value ranges, version checks, audit rows and notifications are
 * exactly the web app's. v2 clients know no versions: the cell's current version is read just before and sent as
 * the expected one, so a concurrent change in between still answers 409 rather than being overwritten.
 *
 * Ids are looked up among the caller's schools only (another school's lesson or work: 404 notFound); a caller
 * there who may not write the journal — a pupil, a parent, a token acting in another school — gets 403
 * accessDenied, as the web app answers them 403.
 */

/** The assignment (class × subject × sub-group) a lesson or an СОр/СОч belongs to, found among `schools`. */
async function targetOf(deps: AppDeps, actor: Actor, target: { lessonId: number } | { workId: number }) {
  const schools = actorSchools(actor);
  const what = 'lessonId' in target ? 'Lesson' : 'Work';
  if (schools.length === 0) throw v2NotFound(what);
  const row =
    'lessonId' in target
      ? await deps.db
          .selectFrom('lessons as l')
          .innerJoin('teachingAssignments as ta', (j) =>
            j
              .onRef('ta.schoolId', '=', 'l.schoolId')
              .onRef('ta.classId', '=', 'l.classId')
              .onRef('ta.subjectId', '=', 'l.subjectId')
              .on(sql<boolean>`ta.subgroup_id is not distinct from l.subgroup_id`),
          )
          .where('l.schoolId', 'in', schools)
          .where('l.id', '=', target.lessonId)
          .select(['l.schoolId', 'ta.id as assignmentId'])
          .executeTakeFirst()
      : await deps.db
          .selectFrom('assessmentWorks as w')
          .where('w.schoolId', 'in', schools)
          .where('w.id', '=', target.workId)
          .where('w.deletedAt', 'is', null)
          .select(['w.schoolId', 'w.assignmentId'])
          .executeTakeFirst();
  if (!row) throw v2NotFound(what);
  const schoolId = Number(row.schoolId);
  // Staff write through the token's context school only, like a web session (journal.access.ts journalSchool).
  const m = actor.context;
  const staff =
    m?.institutionKind === 'school' &&
    m.institutionId === schoolId &&
    allow(actor, 'journal.write', { id: m.institutionId, ancestors: m.ancestors });
  if (!staff) throw v2Error(403, 'accessDenied');
  return { schoolId, assignmentId: Number(row.assignmentId) };
}

/** A v2 mark value as our cell value: "8", "15.5" (or a number), зч/нз, осв, н/а (their Latin names too). */
export function markValueOf(raw: string | number): MarkValue {
  if (typeof raw === 'number') return raw;
  const text = raw.trim().toLowerCase();
  const named: Record<string, MarkValue> = {
    зч: 'pass',
    pass: 'pass',
    нз: 'fail',
    fail: 'fail',
    осв: 'exempt',
    exempt: 'exempt',
    'н/а': 'na',
    na: 'na',
  };
  if (named[text]) return named[text];
  if (/^\d{1,3}([.,]\d{1,2})?$/.test(text)) return Number(text.replace(',', '.'));
  throw v2BadParameter('value');
}

/** POST persons/{p}/works/{w}/mark: the pupil's mark on a lesson's ФО work or an СОр/СОч; answers the Mark. */
export async function writeV2Mark(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  v2WorkId: number,
  input: { value: string | number; comment?: string | null | undefined },
  origin: AuditOrigin,
) {
  const parsed = parseV2WorkId(v2WorkId);
  // A homework Work (parsed as work 0) carries no marks.
  if ('workId' in parsed && parsed.workId === 0) throw v2NotFound('Work');
  const value = markValueOf(input.value);
  const { schoolId, assignmentId } = await targetOf(deps, actor, parsed);
  const cell = 'lessonId' in parsed ? { lessonId: parsed.lessonId } : { workId: parsed.workId };
  const live = await deps.db
    .selectFrom('marks')
    .where('schoolId', '=', schoolId)
    .where('studentPersonId', '=', personId)
    .where('deletedAt', 'is', null)
    .where((w) => ('lessonId' in parsed ? w('lessonId', '=', parsed.lessonId) : w('workId', '=', parsed.workId)))
    .select('version')
    .executeTakeFirst();
  await writeMarks(
    deps,
    actor,
    assignmentId,
    {
      cells: [
        {
          studentId: personId,
          ...cell,
          value,
          ...(input.comment === undefined ? {} : { comment: input.comment }),
          expectedVersion: live?.version ?? null,
        },
      ],
    },
    origin,
  );
  const [mark] = await markRows(deps.db, { schoolId, personIds: [personId], workIds: [v2WorkId] });
  if (!mark) throw v2NotFound('Mark');
  return presentMark(mark);
}

const CODE_OF: Record<V2LogStatus, AttendanceCode> = Object.fromEntries(
  Object.entries(V2_LOG_STATUS).map(([code, status]) => [status, code]),
) as Record<V2LogStatus, AttendanceCode>;

/**
 * POST / PUT lessons/{l}/log-entries: sets a pupil's attendance on a lesson and answers the LessonLogEntry as it now
 * is. DELETE (`status` null) clears it and answers the lesson's entries as they now are (idempotent: nothing to
 * clear changes nothing).
 */
export async function writeV2LogEntry(
  deps: AppDeps,
  actor: Actor,
  lessonId: number,
  input: { person: number; status: V2LogStatus | null; comment?: string | null | undefined },
  origin: AuditOrigin,
) {
  const { schoolId, assignmentId } = await targetOf(deps, actor, { lessonId });
  const live = await deps.db
    .selectFrom('attendance')
    .where('schoolId', '=', schoolId)
    .where('lessonId', '=', lessonId)
    .where('studentPersonId', '=', input.person)
    .select(['version', 'code'])
    .executeTakeFirst();
  if (input.status !== null || live?.code) {
    await writeAttendance(
      deps,
      actor,
      assignmentId,
      {
        cells: [
          {
            studentId: input.person,
            lessonId,
            code: input.status === null ? null : CODE_OF[input.status],
            ...(input.comment === undefined ? {} : { reason: input.comment }),
            expectedVersion: live?.version ?? null,
          },
        ],
      },
      origin,
    );
  }
  const rows = await logRows(deps.db, {
    schoolId,
    lessonIds: [lessonId],
    ...(input.status === null ? {} : { personIds: [input.person] }),
  });
  return rows.map(presentLogEntry);
}
