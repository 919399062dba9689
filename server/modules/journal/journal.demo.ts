import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { localDate } from '../../lib/clock.js';
import { markYearStart } from './mark-partitions.js';

/**
 * Demo journal (wired into the demo seed by the lead, after the timetable): the current quarter of «5 Ә» for
 * teacher.demo's assignments there (teacher.demo is its class teacher) — topics on the lessons held so far,
 * ФО marks for about half the class per lesson (mostly 6–10), a few absences (н/п/б/о), and one or two СОр
 * works with scores. Deterministic (a seeded generator), so the demo looks the same on every install.
 */
export async function seedDemoJournal(
  db: Database,
  opts: { schoolId: number; yearId: number },
  at: Date = new Date(),
): Promise<{ marks: number; attendance: number; works: number }> {
  const { schoolId, yearId } = opts;
  const today = localDate(at);
  const cls = await db
    .selectFrom('classes')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .where('grade', '=', 5)
    .where('letter', '=', 'Ә')
    .select(['id', 'classTeacherPersonId'])
    .executeTakeFirst();
  if (!cls) return { marks: 0, attendance: 0, works: 0 };
  const periods = await db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .where('kind', '=', 'quarter')
    .select(['id', 'startsOn', 'endsOn'])
    .orderBy('startsOn')
    .execute();
  const period = periods.find((p) => p.startsOn <= today && today <= p.endsOn) ?? periods[0];
  if (!period) return { marks: 0, attendance: 0, works: 0 };
  let assignments = db
    .selectFrom('teachingAssignments')
    .where('schoolId', '=', schoolId)
    .where('classId', '=', cls.id)
    .select(['id', 'subjectId', 'subgroupId', 'teacherPersonId']);
  if (cls.classTeacherPersonId !== null)
    assignments = assignments.where('teacherPersonId', '=', cls.classTeacherPersonId);
  const students = await db
    .selectFrom('classEnrollments')
    .where('schoolId', '=', schoolId)
    .where('classId', '=', cls.id)
    .where('endsOn', 'is', null)
    .select('studentPersonId')
    .orderBy('studentPersonId')
    .execute();
  let seed = 20260901;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const fo = () => [6, 7, 7, 8, 8, 8, 9, 9, 10, 10, 5, 4][Math.floor(rand() * 12)]!;
  let marks = 0;
  let attendance = 0;
  let works = 0;
  for (const a of await assignments.execute()) {
    const lessons = await db
      .selectFrom('lessons')
      .where('schoolId', '=', schoolId)
      .where('classId', '=', cls.id)
      .where('subjectId', '=', a.subjectId)
      .where((w) => (a.subgroupId === null ? w('subgroupId', 'is', null) : w('subgroupId', '=', a.subgroupId)))
      .where('status', '=', 'scheduled')
      .where('date', '>=', period.startsOn)
      .where('date', '<=', [today, period.endsOn].sort()[0]!)
      .select(['id', 'date'])
      .orderBy('date')
      .orderBy('lessonNumber')
      .execute();
    if (lessons.length === 0) continue;
    const by = a.teacherPersonId;
    const markRows: Array<{ lessonId: number; yearStart: number; studentPersonId: number; value: number }> = [];
    const attendanceRows: Array<{
      lessonId: number;
      studentPersonId: number;
      code: 'absent' | 'excused' | 'sick' | 'late';
    }> = [];
    lessons.forEach((l) => {
      for (const s of students) {
        const r = rand();
        if (r < 0.04) {
          const codes = ['sick', 'excused', 'absent', 'late'] as const;
          attendanceRows.push({
            lessonId: l.id,
            studentPersonId: s.studentPersonId,
            code: codes[Math.floor(rand() * 4)]!,
          });
        } else if (r < 0.5) {
          markRows.push({
            lessonId: l.id,
            yearStart: markYearStart(l.date),
            studentPersonId: s.studentPersonId,
            value: fo(),
          });
        }
      }
    });
    await db
      .updateTable('lessons')
      .set({ topic: sql<string>`'Тақырып ' || to_char(date, 'DD.MM')` })
      .where('schoolId', '=', schoolId)
      .where(
        'id',
        'in',
        lessons.map((l) => l.id),
      )
      .execute();
    if (markRows.length) {
      await db
        .insertInto('marks')
        .values(
          markRows.map((m) => ({
            schoolId,
            ...m,
            lessonId: m.lessonId,
            kind: 'fo' as const,
            createdBy: by,
            updatedBy: by,
          })),
        )
        .execute();
    }
    if (attendanceRows.length) {
      await db
        .insertInto('attendance')
        .values(attendanceRows.map((x) => ({ schoolId, ...x, reason: null, updatedBy: by })))
        .execute();
    }
    marks += markRows.length;
    attendance += attendanceRows.length;
    // СОр after about every eighth lesson held, at most two, on distinct days.
    const sorLessons = [lessons[7], lessons[15]].filter((l): l is NonNullable<typeof l> => l !== undefined);
    for (const [i, l] of sorLessons.entries()) {
      const work = await db
        .insertInto('assessmentWorks')
        .values({
          schoolId,
          assignmentId: a.id,
          periodId: period.id,
          kind: 'sor',
          title: `БЖБ ${i + 1}`,
          maxScore: 15,
          date: l.date,
          lessonId: l.id,
          createdBy: by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      works += 1;
      await db
        .insertInto('marks')
        .values(
          students.map((s) => ({
            schoolId,
            yearStart: markYearStart(l.date),
            studentPersonId: s.studentPersonId,
            workId: work.id,
            kind: 'score' as const,
            score: Math.max(4, Math.min(15, Math.round(9 + rand() * 7))),
            createdBy: by,
            updatedBy: by,
          })),
        )
        .execute();
      marks += students.length;
    }
  }
  return { marks, attendance, works };
}
