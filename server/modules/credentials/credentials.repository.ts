import type { Locale, Profile, SchoolRole } from '@common/enums.js';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/client.js';

/** Which of these IINs already belong to someone (deleted people too: the unique index covers them). */
export async function takenIins(db: Database, iins: readonly string[]): Promise<Set<string>> {
  if (iins.length === 0) return new Set();
  const rows = await db
    .selectFrom('persons')
    .where('iin', 'in', [...iins])
    .select('iin')
    .execute();
  return new Set(rows.map((r) => r.iin).filter((iin): iin is string => iin !== null));
}

/**
 * Draws `count` person ids from the table's identity sequence in one statement, so the bulk inserts can
 * give every row its id up front and the rows of persons, accounts, memberships and audit line up by index
 * (INSERT … RETURNING order is not something to build on).
 */
export async function reservePersonIds(db: Database, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence('persons', 'id')) as id from generate_series(1, ${count})`.execute(db);
  return rows.map((r) => Number(r.id));
}

export interface NewPersonRow {
  id: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  gender: 'male' | 'female';
  iin: string | null;
}

export interface NewAccountRow {
  personId: number;
  username: string;
  passwordHash: string;
  locale: Locale;
}

/** Persons, accounts and memberships of a batch: one INSERT per table for all of them. */
export async function insertBatch(
  db: Database,
  batch: {
    persons: NewPersonRow[];
    accounts: NewAccountRow[];
    membership: { institutionId: number; profile: Profile; roles: SchoolRole[]; startsOn: string };
    expiresAt: Date;
    at: Date;
  },
): Promise<Map<number, number>> {
  const { at } = batch;
  await db
    .insertInto('persons')
    .values(batch.persons.map((p) => ({ ...p, createdAt: at, updatedAt: at })))
    .execute();
  await db
    .insertInto('accounts')
    .values(
      batch.accounts.map((a) => ({
        ...a,
        passwordIsTemporary: true,
        tempPasswordExpiresAt: batch.expiresAt,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .execute();
  const memberships = await db
    .insertInto('memberships')
    .values(
      batch.persons.map((p) => ({
        institutionId: batch.membership.institutionId,
        personId: p.id,
        profile: batch.membership.profile,
        roles: batch.membership.roles,
        startsOn: batch.membership.startsOn,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .returning(['id', 'personId'])
    .execute();
  return new Map(memberships.map((m) => [m.personId, m.id]));
}

export interface SlipSubjectRow {
  id: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  username: string | null;
  passwordHash: string | null;
  passwordIsTemporary: boolean | null;
  tempPasswordExpiresAt: Date | string | null;
  locale: Locale | null;
  memberships: Array<{
    institutionId: number;
    ancestors: number[];
    nameKk: string;
    nameRu: string;
    nameEn: string;
    startsOn: string;
    endsOn: string | null;
    closedAt: string | null;
  }>;
}

/**
 * People a slip may be printed for, with their account and every membership (the caller judges which of
 * them the actor manages): one statement for any number of people.
 */
export async function findSlipSubjects(db: Database, personIds: readonly number[]): Promise<SlipSubjectRow[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('persons as p')
    .leftJoin('accounts as a', 'a.personId', 'p.id')
    .where('p.id', 'in', [...personIds])
    .where('p.deletedAt', 'is', null)
    .select([
      'p.id',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'a.username',
      'a.passwordHash',
      'a.passwordIsTemporary',
      'a.tempPasswordExpiresAt',
      'a.locale',
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .innerJoin('institutions as i', 'i.id', 'm.institutionId')
          .whereRef('m.personId', '=', 'p.id')
          .select([
            'm.institutionId',
            'i.ancestors',
            'i.nameKk',
            'i.nameRu',
            'i.nameEn',
            'm.startsOn',
            'm.endsOn',
            'i.closedAt',
          ])
          .orderBy('m.startsOn', 'desc')
          .orderBy('m.id'),
      ).as('memberships'),
    )
    .execute();
  return rows as SlipSubjectRow[];
}
