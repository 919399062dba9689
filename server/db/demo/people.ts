import type { Profile, SchoolRole } from '@common/enums.js';
import type { Database } from '../client.js';
import type { DemoInstitution, DemoInstitutionIds } from './authorities.js';

/** One demo user: a person, their account and their membership at `institution`. */
export interface DemoPerson {
  username: string;
  surname: string;
  firstName: string;
  patronymic?: string;
  birthDate: string;
  gender: 'male' | 'female';
  institution: DemoInstitution;
  profile: Profile;
  roles?: SchoolRole[];
  isAdmin?: boolean;
  position?: string;
}

/**
 * Inserts the people, their accounts and memberships; answers the person ids in the order of `people` (which is
 * the order of the ids — the browser tests and the API examples rely on the demo looking the same every time).
 */
export async function insertPeople(
  trx: Database,
  people: DemoPerson[],
  ids: DemoInstitutionIds,
  passwordHash: string,
): Promise<number[]> {
  const persons = await trx
    .insertInto('persons')
    .values(
      people.map((p) => ({
        surname: p.surname,
        firstName: p.firstName,
        patronymic: p.patronymic ?? null,
        birthDate: p.birthDate,
        gender: p.gender,
      })),
    )
    .returning('id')
    .execute();
  // RETURNING keeps the VALUES order for a single multi-row insert.
  const personIds = persons.map((r) => r.id);
  await trx
    .insertInto('accounts')
    .values(
      people.map((p, i) => ({
        personId: personIds[i]!,
        username: p.username,
        passwordHash,
        passwordIsTemporary: false,
        registeredAt: new Date(),
        passwordChangedAt: new Date(),
        locale: p.profile === 'school_employee' && p.surname === 'Иванова' ? ('ru' as const) : ('kk' as const),
      })),
    )
    .execute();
  await trx
    .insertInto('memberships')
    .values(
      people.map((p, i) => ({
        institutionId: ids[p.institution],
        personId: personIds[i]!,
        profile: p.profile,
        roles: p.roles ?? [],
        isAdmin: p.isAdmin ?? false,
        position: p.position ?? null,
        startsOn: p.profile === 'student' ? '2025-09-01' : '2020-09-01',
      })),
    )
    .execute();
  return personIds;
}

/** A school's teachers and pupils, in list order: what the classes, timetable and journal demos are built from. */
export function castOf(people: DemoPerson[], personIds: number[], institution: DemoInstitution) {
  const at = (keep: (p: DemoPerson) => boolean) =>
    people.flatMap((p, i) => (p.institution === institution && keep(p) ? [personIds[i]!] : []));
  return {
    teacherPersonIds: at((p) => p.roles?.includes('teacher') === true),
    studentPersonIds: at((p) => p.profile === 'student'),
  };
}
