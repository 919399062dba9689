import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * Test data for the timetable's tests, straight into the database: a school year copied from the national
 * 2026–27 calendar (quarters, breaks, holidays, grade 1's February week), bells for two shifts, and a small
 * helper per table. The tests themselves go through the HTTP API.
 */

export const BELLS_SHIFT_1: Array<[number, string, string]> = [
  [1, '08:00', '08:45'],
  [2, '08:55', '09:40'],
  [3, '09:50', '10:35'],
  [4, '10:45', '11:30'],
  [5, '11:40', '12:25'],
  [6, '12:35', '13:20'],
  [7, '13:25', '14:10'],
];
/** The second shift starts while the first one's 7th lesson is still on (13:25–14:10). */
export const BELLS_SHIFT_2: Array<[number, string, string]> = [
  [1, '13:30', '14:15'],
  [2, '14:25', '15:10'],
  [3, '15:20', '16:05'],
  [4, '16:15', '17:00'],
  [5, '17:10', '17:55'],
];

export async function createYear(
  db: Database,
  schoolId: number,
  opts: { daysPerWeek?: 5 | 6; shifts?: number; status?: 'active' | 'closed' } = {},
) {
  const year = await db
    .insertInto('academicYears')
    .values({
      schoolId,
      name: '2026–2027',
      startsOn: '2026-09-01',
      endsOn: '2027-05-25',
      templateStartYear: 2026,
      daysPerWeek: opts.daysPerWeek ?? 5,
      shifts: opts.shifts ?? 2,
      maxLessonsPerDay: [4, 4, 5, 5, 5, 6, 7, 7, 7, 7, 7, 7, 7],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const yearId = year.id;
  await sql`
    insert into academic_periods (school_id, year_id, kind, number, starts_on, ends_on)
    select ${schoolId}, ${yearId}, kind, number, starts_on, ends_on
      from calendar_template_periods where start_year = 2026`.execute(db);
  await sql`
    insert into days_off (school_id, year_id, kind, starts_on, ends_on, grades, name, name_kk, name_ru, name_en)
    select ${schoolId}, ${yearId}, kind, starts_on, ends_on, grades, name_en, name_kk, name_ru, name_en
      from calendar_template_days_off where start_year = 2026`.execute(db);
  const bells = [
    ...BELLS_SHIFT_1.map(([n, s, e]) => ({ shift: 1, lessonNumber: n, startsAt: s, endsAt: e })),
    ...BELLS_SHIFT_2.map(([n, s, e]) => ({ shift: 2, lessonNumber: n, startsAt: s, endsAt: e })),
  ].filter((b) => b.shift <= (opts.shifts ?? 2));
  await db
    .insertInto('bellSchedules')
    .values(bells.map((b) => ({ schoolId, yearId, ...b })))
    .execute();
  const periods = await db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['id', 'kind', 'number', 'startsOn', 'endsOn'])
    .execute();
  const quarter = (n: number) => periods.find((p) => p.kind === 'quarter' && p.number === n)!;
  if (opts.status === 'closed') {
    await db
      .updateTable('academicYears')
      .set({ status: 'closed', closedAt: new Date() })
      .where('id', '=', yearId)
      .execute();
  }
  return { yearId, periods, quarter };
}

export async function createSubject(db: Database, schoolId: number, name: string) {
  const row = await db
    .insertInto('subjects')
    .values({ schoolId, nameKk: `${name} kk`, nameRu: `${name} ru`, nameEn: name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createClass(
  db: Database,
  schoolId: number,
  yearId: number,
  grade: number,
  letter: string,
  language = 'kk',
) {
  const row = await db
    .insertInto('classes')
    .values({ schoolId, yearId, grade, letter, language })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createSubgroup(db: Database, schoolId: number, classId: number, name: string, members: number[]) {
  const row = await db
    .insertInto('subgroups')
    .values({ schoolId, classId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (members.length > 0) {
    await db
      .insertInto('subgroupMembers')
      .values(members.map((studentPersonId) => ({ schoolId, subgroupId: row.id, studentPersonId })))
      .execute();
  }
  return row.id;
}

export async function enroll(
  db: Database,
  schoolId: number,
  yearId: number,
  classId: number,
  studentPersonId: number,
  startsOn = '2026-09-01',
) {
  await db.insertInto('classEnrollments').values({ schoolId, yearId, classId, studentPersonId, startsOn }).execute();
}

export async function createAssignment(
  db: Database,
  v: {
    schoolId: number;
    yearId: number;
    classId: number;
    subjectId: number;
    teacherPersonId: number;
    subgroupId?: number;
  },
) {
  const row = await db
    .insertInto('teachingAssignments')
    .values({ ...v, subgroupId: v.subgroupId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setCurriculum(
  db: Database,
  v: { schoolId: number; yearId: number; grade: number; language: string; subjectId: number; hoursPerWeek: number },
) {
  await db.insertInto('curriculumHours').values(v).execute();
}

export async function createRoom(db: Database, schoolId: number, name: string) {
  const row = await db.insertInto('rooms').values({ schoolId, name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
