import type { Database } from '../client.js';
import type { DemoInstitutionIds } from './authorities.js';
import { DEMO_SECOND_CHILD, DEMO_USERS } from './logins.js';
import type { DemoPerson } from './people.js';

/**
 * School-Gymnasium No. 7, the second demo school (issue 7): three teachers, the demo parent's second child and
 * her classmates — so a parent switches between children in two schools.
 */
const SECOND_SCHOOL_STUDENTS: Array<[string, string, 'male' | 'female']> = [
  ['Ахметова', 'Аружан', 'female'],
  ['Нұрланова', 'Аяужан', 'female'],
  ['Смирнов', 'Егор', 'male'],
  ['Әлиев', 'Санжар', 'male'],
  ['Жанабекова', 'Томирис', 'female'],
  ['Ли', 'Виктор', 'male'],
];

export const SECOND_SCHOOL_PEOPLE: DemoPerson[] = [
  {
    username: DEMO_SECOND_CHILD.teacher,
    surname: 'Сапарова',
    firstName: 'Гүлмира',
    patronymic: 'Ерланқызы',
    birthDate: '1985-10-04',
    gender: 'female',
    institution: 'school7',
    profile: 'school_employee',
    roles: ['teacher', 'class_teacher'],
  },
  {
    username: 'teacher7b.demo',
    surname: 'Мұқанов',
    firstName: 'Ерболат',
    birthDate: '1988-05-27',
    gender: 'male',
    institution: 'school7',
    profile: 'school_employee',
    roles: ['teacher'],
  },
  {
    username: 'teacher7c.demo',
    surname: 'Власова',
    firstName: 'Ирина',
    patronymic: 'Сергеевна',
    birthDate: '1980-12-11',
    gender: 'female',
    institution: 'school7',
    profile: 'school_employee',
    roles: ['teacher'],
  },
  // The second child first: she goes into «5 Ә», the class with the journal's quarter of marks.
  ...SECOND_SCHOOL_STUDENTS.map(
    ([surname, firstName, gender], i): DemoPerson => ({
      username: `student${i + 11}.demo`,
      surname,
      firstName,
      birthDate: `2014-0${(i % 9) + 1}-2${i % 10}`,
      gender,
      institution: 'school7',
      profile: 'student',
    }),
  ),
];

/**
 * The demo parent at the second school: a parent membership there (her access to the second child comes from it,
 * not from her membership at No. 1), guardianship and consent.
 */
export async function linkSecondSchool(
  trx: Database,
  ids: DemoInstitutionIds,
  idOf: (username: string) => number,
  now: Date,
) {
  const parentPersonId = idOf(DEMO_USERS.parent.username);
  const childPersonId = idOf(DEMO_SECOND_CHILD.username);
  await trx
    .insertInto('memberships')
    .values({
      institutionId: ids.school7,
      personId: parentPersonId,
      profile: 'parent',
      roles: [],
      isAdmin: false,
      position: null,
      startsOn: '2020-09-01',
    })
    .execute();
  await trx
    .insertInto('guardianships')
    .values({ institutionId: ids.school7, parentPersonId, childPersonId, relation: 'mother' })
    .execute();
  await trx
    .insertInto('minorConsents')
    .values({ institutionId: ids.school7, childPersonId, parentPersonId, givenAt: now })
    .execute();
}
