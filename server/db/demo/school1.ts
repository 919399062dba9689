import type { Database } from '../client.js';
import type { DemoInstitutionIds } from './authorities.js';
import { DEMO_USERS } from './logins.js';
import type { DemoPerson } from './people.js';

/**
 * School-Lyceum No. 1, the demo school: its administrator, two teachers, the demo parent and seven pupils. The
 * directors of No. 12 and No. 45 and three pupils of No. 12 are listed here too: they came with the first demo,
 * and moving them would change the person ids the browser tests rely on.
 */
const STUDENT_NAMES: Array<[string, string, 'male' | 'female']> = [
  ['Ахметов', 'Нұрлан', 'male'],
  ['Серікова', 'Айгерім', 'female'],
  ['Жұмабаев', 'Ерлан', 'male'],
  ['Ким', 'Алина', 'female'],
  ['Исаев', 'Тимур', 'male'],
  ['Оспанова', 'Дана', 'female'],
  ['Петров', 'Артём', 'male'],
  ['Төлеуова', 'Әсел', 'female'],
  ['Бекова', 'Мадина', 'female'],
  ['Құдайбергенов', 'Арман', 'male'],
];

export const FIRST_SCHOOL_PEOPLE: DemoPerson[] = [
  {
    username: DEMO_USERS.schoolAdmin.username,
    surname: 'Әбілқасымова',
    firstName: 'Сәуле',
    patronymic: 'Маратқызы',
    birthDate: '1983-06-30',
    gender: 'female',
    institution: 'school1',
    profile: 'school_employee',
    roles: ['deputy_director'],
    isAdmin: true,
  },
  {
    username: DEMO_USERS.teacher.username,
    surname: 'Иванова',
    firstName: 'Елена',
    patronymic: 'Петровна',
    birthDate: '1979-11-15',
    gender: 'female',
    institution: 'school1',
    profile: 'school_employee',
    roles: ['teacher', 'class_teacher'],
  },
  {
    username: 'teacher2.demo',
    surname: 'Қасымов',
    firstName: 'Ағжан',
    birthDate: '1990-02-08',
    gender: 'male',
    institution: 'school1',
    profile: 'school_employee',
    roles: ['teacher'],
  },
  {
    username: 'director12.demo',
    surname: 'Нұрпейісова',
    firstName: 'Жанар',
    birthDate: '1975-07-19',
    gender: 'female',
    institution: 'school12',
    profile: 'school_employee',
    roles: ['director'],
    isAdmin: true,
  },
  {
    username: 'director45.demo',
    surname: 'Лебедев',
    firstName: 'Олег',
    patronymic: 'Игоревич',
    birthDate: '1972-03-05',
    gender: 'male',
    institution: 'school45',
    profile: 'school_employee',
    roles: ['director'],
    isAdmin: true,
  },
  {
    username: DEMO_USERS.parent.username,
    surname: 'Ахметова',
    firstName: 'Жұлдыз',
    birthDate: '1984-08-21',
    gender: 'female',
    institution: 'school1',
    profile: 'parent',
  },
  ...STUDENT_NAMES.map(
    ([surname, firstName, gender], i): DemoPerson => ({
      username: i === 0 ? DEMO_USERS.student.username : `student${i + 1}.demo`,
      surname,
      firstName,
      birthDate: `2013-0${(i % 9) + 1}-1${i % 10}`,
      gender,
      institution: i < 7 ? 'school1' : 'school12',
      profile: 'student',
    }),
  ),
];

/**
 * The demo parent's tie to the demo student: guardianship and her consent for the minor. The school also shows
 * the anonymised class distribution of a work in the diary (off by default, migration 0021), so the demo has it.
 */
export async function linkFirstSchool(
  trx: Database,
  ids: DemoInstitutionIds,
  idOf: (username: string) => number,
  now: Date,
) {
  const parentPersonId = idOf(DEMO_USERS.parent.username);
  const childPersonId = idOf(DEMO_USERS.student.username);
  await trx
    .insertInto('guardianships')
    .values({ institutionId: ids.school1, parentPersonId, childPersonId, relation: 'mother' })
    .execute();
  await trx
    .insertInto('minorConsents')
    .values({ institutionId: ids.school1, childPersonId, parentPersonId, givenAt: now })
    .execute();
  await trx.insertInto('institutionSettings').values({ institutionId: ids.school1, classDistribution: true }).execute();
}
