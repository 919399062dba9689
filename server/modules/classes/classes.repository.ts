import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/client.js';
import type { DB } from '../../db/schema.js';

/**
 * Reads of the classes module. Every query is scoped by school_id first (the context school) and answers a
 * whole list in one statement (counts and names by correlated subqueries or joins, never a query per row).
 *
 * "In the class on D" for screens means: an enrolment in the class not ended before D (`ends_on` null or
 * >= D), so students joining later (enrolled from next Monday, or from 1 September while the year is being
 * prepared) are listed too, with their start date. classes.queries.ts has the strict "on that date" rosters.
 */

type ClassEb = ExpressionBuilder<DB & { c: DB['classes'] }, 'c'>;

/** Students in the class on `on` or joining later; deleted profiles are not counted. */
const studentCount = (eb: ClassEb, on: string) =>
  eb
    .selectFrom('classEnrollments as e')
    .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
    .whereRef('e.schoolId', '=', 'c.schoolId')
    .whereRef('e.classId', '=', 'c.id')
    .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', on)]))
    .where('p.deletedAt', 'is', null)
    .select((s) => s.fn.countAll<number>().as('n'));

function classesQuery(db: Database, schoolId: number, on: string) {
  return db
    .selectFrom('classes as c')
    .leftJoin('persons as t', (j) => j.onRef('t.id', '=', 'c.classTeacherPersonId').on('t.deletedAt', 'is', null))
    .where('c.schoolId', '=', schoolId)
    .select((eb) => [
      'c.id',
      'c.yearId',
      'c.grade',
      'c.letter',
      'c.language',
      'c.shift',
      'c.classTeacherPersonId',
      't.surname as teacherSurname',
      't.firstName as teacherFirstName',
      't.patronymic as teacherPatronymic',
      studentCount(eb, on).as('studentCount'),
    ]);
}

export async function listClasses(db: Database, schoolId: number, yearId: number, on: string) {
  return classesQuery(db, schoolId, on)
    .where('c.yearId', '=', yearId)
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('c.id')
    .execute();
}
export type ClassListRow = Awaited<ReturnType<typeof listClasses>>[number];

export async function findClassSummary(db: Database, schoolId: number, classId: number, on: string) {
  return classesQuery(db, schoolId, on).where('c.id', '=', classId).executeTakeFirst();
}

/** The class's students on `on` and those joining later, in alphabetical order. */
export async function listRoster(db: Database, schoolId: number, classId: number, on: string) {
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
    .where('e.schoolId', '=', schoolId)
    .where('e.classId', '=', classId)
    .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', on)]))
    .where('p.deletedAt', 'is', null)
    .select([
      'e.id as enrollmentId',
      'p.id as personId',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'e.startsOn',
      'e.endsOn',
    ])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .orderBy('e.startsOn')
    .execute();
}

/** The class's sub-groups, each with how many teaching assignments use it. */
export async function listSubgroups(db: Database, schoolId: number, classId: number) {
  return db
    .selectFrom('subgroups as g')
    .where('g.schoolId', '=', schoolId)
    .where('g.classId', '=', classId)
    .select((eb) => [
      'g.id',
      'g.classId',
      'g.name',
      eb
        .selectFrom('teachingAssignments as a')
        .whereRef('a.schoolId', '=', 'g.schoolId')
        .whereRef('a.subgroupId', '=', 'g.id')
        .select((s) => s.fn.countAll<number>().as('n'))
        .as('assignmentCount'),
    ])
    .orderBy('g.name')
    .orderBy('g.id')
    .execute();
}

/**
 * Members of the given sub-groups who are still in the class on `on` (or join later): a student who moved to
 * another class keeps the member row (history), but is no longer listed or taught with the group.
 */
export async function listSubgroupMembers(db: Database, schoolId: number, subgroupIds: number[], on: string) {
  if (subgroupIds.length === 0) return [];
  return db
    .selectFrom('subgroupMembers as sm')
    .innerJoin('subgroups as g', (j) => j.onRef('g.schoolId', '=', 'sm.schoolId').onRef('g.id', '=', 'sm.subgroupId'))
    .innerJoin('persons as p', 'p.id', 'sm.studentPersonId')
    .where('sm.schoolId', '=', schoolId)
    .where('sm.subgroupId', 'in', subgroupIds)
    .where('p.deletedAt', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('classEnrollments as e')
          .whereRef('e.schoolId', '=', 'sm.schoolId')
          .whereRef('e.classId', '=', 'g.classId')
          .whereRef('e.studentPersonId', '=', 'sm.studentPersonId')
          .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', on)]))
          .select('e.id'),
      ),
    )
    .select(['sm.subgroupId', 'p.id as personId', 'p.surname', 'p.firstName', 'p.patronymic'])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .execute();
}

/** Of `personIds`, those with an enrolment in the class not ended before `on` (members must be in the class). */
export async function personsInClass(db: Database, schoolId: number, classId: number, personIds: number[], on: string) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('classEnrollments')
    .where('schoolId', '=', schoolId)
    .where('classId', '=', classId)
    .where('studentPersonId', 'in', personIds)
    .where((w) => w.or([w('endsOn', 'is', null), w('endsOn', '>=', on)]))
    .select('studentPersonId')
    .execute();
  return new Set(rows.map((r) => r.studentPersonId));
}

/**
 * Of `personIds`, those who work at the school (a school_employee membership not ended on `today`, profile not
 * deleted): who may be a class teacher or teach a subject.
 */
export async function currentEmployees(db: Database, schoolId: number, personIds: number[], today: string) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .where('m.institutionId', '=', schoolId)
    .where('m.personId', 'in', personIds)
    .where('m.profile', '=', 'school_employee')
    .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
    .where('p.deletedAt', 'is', null)
    .select('m.personId')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.personId));
}

export interface AssignmentFilter {
  yearId: number;
  classId?: number;
  teacherPersonId?: number;
  ids?: number[];
}

/** Teaching assignments with class, sub-group, subject and teacher names, and how many timetable entries use each. */
export async function listAssignments(db: Database, schoolId: number, f: AssignmentFilter) {
  let q = db
    .selectFrom('teachingAssignments as a')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'a.schoolId').onRef('c.id', '=', 'a.classId'))
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'a.schoolId').onRef('s.id', '=', 'a.subjectId'))
    .innerJoin('persons as t', 't.id', 'a.teacherPersonId')
    .leftJoin('subgroups as g', (j) => j.onRef('g.schoolId', '=', 'a.schoolId').onRef('g.id', '=', 'a.subgroupId'))
    .where('a.schoolId', '=', schoolId)
    .where('a.yearId', '=', f.yearId);
  if (f.classId !== undefined) q = q.where('a.classId', '=', f.classId);
  if (f.teacherPersonId !== undefined) q = q.where('a.teacherPersonId', '=', f.teacherPersonId);
  if (f.ids !== undefined) q = q.where('a.id', 'in', f.ids.length > 0 ? f.ids : [0]);
  return q
    .select((eb) => [
      'a.id',
      'a.yearId',
      'a.classId',
      'c.grade',
      'c.letter',
      'a.subgroupId',
      'g.name as subgroupName',
      'a.subjectId',
      's.nameKk as subjectNameKk',
      's.nameRu as subjectNameRu',
      's.nameEn as subjectNameEn',
      'a.teacherPersonId',
      't.surname as teacherSurname',
      't.firstName as teacherFirstName',
      't.patronymic as teacherPatronymic',
      eb
        .selectFrom('timetableEntries as te')
        .whereRef('te.schoolId', '=', 'a.schoolId')
        .whereRef('te.assignmentId', '=', 'a.id')
        .select((s) => s.fn.countAll<number>().as('n'))
        .as('timetableEntryCount'),
    ])
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.nameKk')
    .orderBy('g.name')
    .orderBy('a.id')
    .execute();
}
export type AssignmentRow = Awaited<ReturnType<typeof listAssignments>>[number];

/** A student's enrolments at the school over every year, oldest first (other schools' rows are never read). */
export async function classHistory(db: Database, schoolId: number, personId: number) {
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'e.schoolId').onRef('y.id', '=', 'e.yearId'))
    .where('e.schoolId', '=', schoolId)
    .where('e.studentPersonId', '=', personId)
    .select([
      'e.id as enrollmentId',
      'e.yearId',
      'y.name as yearName',
      'e.classId',
      'c.grade',
      'c.letter',
      'c.language',
      'e.startsOn',
      'e.endsOn',
      'e.endReason',
    ])
    .orderBy('e.startsOn')
    .orderBy('e.id')
    .execute();
}

/**
 * Whether the person has (or had) any membership at the school, and whether the actor is their linked parent
 * there: who may read their class history from this school.
 */
export async function personAtSchool(db: Database, schoolId: number, personId: number, parentPersonId: number) {
  return db
    .selectFrom('persons as p')
    .where('p.id', '=', personId)
    .where('p.deletedAt', 'is', null)
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('memberships as m')
            .whereRef('m.personId', '=', 'p.id')
            .where('m.institutionId', '=', schoolId)
            .select('m.id'),
        )
        .as('member'),
      eb
        .exists(
          eb
            .selectFrom('guardianships as g')
            .where('g.institutionId', '=', schoolId)
            .where('g.parentPersonId', '=', parentPersonId)
            .whereRef('g.childPersonId', '=', 'p.id')
            .select('g.childPersonId'),
        )
        .as('childOfActor'),
    ])
    .executeTakeFirst();
}
