import type { Relation } from '@common/enums.js';
import type { Database } from '../../db/client.js';

/**
 * A parent's links at one school whose child is not deleted and is a student there today — what a parent may
 * see of their children (GET /me/children, consents, my timetable). Joined as `g` (guardianships) and `p` (the
 * child); callers add their own joins and columns.
 */
export function currentChildLinks(db: Database, institutionId: number, parentPersonId: number, today: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('persons as p', 'p.id', 'g.childPersonId')
    .where('g.institutionId', '=', institutionId)
    .where('g.parentPersonId', '=', parentPersonId)
    .where('p.deletedAt', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as sm')
          .whereRef('sm.institutionId', '=', 'g.institutionId')
          .whereRef('sm.personId', '=', 'g.childPersonId')
          .where('sm.profile', '=', 'student')
          .where('sm.startsOn', '<=', today)
          .where((w) => w.or([w('sm.endsOn', 'is', null), w('sm.endsOn', '>', today)]))
          .select('sm.id'),
      ),
    );
}

/**
 * The people among `personIds` who hold any membership (current or past) at the school and are not deleted,
 * with whether they are a student / parent there whose membership has not ended. One that starts later
 * counts: the school links parents while preparing the new year, before 1 September. (What the parent
 * *sees* — GET /me/children — still waits for the studies to begin.) One query for both sides of a link.
 */
export async function findSchoolPeople(db: Database, schoolId: number, personIds: number[], today: string) {
  return db
    .selectFrom('persons as p')
    .innerJoin('memberships as m', (j) => j.onRef('m.personId', '=', 'p.id').on('m.institutionId', '=', schoolId))
    .where('p.id', 'in', personIds)
    .where('p.deletedAt', 'is', null)
    .groupBy('p.id')
    .select((eb) => {
      const notEndedAs = (profile: 'student' | 'parent') =>
        eb.fn<boolean>('bool_or', [
          eb.and([eb('m.profile', '=', profile), eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)])]),
        ]);
      return [
        'p.id as personId',
        // Grouped by the primary key, so the person's own columns may be selected as they are.
        'p.surname',
        'p.firstName',
        'p.patronymic',
        notEndedAs('student').as('isStudent'),
        notEndedAs('parent').as('isParent'),
      ];
    })
    .execute();
}
export type SchoolPerson = Awaited<ReturnType<typeof findSchoolPeople>>[number];

/** Inserts the link unless it already exists; undefined means it did (the caller answers 409). */
export async function insertGuardianship(
  db: Database,
  values: { institutionId: number; parentPersonId: number; childPersonId: number; relation: Relation; at: Date },
) {
  const { at, ...rest } = values;
  return db
    .insertInto('guardianships')
    .values({ ...rest, createdAt: at })
    .onConflict((oc) => oc.columns(['institutionId', 'parentPersonId', 'childPersonId']).doNothing())
    .returning(['createdAt'])
    .executeTakeFirst();
}

export async function deleteGuardianship(
  db: Database,
  schoolId: number,
  parentPersonId: number,
  childPersonId: number,
) {
  return db
    .deleteFrom('guardianships')
    .where('institutionId', '=', schoolId)
    .where('parentPersonId', '=', parentPersonId)
    .where('childPersonId', '=', childPersonId)
    .returning(['relation'])
    .executeTakeFirst();
}

/** Every link kept by the school (optionally only those involving one person), both names joined. */
export async function listGuardianships(db: Database, schoolId: number, personId?: number) {
  let q = db
    .selectFrom('guardianships as g')
    .innerJoin('persons as pp', 'pp.id', 'g.parentPersonId')
    .innerJoin('persons as cp', 'cp.id', 'g.childPersonId')
    .where('g.institutionId', '=', schoolId)
    .where('pp.deletedAt', 'is', null)
    .where('cp.deletedAt', 'is', null);
  if (personId !== undefined) {
    q = q.where((eb) => eb.or([eb('g.parentPersonId', '=', personId), eb('g.childPersonId', '=', personId)]));
  }
  return q
    .select([
      'g.institutionId',
      'g.relation',
      'g.createdAt',
      'pp.id as parentPersonId',
      'pp.surname as parentSurname',
      'pp.firstName as parentFirstName',
      'pp.patronymic as parentPatronymic',
      'cp.id as childPersonId',
      'cp.surname as childSurname',
      'cp.firstName as childFirstName',
      'cp.patronymic as childPatronymic',
    ])
    .orderBy('cp.surname')
    .orderBy('cp.firstName')
    .orderBy('cp.id')
    .orderBy('pp.surname')
    .orderBy('pp.firstName')
    .orderBy('pp.id')
    .execute();
}
export type GuardianshipRow = Awaited<ReturnType<typeof listGuardianships>>[number];
