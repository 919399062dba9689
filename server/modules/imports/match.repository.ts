import type { Gender, Profile, Relation } from '@common/enums.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * The reads of a dry run (and of the apply, which plans again inside its transaction): a fixed number of
 * set-based queries whatever the number of rows.
 */

export interface ExistingPerson {
  id: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: Gender;
  iin: string | null;
  email: string | null;
  phone: string | null;
  /** Holds (or held) any membership at the school. */
  atSchool: boolean;
}

const personColumns = [
  'p.id',
  'p.surname',
  'p.firstName',
  'p.patronymic',
  'p.birthDate',
  'p.gender',
  'p.iin',
  'p.email',
  'p.phone',
] as const;

const atSchool = (schoolId: number) =>
  sql<boolean>`exists (select 1 from memberships m where m.person_id = p.id and m.institution_id = ${schoolId})`;

/** Holders of these IINs anywhere (the IIN is national and unique), and whether they belong to the school. */
export async function personsByIin(db: Database, schoolId: number, iins: string[]): Promise<ExistingPerson[]> {
  if (iins.length === 0) return [];
  return db
    .selectFrom('persons as p')
    .where('p.iin', 'in', iins)
    .where('p.deletedAt', 'is', null)
    .select(personColumns)
    .select(atSchool(schoolId).as('atSchool'))
    .execute();
}

/** The school's memberships carrying these external ids, with their person. */
export async function personsByExternalId(db: Database, schoolId: number, externalIds: string[]) {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .where('m.institutionId', '=', schoolId)
    .where('m.externalId', 'in', externalIds)
    .where('p.deletedAt', 'is', null)
    .select(personColumns)
    .select([sql<boolean>`true`.as('atSchool'), 'm.externalId', 'm.profile'])
    .execute() as Promise<Array<ExistingPerson & { externalId: string; profile: Profile }>>;
}

/**
 * People of the school (any membership, past ones too) with one of these (surname, first name, birth date),
 * names compared case-insensitively. Only the school's own people: a name search across the country would
 * tell one school about another's pupils.
 */
export async function personsByName(
  db: Database,
  schoolId: number,
  keys: Array<{ surname: string; firstName: string; birthDate: string }>,
): Promise<ExistingPerson[]> {
  if (keys.length === 0) return [];
  const json = JSON.stringify(
    keys.map((k) => ({ s: k.surname.toLowerCase(), f: k.firstName.toLowerCase(), b: k.birthDate })),
  );
  const { rows } = await sql<ExistingPerson>`
    select distinct p.id, p.surname, p.first_name as "firstName", p.patronymic, p.birth_date as "birthDate",
           p.gender, p.iin, p.email, p.phone, true as "atSchool"
      from jsonb_to_recordset(${json}::jsonb) as k(s text, f text, b date)
      join persons p on lower(p.surname) = k.s and lower(p.first_name) = k.f and p.birth_date = k.b
     where p.deleted_at is null
       and exists (select 1 from memberships m where m.person_id = p.id and m.institution_id = ${schoolId})`.execute(
    db,
  );
  return rows;
}

export async function personsById(db: Database, schoolId: number, ids: number[]): Promise<ExistingPerson[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('persons as p')
    .where('p.id', 'in', ids)
    .where('p.deletedAt', 'is', null)
    .select(personColumns)
    .select(atSchool(schoolId).as('atSchool'))
    .execute();
}

/** The people's memberships at the school (ended ones too: the caller judges which are current). */
export function schoolMemberships(db: Database, schoolId: number, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memberships')
    .where('institutionId', '=', schoolId)
    .where('personId', 'in', personIds)
    .select(['id', 'personId', 'profile', 'roles', 'externalId', 'startsOn', 'endsOn'])
    .execute();
}
export type SchoolMembership = Awaited<ReturnType<typeof schoolMemberships>>[number];

/** Open enrolments of the people in the year, with the class's grade and letter. */
export function openEnrolments(db: Database, schoolId: number, yearId: number, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .where('e.schoolId', '=', schoolId)
    .where('e.yearId', '=', yearId)
    .where('e.studentPersonId', 'in', personIds)
    .where('e.endsOn', 'is', null)
    .select(['e.studentPersonId as personId', 'c.id as classId', 'c.grade', 'c.letter'])
    .execute();
}

/** The school's parent ↔ child links touching these people. */
export function schoolLinks(db: Database, schoolId: number, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('guardianships')
    .where('institutionId', '=', schoolId)
    .where((eb) => eb.or([eb('parentPersonId', 'in', personIds), eb('childPersonId', 'in', personIds)]))
    .select(['parentPersonId', 'childPersonId', 'relation'])
    .execute() as Promise<Array<{ parentPersonId: number; childPersonId: number; relation: Relation }>>;
}

export function yearClasses(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('classes')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['id', 'grade', 'letter', 'language', 'externalId', 'classTeacherPersonId'])
    .execute();
}
export type YearClass = Awaited<ReturnType<typeof yearClasses>>[number];

/** The language most of the school's classes are taught in (a new class's default), or null without classes. */
export async function usualLanguage(db: Database, schoolId: number): Promise<string | null> {
  const row = await db
    .selectFrom('classes')
    .where('schoolId', '=', schoolId)
    .groupBy('language')
    .select(['language', (eb) => eb.fn.countAll<number>().as('n')])
    .orderBy('n', 'desc')
    .orderBy('language')
    .limit(1)
    .executeTakeFirst();
  return row?.language ?? null;
}
