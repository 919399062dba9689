import type { AttendanceCounts, AttendanceQuery, AttendanceSummary, ClassAttendance } from '@common/schemas/reports.js';
import { type AppDeps, reportsDb } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { reportPeriod } from './performance.service.js';
import { reportsSchool } from './reports.access.js';
import { type AttendanceAgg, attendanceAggregates, pupilsDuring, reportClasses } from './reports.repository.js';

/** §3 attendance report: per pupil full days and lessons missed (of which illness) and lates; class totals. */

/** A range longer than a school year is a mistake (and an expensive one). */
const MAX_RANGE_DAYS = 400;

const zero = (): AttendanceCounts => ({ days: 0, sickDays: 0, lessons: 0, sickLessons: 0, lates: 0 });
const add = (a: AttendanceCounts, b: AttendanceCounts): AttendanceCounts => ({
  days: a.days + b.days,
  sickDays: a.sickDays + b.sickDays,
  lessons: a.lessons + b.lessons,
  sickLessons: a.sickLessons + b.sickLessons,
  lates: a.lates + b.lates,
});
const countsOf = (x: AttendanceAgg | undefined): AttendanceCounts =>
  x ? { days: x.days, sickDays: x.sickDays, lessons: x.lessons, sickLessons: x.sickLessons, lates: x.lates } : zero();

export async function resolveRange(deps: AppDeps, schoolId: number, q: Omit<AttendanceQuery, 'format'>) {
  if (q.periodId !== undefined) {
    const p = await reportPeriod(deps, schoolId, q.periodId);
    return { from: p.startsOn, to: p.endsOn, periodId: p.id, yearId: p.yearId as number | undefined };
  }
  const from = q.from!;
  const to = q.to!;
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_RANGE_DAYS) throw new AppError(400, 'reports.rangeTooLong');
  return { from, to, periodId: null, yearId: undefined };
}

async function classRows(deps: AppDeps, schoolId: number, q: AttendanceQuery, classId?: number) {
  const range = await resolveRange(deps, schoolId, q);
  const classes = await reportClasses(
    reportsDb(deps),
    schoolId,
    range.yearId !== undefined ? { yearId: range.yearId } : { from: range.from, to: range.to },
    classId,
  );
  const ids = classes.map((c) => c.id);
  const [pupils, aggs] = await Promise.all([
    pupilsDuring(reportsDb(deps), schoolId, ids, range.from, range.to),
    attendanceAggregates(reportsDb(deps), schoolId, ids, range.from, range.to),
  ]);
  const byPupil = new Map(aggs.map((a) => [`${a.classId}:${a.studentId}`, a]));
  const perClass = classes.map((c) => {
    const seen = new Set<number>();
    const rows = pupils
      .filter((p) => p.classId === c.id && !seen.has(p.id) && seen.add(p.id))
      .map((p) => ({
        studentId: p.id,
        name: `${p.surname} ${p.firstName}`,
        ...countsOf(byPupil.get(`${c.id}:${p.id}`)),
      }));
    return { cls: c, rows, total: rows.reduce<AttendanceCounts>((acc, r) => add(acc, r), zero()) };
  });
  return { range: { from: range.from, to: range.to, periodId: range.periodId }, perClass };
}

export async function attendanceSummary(deps: AppDeps, actor: Actor, q: AttendanceQuery): Promise<AttendanceSummary> {
  const school = reportsSchool(actor);
  const { range, perClass } = await classRows(deps, school.id, q);
  const classes = perClass.map(({ cls, rows, total }) => ({
    classId: cls.id,
    label: className(cls),
    language: cls.language,
    pupils: rows.length,
    ...total,
  }));
  return {
    range,
    classes,
    total: { pupils: classes.reduce((n, c) => n + c.pupils, 0), ...perClass.reduce((a, c) => add(a, c.total), zero()) },
  };
}

export async function attendanceOfClass(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  q: AttendanceQuery,
): Promise<ClassAttendance> {
  const school = reportsSchool(actor);
  const { range, perClass } = await classRows(deps, school.id, q, classId);
  const one = perClass[0];
  if (!one) throw notFound();
  return { range, classId: one.cls.id, label: className(one.cls), pupils: one.rows, total: one.total };
}
