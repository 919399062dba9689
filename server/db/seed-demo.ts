import type { PasswordHasher } from '../lib/password.js';
import { seedAcceptances, seedFirstAgreement } from '../modules/agreements/agreements.seed.js';
import { seedDemoApiClient } from '../modules/api-clients/api-clients.demo.js';
import { seedDemoClasses } from '../modules/classes/classes.demo.js';
import { seedDemoJournal } from '../modules/journal/journal.demo.js';
import { seedDemoSchoolYear } from '../modules/school-year/school-year.demo.js';
import { seedDemoTimetable } from '../modules/timetable/timetable.demo.js';
import type { Database } from './client.js';
import { AUTHORITY_PEOPLE, seedAuthorityTree } from './demo/authorities.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/logins.js';
import { castOf, insertPeople } from './demo/people.js';
import { FIRST_SCHOOL_PEOPLE, linkFirstSchool } from './demo/school1.js';
import { linkSecondSchool, SECOND_SCHOOL_PEOPLE } from './demo/school7.js';

/**
 * Demo data for `npm start` on an empty database (never in production): a slice of Astana — the city
 * education department, two district departments, four schools — with people of every profile. The parts are in
 * demo/ (the authority tree, one file per school, the shared people insert, the logins); this file is the entry
 * point and keeps the order of the steps, which fixes every id the browser tests and API examples meet.
 */

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
  const { first, second } = await db.transaction().execute(async (trx) => {
    const ids = await seedAuthorityTree(trx);
    // One list, one insert: its order is the order of the person ids.
    const people = [...AUTHORITY_PEOPLE, ...FIRST_SCHOOL_PEOPLE, ...SECOND_SCHOOL_PEOPLE];
    const personIds = await insertPeople(trx, people, ids, passwordHash);
    const idOf = (username: string) => personIds[people.findIndex((p) => p.username === username)]!;
    // The user agreement (version 1), accepted by every demo user; the demo parent has consented for her children.
    const now = new Date();
    await seedAcceptances(trx, await seedFirstAgreement(trx, now), personIds, now);
    await linkFirstSchool(trx, ids, idOf, now);
    await linkSecondSchool(trx, ids, idOf, now);
    return {
      first: { schoolId: ids.school1, ...castOf(people, personIds, 'school1') },
      second: { schoolId: ids.school7, ...castOf(people, personIds, 'school7') },
    };
  });
  // Issues 4, 5 and 7: each demo school's year (national calendar, two shifts), classes with subjects and
  // teachers, a conflict-free week with lessons generated for the current quarter, and «5 Ә»'s quarter of topics,
  // ФО marks, absences and СОр works — so every demo user has a timetable and the journal is not empty.
  for (const school of [first, second]) {
    const yearId = await seedDemoSchoolYear(db, school.schoolId);
    await seedDemoClasses(db, { ...school, yearId });
    await seedDemoTimetable(db, { schoolId: school.schoolId, yearId });
    await seedDemoJournal(db, { schoolId: school.schoolId, yearId });
  }
  // Issue 8: a registered API client enabled at every demo school (credentials printed at start, in the README).
  await seedDemoApiClient(db);
}
