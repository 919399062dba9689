import type {
  Attendance,
  AttendanceCode,
  AttendanceWrite,
  MarksWrite,
  MarksWriteResult,
} from '@common/schemas/journal.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { notifyEvent } from '../notifications/events.js';
import {
  deleteMarks,
  insertMarks,
  lockAttendance,
  lockMarks,
  marksByIds,
  updateMarks,
  upsertAttendance,
} from './cells.repository.js';
import { cellKey, loadTargets, refuseDuplicates } from './cells.targets.js';
import { markAudit, sameMark, toMark } from './cells.values.js';
import { journalAccess } from './journal.access.js';
import { assessmentModeOf, presentAttendance, presentMark } from './journal.presenter.js';
import { currentRevision, type MarkRow } from './journal.repository.js';
import { markYearStart } from './mark-partitions.js';

const PG_UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown) => (e as { code?: unknown })?.code === PG_UNIQUE_VIOLATION;

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
