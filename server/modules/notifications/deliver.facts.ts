import type { AttendanceCode } from '@common/schemas/journal.js';
import type { NotificationKind } from '@common/schemas/notifications.js';
import type { Database } from '../../db/client.js';
import type { EventPayload } from './events.js';
import type { StoredPayload } from './notifications.presenter.js';

/**
 * Events → facts: what a queued event says about each pupil (or, for account events, about one person). A fact
 * carries the coalescing key; deliver.events.ts groups facts by recipient and key into notifications.
 */
export interface Fact {
  schoolId: number;
  studentId: number | null;
  /** Only for account events: the one recipient. */
  personId?: number;
  kind: NotificationKind;
  key: string;
  payload: StoredPayload;
}

async function lessonFacts(
  db: Database,
  e: Extract<EventPayload, { type: 'homework' | 'timetable' }>,
): Promise<Fact[]> {
  // The lesson's pupils on its date: the class's enrolments, narrowed to the sub-group's members for a group lesson.
  const rows = await db
    .selectFrom('lessons as l')
    .leftJoin('homework as h', (j) => j.onRef('h.schoolId', '=', 'l.schoolId').onRef('h.lessonId', '=', 'l.id'))
    .innerJoin('classEnrollments as ce', (j) =>
      j
        .onRef('ce.schoolId', '=', 'l.schoolId')
        .onRef('ce.classId', '=', 'l.classId')
        .onRef('ce.startsOn', '<=', 'l.date')
        .on((w) => w.or([w('ce.endsOn', 'is', null), w('ce.endsOn', '>=', w.ref('l.date'))])),
    )
    .where('l.schoolId', '=', e.schoolId)
    .where('l.id', '=', e.lessonId)
    .where((w) => w.or([w('ce.endReason', 'is', null), w('ce.endReason', '!=', 'data_error')]))
    .where((w) =>
      w.or([
        w('l.subgroupId', 'is', null),
        w.exists(
          w
            .selectFrom('subgroupMembers as sm')
            .whereRef('sm.schoolId', '=', 'l.schoolId')
            .whereRef('sm.subgroupId', '=', 'l.subgroupId')
            .whereRef('sm.studentPersonId', '=', 'ce.studentPersonId')
            .select('sm.subgroupId'),
        ),
      ]),
    )
    .select(['ce.studentPersonId', 'l.subjectId', 'l.date', 'h.id as homeworkId', 'h.dueDate'])
    .execute();
  if (e.type === 'timetable') {
    return rows.map((r) => ({
      schoolId: e.schoolId,
      studentId: r.studentPersonId,
      kind: 'timetable' as const,
      key: `timetable:${e.lessonId}:${r.studentPersonId}`,
      payload: { subjectId: r.subjectId, lessonId: e.lessonId, count: 1, dates: [r.date], change: e.change },
    }));
  }
  // The homework may have been removed since the save: then there is nothing to tell.
  return rows
    .filter((r) => r.homeworkId !== null)
    .map((r) => ({
      schoolId: e.schoolId,
      studentId: r.studentPersonId,
      kind: 'homework' as const,
      key: `homework:${e.lessonId}:${r.studentPersonId}`,
      payload: { subjectId: r.subjectId, lessonId: e.lessonId, count: 1, dates: [r.date], dueDate: r.dueDate },
    }));
}

async function termGradeFacts(db: Database, e: Extract<EventPayload, { type: 'termGrade' }>): Promise<Fact[]> {
  let q = db
    .selectFrom('termGrades as tg')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'tg.schoolId').onRef('ta.id', '=', 'tg.assignmentId'),
    )
    .where('tg.schoolId', '=', e.schoolId)
    .where('tg.periodId', '=', e.periodId);
  if (e.classId !== null) q = q.where('ta.classId', '=', e.classId);
  const rows = await q
    .groupBy('tg.studentPersonId')
    .select(['tg.studentPersonId', (eb) => eb.fn.countAll<string>().as('subjects')])
    .execute();
  return rows.map((r) => ({
    schoolId: e.schoolId,
    studentId: r.studentPersonId,
    kind: 'termGrade' as const,
    key: `termGrade:${e.periodId}:${r.studentPersonId}`,
    payload: { periodId: e.periodId, count: Number(r.subjects), dates: [] },
  }));
}

export async function factsOf(db: Database, e: EventPayload): Promise<Fact[]> {
  switch (e.type) {
    case 'mark':
      return e.items.map(([s, d]) => ({
        schoolId: e.schoolId,
        studentId: s,
        kind: 'mark' as const,
        key: `mark:${e.assignmentId}:${s}`,
        payload: { subjectId: e.subjectId, assignmentId: e.assignmentId, count: 1, dates: [d] },
      }));
    case 'attendance':
      return e.items.map(([s, d, code]) => ({
        schoolId: e.schoolId,
        studentId: s,
        kind: 'attendance' as const,
        key: `attendance:${e.assignmentId}:${s}`,
        payload: { subjectId: e.subjectId, assignmentId: e.assignmentId, count: 1, dates: [d], codes: [code] },
      }));
    case 'homework':
    case 'timetable':
      return lessonFacts(db, e);
    case 'termGrade':
      return termGradeFacts(db, e);
    case 'security':
      return [
        {
          schoolId: e.schoolId,
          studentId: null,
          personId: e.personId,
          kind: 'security',
          key: `security:${e.event}:${e.personId}:${Date.now()}`,
          payload: { count: 1, dates: [], event: e.event },
        },
      ];
  }
}

const union = <T>(a: T[] = [], b: T[] = []) => [...new Set([...a, ...b])];

export function merge(a: StoredPayload, b: StoredPayload, kind: NotificationKind): StoredPayload {
  return {
    ...a,
    ...b,
    // A period's grades fixed twice (class, then school) are still the same grades; one lesson changed twice is
    // one lesson (its latest change shows).
    count: kind === 'termGrade' || kind === 'timetable' ? Math.max(a.count, b.count) : a.count + b.count,
    dates: union(a.dates, b.dates).sort(),
    ...(a.codes || b.codes ? { codes: union<AttendanceCode>(a.codes, b.codes) } : {}),
  };
}
