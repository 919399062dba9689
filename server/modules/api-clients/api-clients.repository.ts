import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

export async function findClientByPublicId(db: Database, clientId: string) {
  return db
    .selectFrom('apiClients')
    .where('clientId', '=', clientId)
    .select(['id', 'name', 'secretHash', 'scopes', 'disabledAt'])
    .executeTakeFirst();
}

/** Which of the given institutions enabled the client. */
export async function schoolsEnabling(db: Database, apiClientId: number, institutionIds: number[]): Promise<number[]> {
  if (institutionIds.length === 0) return [];
  const rows = await db
    .selectFrom('apiClientSchools')
    .where('apiClientId', '=', apiClientId)
    .where('schoolId', 'in', institutionIds)
    .select('schoolId')
    .execute();
  return rows.map((r) => r.schoolId);
}

const clientColumns = [
  'c.id',
  'c.name',
  'c.clientId',
  'c.scopes',
  'c.redirectUris',
  'c.allowedOrigins',
  'c.ownerInstitutionId',
  'c.createdAt',
  'c.secretRotatedAt',
  'c.disabledAt',
] as const;

/** Clients owned by the institution or anything beneath it, with how many schools enabled each. */
export async function listClientsUnder(db: Database, institutionId: number) {
  return db
    .selectFrom('apiClients as c')
    .innerJoin('institutions as o', 'o.id', 'c.ownerInstitutionId')
    .where(sql<boolean>`${institutionId} = any(o.ancestors)`)
    .select(clientColumns)
    .select((eb) =>
      eb
        .selectFrom('apiClientSchools as s')
        .whereRef('s.apiClientId', '=', 'c.id')
        .select((f) => f.fn.countAll<number>().as('n'))
        .as('schools'),
    )
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
}

export async function findClient(db: Database, id: number) {
  return db
    .selectFrom('apiClients as c')
    .innerJoin('institutions as o', 'o.id', 'c.ownerInstitutionId')
    .where('c.id', '=', id)
    .select(clientColumns)
    .select('o.ancestors as ownerAncestors')
    .select((eb) =>
      eb
        .selectFrom('apiClientSchools as s')
        .whereRef('s.apiClientId', '=', 'c.id')
        .select((f) => f.fn.countAll<number>().as('n'))
        .as('schools'),
    )
    .executeTakeFirst();
}

/**
 * The clients a school may enable: those registered by an institution on its path from the Ministry (the
 * Ministry's, its region's, its district's), not disabled, with whether this school enabled each.
 */
export async function listClientsForSchool(db: Database, school: { id: number; ancestors: readonly number[] }) {
  return db
    .selectFrom('apiClients as c')
    .leftJoin('apiClientSchools as s', (j) => j.onRef('s.apiClientId', '=', 'c.id').on('s.schoolId', '=', school.id))
    .where('c.ownerInstitutionId', 'in', [...school.ancestors])
    .where('c.disabledAt', 'is', null)
    .select(['c.id', 'c.name', 'c.clientId', 'c.scopes', 'c.allowedOrigins', 's.enabledAt'])
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
}

/** A person's apps with live tokens (not revoked, refresh token still valid). */
export async function listPersonApps(db: Database, personId: number, now: Date) {
  return db
    .selectFrom('apiTokens as t')
    .innerJoin('apiClients as c', 'c.id', 't.apiClientId')
    .where('t.personId', '=', personId)
    .where('t.revokedAt', 'is', null)
    .where('t.refreshExpiresAt', '>', now)
    .groupBy(['c.id', 'c.name'])
    .select(['c.id', 'c.name'])
    .select((eb) => [
      eb.fn.min('t.createdAt').as('grantedAt'),
      eb.fn.max('t.lastUsedAt').as('lastUsedAt'),
      eb.fn.countAll<number>().as('tokens'),
    ])
    .orderBy('c.name')
    .execute();
}
