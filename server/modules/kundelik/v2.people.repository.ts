import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { PersonRow, SchoolRow } from './v2.presenter.js';

/** Reads of persons, users and schools for the v2 surface: one set-based statement each. */

/** Persons with their account and active profiles (for User.roles); deleted persons are left out. */
export async function personsByIds(db: Database, personIds: number[], today: string): Promise<PersonRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('persons as p')
    .leftJoin('accounts as a', 'a.personId', 'p.id')
    .where('p.id', 'in', personIds)
    .where('p.deletedAt', 'is', null)
    .select((eb) => [
      'p.id',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'p.gender',
      sql<string>`to_char(p.birth_date, 'YYYY-MM-DD')`.as('birthDate'),
      'p.email',
      'p.phone',
      'a.username',
      'a.locale',
      eb
        .selectFrom('memberships as m')
        .whereRef('m.personId', '=', 'p.id')
        .where('m.startsOn', '<=', today)
        .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
        .select(sql<string[]>`coalesce(array_agg(distinct m.profile::text), '{}')`.as('x'))
        .as('profiles'),
      eb
        .selectFrom('memberships as m')
        .whereRef('m.personId', '=', 'p.id')
        .where('m.isAdmin', '=', true)
        .where('m.startsOn', '<=', today)
        .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
        .select(sql<boolean>`count(*) > 0`.as('x'))
        .as('admin'),
    ])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    profiles: (r.profiles ?? []) as PersonRow['profiles'],
    admin: r.admin === true,
  }));
}

/** Schools by id with their district's name (city/municipality). */
export async function schoolsByIds(db: Database, schoolIds: number[]): Promise<SchoolRow[]> {
  if (schoolIds.length === 0) return [];
  const rows = await db
    .selectFrom('institutions as s')
    .leftJoin('institutions as d', 'd.id', 's.parentId')
    .where('s.id', 'in', schoolIds)
    .where('s.kind', '=', 'school')
    .select(['s.id', 's.nameKk', 's.nameRu', 's.nameEn', 's.ancestors', 'd.nameRu as districtName'])
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), ancestors: r.ancestors.map(Number) }));
}

/** The current pupils of classes (and of sub-groups, when given), with the class they sit in. */
export async function groupPupils(
  db: Database,
  v: { classIds: number[]; subgroupIds?: number[]; today: string; includeArchive?: boolean },
) {
  if (v.classIds.length === 0 && !v.subgroupIds?.length) return [];
  let q = db
    .selectFrom('classEnrollments as e')
    .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
    .leftJoin('subgroupMembers as sm', (j) =>
      j.onRef('sm.schoolId', '=', 'e.schoolId').onRef('sm.studentPersonId', '=', 'e.studentPersonId'),
    )
    .leftJoin('subgroups as sg', (j) =>
      j
        .onRef('sg.schoolId', '=', 'sm.schoolId')
        .onRef('sg.id', '=', 'sm.subgroupId')
        .onRef('sg.classId', '=', 'e.classId'),
    )
    .where('p.deletedAt', 'is', null)
    .where((w) =>
      w.or([
        w('e.classId', 'in', v.classIds.length ? v.classIds : [0]),
        w('sg.id', 'in', v.subgroupIds?.length ? v.subgroupIds : [0]),
      ]),
    );
  if (!v.includeArchive) {
    q = q
      .where('e.startsOn', '<=', v.today)
      .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', v.today)]));
  }
  const rows = await q
    .select([
      'p.id',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'p.gender',
      'e.classId',
      'sg.id as subgroupId',
      sql<boolean>`e.starts_on <= ${v.today}::date and (e.ends_on is null or e.ends_on >= ${v.today}::date)`.as(
        'active',
      ),
    ])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    classId: Number(r.classId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
  }));
}

/** Teachers of classes: assignment teachers and class teachers (person rows, deduplicated). */
export async function groupTeachers(db: Database, classIds: number[]) {
  if (classIds.length === 0) return [];
  const rows = await db
    .selectFrom('persons as p')
    .where('p.deletedAt', 'is', null)
    .where((w) =>
      w.or([
        w.exists(
          w
            .selectFrom('teachingAssignments as ta')
            .whereRef('ta.teacherPersonId', '=', 'p.id')
            .where('ta.classId', 'in', classIds),
        ),
        w.exists(
          w.selectFrom('classes as c').whereRef('c.classTeacherPersonId', '=', 'p.id').where('c.id', 'in', classIds),
        ),
      ]),
    )
    .select(['p.id', 'p.surname', 'p.firstName', 'p.patronymic', 'p.gender'])
    .orderBy('p.surname')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Guardianship links: the children of a parent or the parents of a child (with the relation). */
export async function relatives(db: Database, personId: number) {
  const rows = await db
    .selectFrom('guardianships as g')
    .innerJoin('persons as p', (j) =>
      j.on((w) =>
        w.or([
          w.and([w('g.parentPersonId', '=', personId), w('p.id', '=', w.ref('g.childPersonId'))]),
          w.and([w('g.childPersonId', '=', personId), w('p.id', '=', w.ref('g.parentPersonId'))]),
        ]),
      ),
    )
    .where('p.deletedAt', 'is', null)
    .select([
      'p.id',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'p.gender',
      sql<'child' | 'parent'>`case when g.parent_person_id = ${personId} then 'child' else 'parent' end`.as('side'),
    ])
    .distinct()
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
