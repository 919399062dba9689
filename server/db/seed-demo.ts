import type { Profile, SchoolRole } from '@common/enums.js';
import type { PasswordHasher } from '../lib/password.js';
import { seedAcceptances, seedFirstAgreement } from '../modules/agreements/agreements.seed.js';
/**
 * Demo data for `npm start` on an empty database (never in production): a slice of Astana — the city
 * education department, two district departments, three schools — with people of every profile. Everyone
 * shares one password so the printed logins are easy to try.
 */
import { seedDemoApiClient } from '../modules/api-clients/api-clients.demo.js';
import { seedDemoClasses } from '../modules/classes/classes.demo.js';
import { seedDemoJournal } from '../modules/journal/journal.demo.js';
import { seedDemoSchoolYear } from '../modules/school-year/school-year.demo.js';
import { seedDemoTimetable } from '../modules/timetable/timetable.demo.js';
import type { Database } from './client.js';

export const DEMO_PASSWORD = 'dapter-demo-2026';
/** The demo's API client (its fixed client_id and secret), listed with the demo logins. */
export { DEMO_API_CLIENT } from '../modules/api-clients/api-clients.demo.js';

export const DEMO_USERS = {
  ministryAdmin: { username: 'ministry.admin' },
  regionAdmin: { username: 'astana.admin' },
  districtAdmin: { username: 'esil.admin' },
  schoolAdmin: { username: 'school1.admin' },
  teacher: { username: 'teacher.demo' },
  student: { username: 'student.demo' },
  parent: { username: 'parent.demo' },
} as const;

/**
 * Issue 7: the demo parent's second child, at another school (School-Gymnasium No. 7, same district) with its own
 * year, classes, timetable and a quarter of marks — a parent switches between children in different schools.
 */
export const DEMO_SECOND_CHILD = { username: 'student11.demo', teacher: 'teacher7.demo' } as const;
const SECOND_SCHOOL_STUDENTS: Array<[string, string, 'male' | 'female']> = [
  ['Ахметова', 'Аружан', 'female'],
  ['Нұрланова', 'Аяужан', 'female'],
  ['Смирнов', 'Егор', 'male'],
  ['Әлиев', 'Санжар', 'male'],
  ['Жанабекова', 'Томирис', 'female'],
  ['Ли', 'Виктор', 'male'],
];

const ASTANA_REGION_ID = 19;

interface DemoPerson {
  key?: keyof typeof DEMO_USERS;
  username: string;
  surname: string;
  firstName: string;
  patronymic?: string;
  birthDate: string;
  gender: 'male' | 'female';
  institution: string;
  profile: Profile;
  roles?: SchoolRole[];
  isAdmin?: boolean;
  position?: string;
}

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

/** True when the database holds no people yet (reference institutions come from migrations). */
export async function isEmpty(db: Database) {
  const row = await db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** Whether the demo accounts are (still) there, so start-up only advertises logins that work. */
export async function hasDemoUsers(db: Database) {
  const row = await db
    .selectFrom('accounts')
    .where('username', '=', DEMO_USERS.schoolAdmin.username)
    .select('personId')
    .executeTakeFirst();
  return row !== undefined;
}

export async function seedDemo(db: Database, hasher: PasswordHasher) {
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  const school = await db.transaction().execute(async (trx) => {
    const inst = async (
      parentId: number,
      kind: 'district' | 'school',
      kk: string,
      ru: string,
      en: string,
      code?: string,
    ) =>
      (
        await trx
          .insertInto('institutions')
          .values({ parentId, kind, nameKk: kk, nameRu: ru, nameEn: en, code: code ?? null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const esil = await inst(
      ASTANA_REGION_ID,
      'district',
      'Астана қаласы Есіл ауданының білім бөлімі',
      'Отдел образования района Есиль города Астаны',
      'Yesil District Education Department, Astana',
    );
    const almaty = await inst(
      ASTANA_REGION_ID,
      'district',
      'Астана қаласы Алматы ауданының білім бөлімі',
      'Отдел образования района Алматы города Астаны',
      'Almaty District Education Department, Astana',
    );
    const ids: Record<string, number> = {
      ministry: 1,
      astana: ASTANA_REGION_ID,
      esil,
      almaty,
      school1: await inst(esil, 'school', '№ 1 мектеп-лицей', 'Школа-лицей № 1', 'School-Lyceum No. 1', '010000001'),
      school12: await inst(
        esil,
        'school',
        '№ 12 жалпы орта білім беретін мектеп',
        'Общеобразовательная школа № 12',
        'Secondary School No. 12',
        '010000012',
      ),
      school45: await inst(almaty, 'school', '№ 45 гимназия', 'Гимназия № 45', 'Gymnasium No. 45', '010000045'),
      school7: await inst(
        esil,
        'school',
        '№ 7 мектеп-гимназия',
        'Школа-гимназия № 7',
        'School-Gymnasium No. 7',
        '010000007',
      ),
    };

    const people: DemoPerson[] = [
      {
        key: 'ministryAdmin',
        username: DEMO_USERS.ministryAdmin.username,
        surname: 'Мұратов',
        firstName: 'Бауыржан',
        patronymic: 'Серікұлы',
        birthDate: '1978-04-12',
        gender: 'male',
        institution: 'ministry',
        profile: 'ministry_employee',
        isAdmin: true,
        position: 'Бас сарапшы',
      },
      {
        key: 'regionAdmin',
        username: DEMO_USERS.regionAdmin.username,
        surname: 'Ержанова',
        firstName: 'Гүлнар',
        patronymic: 'Әбдіқызы',
        birthDate: '1981-09-03',
        gender: 'female',
        institution: 'astana',
        profile: 'regional_employee',
        isAdmin: true,
      },
      {
        key: 'districtAdmin',
        username: DEMO_USERS.districtAdmin.username,
        surname: 'Смағұлов',
        firstName: 'Данияр',
        birthDate: '1986-01-22',
        gender: 'male',
        institution: 'esil',
        profile: 'district_employee',
        isAdmin: true,
      },
      {
        key: 'schoolAdmin',
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
        key: 'teacher',
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
        key: 'parent',
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
          key: i === 0 ? 'student' : undefined,
          username: i === 0 ? DEMO_USERS.student.username : `student${i + 1}.demo`,
          surname,
          firstName,
          birthDate: `2013-0${(i % 9) + 1}-1${i % 10}`,
          gender,
          institution: i < 7 ? 'school1' : 'school12',
          profile: 'student',
        }),
      ),
      // The second school (issue 7): three teachers, the demo parent's second child and her classmates.
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
          institutionId: ids[p.institution]!,
          personId: personIds[i]!,
          profile: p.profile,
          roles: p.roles ?? [],
          isAdmin: p.isAdmin ?? false,
          position: p.position ?? null,
          startsOn: p.profile === 'student' ? '2025-09-01' : '2020-09-01',
        })),
      )
      .execute();
    const idOf = (username: string) => personIds[people.findIndex((p) => p.username === username)]!;
    // The demo parent is a parent at the second child's school too (her access there comes from that membership).
    await trx
      .insertInto('memberships')
      .values({
        institutionId: ids.school7!,
        personId: idOf(DEMO_USERS.parent.username),
        profile: 'parent',
        roles: [],
        isAdmin: false,
        position: null,
        startsOn: '2020-09-01',
      })
      .execute();
    await trx
      .insertInto('guardianships')
      .values([
        {
          institutionId: ids.school1!,
          parentPersonId: idOf(DEMO_USERS.parent.username),
          childPersonId: idOf(DEMO_USERS.student.username),
          relation: 'mother',
        },
        {
          institutionId: ids.school7!,
          parentPersonId: idOf(DEMO_USERS.parent.username),
          childPersonId: idOf(DEMO_SECOND_CHILD.username),
          relation: 'mother',
        },
      ])
      .execute();
    // The user agreement (version 1), accepted by every demo user; the demo parent has consented for her child.
    const now = new Date();
    await seedAcceptances(trx, await seedFirstAgreement(trx, now), personIds, now);
    await trx
      .insertInto('minorConsents')
      .values([
        {
          institutionId: ids.school1!,
          childPersonId: idOf(DEMO_USERS.student.username),
          parentPersonId: idOf(DEMO_USERS.parent.username),
          givenAt: now,
        },
        {
          institutionId: ids.school7!,
          childPersonId: idOf(DEMO_SECOND_CHILD.username),
          parentPersonId: idOf(DEMO_USERS.parent.username),
          givenAt: now,
        },
      ])
      .execute();
    // The demo school shows the anonymised class distribution of a work in the diary (off by default, 0021).
    await trx
      .insertInto('institutionSettings')
      .values({ institutionId: ids.school1!, classDistribution: true })
      .execute();
    const atSchool1 = (profile: string) =>
      people.flatMap((p, i) => (p.institution === 'school1' && p.profile === profile ? [personIds[i]!] : []));
    return {
      schoolId: ids.school1!,
      teacherPersonIds: people.flatMap((p, i) =>
        p.institution === 'school1' && p.roles?.includes('teacher') ? [personIds[i]!] : [],
      ),
      studentPersonIds: atSchool1('student'),
      second: {
        schoolId: ids.school7!,
        teacherPersonIds: people.flatMap((p, i) =>
          p.institution === 'school7' && p.roles?.includes('teacher') ? [personIds[i]!] : [],
        ),
        // The second child first: she goes into «5 Ә», the class with the journal's quarter of marks.
        studentPersonIds: people.flatMap((p, i) =>
          p.institution === 'school7' && p.profile === 'student' ? [personIds[i]!] : [],
        ),
      },
    };
  });
  // Issue 4: the demo school's year (national calendar, two shifts), classes with subjects and teachers, and a
  // conflict-free week with lessons generated for the current quarter — so every demo user has a timetable.
  const yearId = await seedDemoSchoolYear(db, school.schoolId);
  await seedDemoClasses(db, { ...school, yearId });
  await seedDemoTimetable(db, { schoolId: school.schoolId, yearId });
  // Issue 5: «5 Ә»'s current quarter with topics, ФО marks, absences and СОр works, so the journal is not empty.
  await seedDemoJournal(db, { schoolId: school.schoolId, yearId });
  // Issue 7: the second school the same way (the demo parent's second child is in its «5 Ә»).
  const { second } = school;
  const secondYearId = await seedDemoSchoolYear(db, second.schoolId);
  await seedDemoClasses(db, { ...second, yearId: secondYearId });
  await seedDemoTimetable(db, { schoolId: second.schoolId, yearId: secondYearId });
  await seedDemoJournal(db, { schoolId: second.schoolId, yearId: secondYearId });
  // Issue 8: a registered API client enabled at every demo school (credentials printed at start, in the README).
  await seedDemoApiClient(db);
}
