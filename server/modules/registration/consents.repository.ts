import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/client.js';
import { currentChildLinks } from '../guardianships/guardianships.repository.js';

/**
 * A consent counts while it stands (not withdrawn) and the parent is still linked to the child at that school:
 * removing the link (end of representation) ends what it vouched for.
 */
function standingConsents(db: Database) {
  return db
    .selectFrom('minorConsents as mc')
    .innerJoin('guardianships as lg', (join) =>
      join
        .onRef('lg.institutionId', '=', 'mc.institutionId')
        .onRef('lg.parentPersonId', '=', 'mc.parentPersonId')
        .onRef('lg.childPersonId', '=', 'mc.childPersonId'),
    )
    .where('mc.withdrawnAt', 'is', null);
}

/** Schools where the person is a current student, and whether a linked parent's consent stands there. */
export function studentSchools(db: Database, personId: number, today: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .where('m.personId', '=', personId)
    .where('m.profile', '=', 'student')
    .where('m.startsOn', '<=', today)
    .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
    .where('i.closedAt', 'is', null)
    .select('m.institutionId')
    .select((eb) =>
      eb
        .exists(
          standingConsents(db)
            .where('mc.institutionId', '=', sql.ref<number>('m.institutionId'))
            .where('mc.childPersonId', '=', personId)
            .select('mc.id'),
        )
        .as('consented'),
    )
    .execute();
}

/**
 * A parent's children at one school (linked, still students there) with every standing consent for each.
 * The same visibility as GET /me/children.
 */
export function childrenWithConsents(db: Database, institutionId: number, parentPersonId: number, today: string) {
  return currentChildLinks(db, institutionId, parentPersonId, today)
    .select(['p.id as childPersonId', 'g.institutionId', 'p.surname', 'p.firstName', 'p.patronymic', 'p.birthDate'])
    .select(() =>
      jsonArrayFrom(
        standingConsents(db)
          .innerJoin('persons as cp', 'cp.id', 'mc.parentPersonId')
          .where('mc.institutionId', '=', sql.ref<number>('g.institutionId'))
          .where('mc.childPersonId', '=', sql.ref<number>('g.childPersonId'))
          .select(['mc.parentPersonId', 'mc.givenAt', 'cp.surname', 'cp.firstName'])
          .orderBy('mc.givenAt'),
      ).as('consents'),
    )
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .execute();
}
export type ChildConsentRow = Awaited<ReturnType<typeof childrenWithConsents>>[number];

/** Administrators of a school who can be written to, with the language to write in. */
export function schoolAdminsWithEmail(db: Database, institutionId: number, today: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .innerJoin('accounts as a', 'a.personId', 'm.personId')
    .where('m.institutionId', '=', institutionId)
    .where('m.isAdmin', '=', true)
    .where('m.startsOn', '<=', today)
    .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
    .where('p.email', 'is not', null)
    .where('p.deletedAt', 'is', null)
    .where('a.status', '=', 'active')
    .select(['p.id', 'p.email', 'a.locale'])
    .distinct()
    .execute();
}
