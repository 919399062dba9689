import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { GroupRow, PeriodRow, SubjectRow } from './v2.presenter.js';

/** Reads of classes, sub-groups, their subjects, periods and bells for the v2 surface (one statement each). */

const groupColumns = [
  'c.schoolId',
  'c.id as classId',
  'c.grade',
  'c.letter',
  'c.shift',
  'c.yearId',
  sql<number>`extract(year from y.starts_on)::int`.as('yearStart'),
  sql<boolean>`y.status = 'active'`.as('yearActive'),
] as const;

const toGroup = (r: {
  schoolId: number;
  classId: number;
  grade: number;
  letter: string;
  shift: number;
  yearId: number;
  yearStart: number;
  yearActive: boolean;
  subgroupId: number | null;
  subgroupName: string | null;
}): GroupRow => ({
  ...r,
  schoolId: Number(r.schoolId),
  classId: Number(r.classId),
  yearId: Number(r.yearId),
  subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
});

/** Classes and sub-groups by id (a sub-group row carries its class). */
export async function groupsByIds(db: Database, classIds: number[], subgroupIds: number[]): Promise<GroupRow[]> {
  if (classIds.length === 0 && subgroupIds.length === 0) return [];
  const rows = await db
    .selectFrom('classes as c')
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'c.schoolId').onRef('y.id', '=', 'c.yearId'))
    .leftJoin('subgroups as sg', (j) =>
      j
        .onRef('sg.schoolId', '=', 'c.schoolId')
        .onRef('sg.classId', '=', 'c.id')
        .on('sg.id', 'in', subgroupIds.length ? subgroupIds : [0]),
    )
    .where((w) => w.or([w('c.id', 'in', classIds.length ? classIds : [0]), w('sg.id', 'is not', null)]))
    .select([...groupColumns, 'sg.id as subgroupId', 'sg.name as subgroupName'])
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('sg.id')
    .execute();
  // A class asked for by id gives its own row even when one of its sub-groups was asked for too.
  const out: GroupRow[] = [];
  for (const r of rows) {
    if (r.subgroupId !== null) out.push(toGroup(r));
    if (classIds.includes(Number(r.classId)) && !out.some((g) => g.classId === Number(r.classId) && !g.subgroupId)) {
      out.push(toGroup({ ...r, subgroupId: null, subgroupName: null }));
    }
  }
  return out;
}

/**
 * A pupil's classes and sub-groups: the current ones, or (`all`) every enrolment of every year. Sub-groups
 * are those of the pupil's classes they are a member of.
 */
export async function groupsOfPupils(db: Database, personIds: number[], today: string, all = false) {
  if (personIds.length === 0) return [];
  let q = db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'c.schoolId').onRef('y.id', '=', 'c.yearId'))
    .leftJoin('subgroupMembers as sm', (j) =>
      j.onRef('sm.schoolId', '=', 'e.schoolId').onRef('sm.studentPersonId', '=', 'e.studentPersonId'),
    )
    .leftJoin('subgroups as sg', (j) =>
      j.onRef('sg.schoolId', '=', 'sm.schoolId').onRef('sg.id', '=', 'sm.subgroupId').onRef('sg.classId', '=', 'c.id'),
    )
    .where('e.studentPersonId', 'in', personIds);
  if (!all) {
    q = q.where('e.startsOn', '<=', today).where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', today)]));
  }
  const rows = await q
    .select([...groupColumns, 'e.studentPersonId', 'sg.id as subgroupId', 'sg.name as subgroupName'])
    .orderBy('y.startsOn', 'desc')
    .orderBy('c.id')
    .orderBy('sg.id')
    .execute();
  const out: (GroupRow & { personId: number })[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const personId = Number(r.studentPersonId);
    const keys: (number | null)[] = [null, r.subgroupId === null ? null : Number(r.subgroupId)];
    for (const sub of r.subgroupId === null ? [null] : keys) {
      const key = `${personId}:${r.classId}:${sub}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const g = toGroup({ ...r, subgroupId: sub, subgroupName: sub === null ? null : r.subgroupName });
      out.push({ ...g, personId });
    }
  }
  return out;
}

/** Subjects taught in classes (by teaching assignment), per class; `subjectId` narrows to one. */
export async function subjectsOfClasses(db: Database, classIds: number[], subjectId?: number) {
  if (classIds.length === 0) return [];
  let q = db
    .selectFrom('teachingAssignments as ta')
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'ta.schoolId').onRef('s.id', '=', 'ta.subjectId'))
    .where('ta.classId', 'in', classIds);
  if (subjectId !== undefined) q = q.where('s.id', '=', subjectId);
  const rows = await q
    .select(['ta.classId', 'ta.subgroupId', 's.id', 's.nameKk', 's.nameRu', 's.nameEn', 's.catalogueCode'])
    .distinct()
    .orderBy('s.nameRu')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    classId: Number(r.classId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
  }));
}

/** The subjects of one group: a class's own subjects, or a sub-group's (assignments of that sub-group). */
export function subjectsOfGroup(
  rows: Awaited<ReturnType<typeof subjectsOfClasses>>,
  g: Pick<GroupRow, 'classId' | 'subgroupId'>,
): SubjectRow[] {
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (r.classId !== g.classId) return false;
    if (g.subgroupId !== null && r.subgroupId !== g.subgroupId) return false;
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

/** Subjects of a school (not archived). */
export async function schoolSubjects(db: Database, schoolId: number): Promise<SubjectRow[]> {
  const rows = await db
    .selectFrom('subjects')
    .where('schoolId', '=', schoolId)
    .where('archivedAt', 'is', null)
    .select(['id', 'nameKk', 'nameRu', 'nameEn', 'catalogueCode'])
    .orderBy('nameRu')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The reporting periods of a class's year (its assessment period kind decides nothing here: all are listed). */
export async function periodsOfYear(db: Database, schoolId: number, yearId: number): Promise<PeriodRow[]> {
  const rows = await db
    .selectFrom('academicPeriods as p')
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'p.schoolId').onRef('y.id', '=', 'p.yearId'))
    .where('p.schoolId', '=', schoolId)
    .where('p.yearId', '=', yearId)
    .select([
      'p.id',
      'p.kind',
      'p.number',
      sql<string>`to_char(p.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(p.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      sql<number>`extract(year from y.starts_on)::int`.as('yearStart'),
    ])
    .orderBy('p.kind', 'desc')
    .orderBy('p.number')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Holidays and breaks of a year. */
export async function daysOffOfYear(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('daysOff')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select([
      'id',
      'name',
      'kind',
      sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('endsOn'),
    ])
    .orderBy('startsOn')
    .execute();
}

/** Bell schedules of a school's years (every shift), or of one year and shift. */
export async function bells(db: Database, schoolId: number, yearIds: number[], shift?: number) {
  if (yearIds.length === 0) return [];
  let q = db.selectFrom('bellSchedules').where('schoolId', '=', schoolId).where('yearId', 'in', yearIds);
  if (shift !== undefined) q = q.where('shift', '=', shift);
  const rows = await q
    .select(['yearId', 'shift', 'lessonNumber', 'startsAt', 'endsAt'])
    .orderBy('yearId')
    .orderBy('shift')
    .orderBy('lessonNumber')
    .execute();
  return rows.map((r) => ({ ...r, yearId: Number(r.yearId) }));
}

/** The current (or latest) years of schools, with their days per week (bells need the weekdays). */
export async function currentYears(db: Database, schoolIds: number[], today: string) {
  if (schoolIds.length === 0) return [];
  const rows = await db
    .selectFrom('academicYears')
    .where('schoolId', 'in', schoolIds)
    .where('startsOn', '<=', today)
    .where('endsOn', '>=', today)
    .select(['schoolId', 'id', 'daysPerWeek'])
    .execute();
  return rows.map((r) => ({ schoolId: Number(r.schoolId), id: Number(r.id), daysPerWeek: r.daysPerWeek }));
}
