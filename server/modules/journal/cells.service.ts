import type {
  Attendance,
  AttendanceCode,
  AttendanceWrite,
  MarksWrite,
  MarksWriteResult,
  MarkValue,
} from '@common/schemas/journal.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound, unprocessable } from '../../errors.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { notifyEvent } from '../notifications/events.js';
import {
  deleteMarks,
  insertMarks,
  lockAttendance,
  lockMarks,
  type MarkWrite,
  marksByIds,
  updateMarks,
  upsertAttendance,
} from './cells.repository.js';
import { type JournalAccess, journalAccess } from './journal.access.js';
import { assessmentModeOf, markValue, presentAttendance, presentMark } from './journal.presenter.js';
import {
  closedRanges,
  currentRevision,
  gridStudents,
  lessonsQuery,
  type MarkRow,
  worksQuery,
} from './journal.repository.js';
import { markYearStart } from './mark-partitions.js';

const PG_UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown) => (e as { code?: unknown })?.code === PG_UNIQUE_VIOLATION;

/**
 * The lessons, works and students a batch names, all checked to belong to the assignment (else 404), to be
 * writable by the actor (a substitute: their own lessons only) and to lie in an open period (else 409).
 */
async function loadTargets(
  deps: AppDeps,
  actor: Actor,
  access: JournalAccess,
  cells: Array<{ studentId: number; lessonId?: number; workId?: number }>,
) {
  const schoolId = access.school.id;
  const a = access.assignment;
  const lessonIds = [...new Set(cells.flatMap((c) => (c.lessonId ? [c.lessonId] : [])))];
  const workIds = [...new Set(cells.flatMap((c) => (c.workId ? [c.workId] : [])))];
  const [lessons, works] = await Promise.all([
    lessonIds.length ? lessonsQuery(deps.db, schoolId, a).where('l.id', 'in', lessonIds).execute() : [],
    workIds.length
      ? worksQuery(deps.db, schoolId, a.id).where('w.id', 'in', workIds).where('w.deletedAt', 'is', null).execute()
      : [],
  ]);
  if (lessons.length !== lessonIds.length || works.length !== workIds.length) throw notFound();
  const dates = [...lessons.map((l) => l.date), ...works.map((w) => w.date)].sort();
  const [students, closed] = await Promise.all([
    gridStudents(deps.db, schoolId, a, dates[0]!, dates.at(-1)!),
    closedRanges(deps.db, schoolId, a.classId),
  ]);
  const studentIds = new Set(students.map((s) => s.id));
  if (cells.some((c) => !studentIds.has(c.studentId))) throw notFound();
  if (dates.some((d) => closed.some((r) => r.startsOn <= d && d <= r.endsOn))) {
    throw new AppError(409, 'journal.periodClosed');
  }
  if (!access.writeAll) {
    // A substitute writes only the lessons they substitute — never works or other lessons.
    if (works.length > 0 || lessons.some((l) => l.substituteTeacherPersonId !== actor.personId)) throw forbidden();
  }
  if (lessons.some((l) => l.status === 'cancelled')) throw unprocessable('journal.lessonCancelled');
  return {
    lessons: new Map(lessons.map((l) => [l.id, l])),
    works: new Map(works.map((w) => [w.id, w])),
    lessonIds,
    workIds,
  };
}

const cellKey = (c: { studentId: number; lessonId?: number | null; workId?: number | null }) =>
  `${c.studentId}:${c.lessonId ?? ''}:${c.workId ?? ''}`;

function refuseDuplicates(cells: Array<{ studentId: number; lessonId?: number | null; workId?: number | null }>) {
  if (new Set(cells.map(cellKey)).size !== cells.length) throw unprocessable('journal.duplicateCell');
}

/** What a value means in its column (§1.2–1.5); anything else is a precise 422. */
function toMark(
  value: MarkValue,
  column: { lesson: true } | { lesson: false; maxScore: number },
  mode: 'graded' | 'pass_fail' | 'ungraded',
): MarkWrite {
  if (value === 'exempt' || value === 'na') return { kind: 'status', value: null, score: null, status: value };
  if (mode === 'ungraded') throw unprocessable('journal.ungraded');
  if (value === 'pass' || value === 'fail') {
    if (mode !== 'pass_fail' || !column.lesson) throw unprocessable('journal.passFailOnly');
    return { kind: 'pass_fail', value: null, score: null, status: value };
  }
  if (column.lesson) {
    if (mode === 'pass_fail') throw unprocessable('journal.passFailOnly');
    if (!Number.isInteger(value) || value < 1 || value > 10) throw unprocessable('journal.foRange');
    return { kind: 'fo', value, score: null, status: null };
  }
  if (value < 0 || value > column.maxScore || Math.round(value * 100) !== value * 100) {
    throw new AppError(422, 'journal.scoreRange', { max: column.maxScore });
  }
  return { kind: 'score', value: null, score: value, status: null };
}

const sameMark = (m: MarkRow, w: MarkWrite) =>
  m.kind === w.kind &&
  m.value === w.value &&
  m.status === w.status &&
  (w.score === null ? m.score === null : Number(m.score) === w.score);

function markAudit(m: Pick<MarkRow, 'kind' | 'value' | 'score' | 'status' | 'comment'>) {
  return { value: markValue(m), comment: m.comment };
}

/**
 * Saves one cell or a pasted column in one transaction. Each cell names the version it was based on; if any is
 * stale nothing is written and 409 lists the current cells. Every create/change/removal is audited.
 */
export async function writeMarks(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  input: MarksWrite,
  origin: AuditOrigin,
): Promise<MarksWriteResult> {
  const access = await journalAccess(deps.db, actor, assignmentId, 'write');
  refuseDuplicates(input.cells);
  const t = await loadTargets(deps, actor, access, input.cells);
  const mode = assessmentModeOf(access.assignment).mode;
  const planned = input.cells.map((c) => {
    const work = c.workId ? t.works.get(c.workId)! : null;
    const write =
      c.value === null
        ? null
        : toMark(c.value, work ? { lesson: false, maxScore: work.maxScore } : { lesson: true }, mode);
    return { c, write };
  });
  const schoolId = access.school.id;
  const studentIds = [...new Set(input.cells.map((c) => c.studentId))];

  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      const existing = await lockMarks(trx, schoolId, studentIds, t.lessonIds, t.workIds);
      const live = new Map<string, MarkRow>();
      const lastVersion = new Map<string, number>();
      for (const m of existing) {
        const k = cellKey({ studentId: m.studentPersonId, lessonId: m.lessonId, workId: m.workId });
        if (m.deletedAt === null) live.set(k, m);
        lastVersion.set(k, Math.max(lastVersion.get(k) ?? 0, m.version));
      }
      const conflicts = planned.flatMap(({ c }) => {
        const cur = live.get(cellKey(c));
        return (cur?.version ?? null) === c.expectedVersion
          ? []
          : [
              {
                studentId: c.studentId,
                lessonId: c.lessonId ?? null,
                workId: c.workId ?? null,
                current: cur ? presentMark(cur) : null,
              },
            ];
      });
      if (conflicts.length > 0) throw new AppError(409, 'journal.conflict', {}, { marks: conflicts });

      const inserts: Parameters<typeof insertMarks>[1] = [];
      const updates: Parameters<typeof updateMarks>[2] = [];
      const removals: MarkRow[] = [];
      const audits: AuditEntry[] = [];
      const where = (c: (typeof planned)[number]['c']) => ({
        assignmentId,
        studentId: c.studentId,
        lessonId: c.lessonId ?? null,
        workId: c.workId ?? null,
      });
      // Issue 7 §2: who got a new or changed mark, on which date — one queue row for the whole save.
      const notify: Array<[number, string]> = [];
      for (const { c, write } of planned) {
        const k = cellKey(c);
        const cur = live.get(k);
        if (write === null) {
          if (cur) removals.push(cur);
          continue;
        }
        const comment = c.comment === undefined ? (cur?.comment ?? null) : c.comment || null;
        if (!cur || !sameMark(cur, write) || cur.comment !== comment) {
          notify.push([c.studentId, (c.workId ? t.works.get(c.workId)! : t.lessons.get(c.lessonId!)!).date]);
        }
        if (cur) {
          if (sameMark(cur, write) && cur.comment === comment) continue;
          updates.push({ id: cur.id, ...write, comment });
          audits.push({
            institutionId: schoolId,
            action: 'journal.markChanged',
            subjectType: 'mark',
            subjectId: cur.id,
            before: { ...where(c), ...markAudit(cur) },
            after: {
              ...where(c),
              ...markAudit({ ...write, score: write.score === null ? null : String(write.score), comment }),
            },
          });
        } else {
          // A cell cleared earlier continues its version, so "changed" stays true and stale pages still conflict.
          inserts.push({
            schoolId,
            yearStart: markYearStart((c.workId ? t.works.get(c.workId)! : t.lessons.get(c.lessonId!)!).date),
            studentPersonId: c.studentId,
            lessonId: c.lessonId ?? null,
            workId: c.workId ?? null,
            ...write,
            comment,
            version: (lastVersion.get(k) ?? 0) + 1,
          });
        }
      }
      await updateMarks(trx, schoolId, updates, actor.personId, origin.at);
      await deleteMarks(
        trx,
        schoolId,
        removals.map((m) => m.id),
        actor.personId,
        origin.at,
      );
      const inserted = await insertMarks(trx, inserts, actor.personId, origin.at);
      inserts.forEach((r, i) => {
        audits.push({
          institutionId: schoolId,
          action: 'journal.markCreated',
          subjectType: 'mark',
          subjectId: inserted[i]!.id,
          after: {
            assignmentId,
            studentId: r.studentPersonId,
            lessonId: r.lessonId,
            workId: r.workId,
            ...markAudit({ ...r, score: r.score === null ? null : String(r.score) }),
          },
        });
      });
      for (const m of removals) {
        audits.push({
          institutionId: schoolId,
          action: 'journal.markDeleted',
          subjectType: 'mark',
          subjectId: m.id,
          before: {
            assignmentId,
            studentId: m.studentPersonId,
            lessonId: m.lessonId,
            workId: m.workId,
            ...markAudit(m),
          },
        });
      }
      await notifyEvent(trx, deps, {
        type: 'mark',
        schoolId,
        assignmentId,
        subjectId: access.assignment.subjectId,
        items: notify,
      });
      await recordAudit(
        trx,
        origin,
        input.reason
          ? audits.map((e) => ({ ...e, after: { ...(e.after as object | undefined), reason: input.reason } }))
          : audits,
      );
      const written = await marksByIds(trx, schoolId, [...updates.map((u) => u.id), ...inserted.map((r) => r.id)]);
      return {
        marks: written.map(presentMark),
        removedMarkIds: removals.map((m) => m.id),
        revision: await currentRevision(trx),
      };
    });

  try {
    return await run();
  } catch (e) {
    // Two first entries into one empty cell at the same moment: the loser sees the winner's mark.
    if (!isUniqueViolation(e)) throw e;
    const now = await lockMarks(deps.db, schoolId, studentIds, t.lessonIds, t.workIds);
    const conflicts = planned.map(({ c }) => {
      const cur = now.find(
        (m) =>
          m.deletedAt === null &&
          cellKey({ studentId: m.studentPersonId, lessonId: m.lessonId, workId: m.workId }) === cellKey(c),
      );
      return {
        studentId: c.studentId,
        lessonId: c.lessonId ?? null,
        workId: c.workId ?? null,
        current: cur ? presentMark(cur) : null,
      };
    });
    throw new AppError(409, 'journal.conflict', {}, { marks: conflicts });
  }
}

/** Attendance cells, with the same all-or-nothing and version rules as marks. */
export async function writeAttendance(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  input: AttendanceWrite,
  origin: AuditOrigin,
): Promise<{ attendance: Attendance[]; revision: number }> {
  const access = await journalAccess(deps.db, actor, assignmentId, 'write');
  refuseDuplicates(input.cells);
  const t = await loadTargets(deps, actor, access, input.cells);
  const schoolId = access.school.id;
  const studentIds = [...new Set(input.cells.map((c) => c.studentId))];
  const key = (x: { studentId: number; lessonId: number }) => `${x.studentId}:${x.lessonId}`;

  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      const existing = await lockAttendance(trx, schoolId, studentIds, t.lessonIds);
      const cur = new Map(existing.map((a) => [key({ studentId: a.studentPersonId, lessonId: a.lessonId }), a]));
      const conflicts = input.cells.flatMap((c) => {
        const a = cur.get(key(c));
        return (a?.version ?? null) === c.expectedVersion
          ? []
          : [{ studentId: c.studentId, lessonId: c.lessonId, current: a ? presentAttendance(a) : null }];
      });
      if (conflicts.length > 0) throw new AppError(409, 'journal.conflict', {}, { attendance: conflicts });
      const rows = input.cells.flatMap((c) => {
        const a = cur.get(key(c));
        const reason = c.code === null ? null : c.reason === undefined ? (a?.reason ?? null) : c.reason || null;
        if (a ? a.code === c.code && a.reason === reason : c.code === null) return [];
        return [{ schoolId, lessonId: c.lessonId, studentPersonId: c.studentId, code: c.code, reason }];
      });
      const written = await upsertAttendance(trx, rows, actor.personId, origin.at);
      // Issue 7 §2: absences and lateness reach the student and parents (a "present" or a cleared cell does not).
      await notifyEvent(trx, deps, {
        type: 'attendance',
        schoolId,
        assignmentId,
        subjectId: access.assignment.subjectId,
        items: rows.flatMap((r) =>
          r.code && r.code !== 'present' ? [[r.studentPersonId, t.lessons.get(r.lessonId)!.date, r.code] as const] : [],
        ) as Array<[number, string, Exclude<AttendanceCode, 'present'>]>,
      });
      await recordAudit(
        trx,
        origin,
        rows.map((r) => {
          const before = cur.get(key({ studentId: r.studentPersonId, lessonId: r.lessonId }));
          return {
            institutionId: schoolId,
            action: 'journal.attendanceSet',
            subjectType: 'lesson',
            subjectId: r.lessonId,
            before: before ? { studentId: r.studentPersonId, code: before.code, reason: before.reason } : undefined,
            after: { assignmentId, studentId: r.studentPersonId, code: r.code, reason: r.reason },
          };
        }),
      );
      return { attendance: written.map(presentAttendance), revision: await currentRevision(trx) };
    });
  try {
    return await run();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw new AppError(409, 'journal.conflict');
  }
}
