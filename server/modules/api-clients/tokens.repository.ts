import type { Database } from '../../db/client.js';
import { fixedQuery } from '../../db/fixed-query.js';
import type { ActorMembership } from '../auth/actor.js';
import { liveMemberships } from '../auth/live-memberships.js';

/**
 * A live access token with its account, person, active memberships and the state requiredActions() judges: one
 * round trip per API request, like the session lookup. Live = not revoked, not expired, the client not disabled
 * and still enabled by one of the person's schools (a school that switches a client off cuts its tokens at once).
 */
const liveToken = fixedQuery((db, v: { accessHash: string; now: Date; today: string }) =>
  db
    .selectFrom('apiTokens as t')
    .innerJoin('apiClients as c', 'c.id', 't.apiClientId')
    .innerJoin('accounts as a', 'a.personId', 't.personId')
    .innerJoin('persons as p', 'p.id', 't.personId')
    .where('t.accessHash', '=', v.accessHash)
    .where('t.revokedAt', 'is', null)
    .where('t.expiresAt', '>', v.now)
    .where('c.disabledAt', 'is', null)
    .where('a.status', '=', 'active')
    .where('p.deletedAt', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('apiClientSchools as cs')
          .innerJoin('memberships as em', 'em.institutionId', 'cs.schoolId')
          .whereRef('cs.apiClientId', '=', 't.apiClientId')
          .whereRef('em.personId', '=', 't.personId')
          .where('em.startsOn', '<=', v.today)
          .where((w) => w.or([w('em.endsOn', 'is', null), w('em.endsOn', '>', v.today)]))
          .select('cs.schoolId'),
      ),
    )
    .select([
      't.id as tokenId',
      't.personId',
      't.apiClientId',
      't.membershipId',
      't.scope',
      't.lastUsedAt',
      'a.username',
      'a.locale',
      'a.passwordIsTemporary',
      'a.registeredAt',
      'a.mustChangePassword',
      'a.passwordChangedAt',
      'p.surname',
      'p.firstName',
      'p.patronymic',
    ])
    .select((eb) => liveMemberships(eb, 't.personId', v.today)),
);

export async function findLiveApiToken(db: Database, accessHash: string, now: Date, today: string) {
  const [row] = await liveToken(db, { accessHash, now, today });
  if (!row) return undefined;
  return { ...row, memberships: row.memberships as unknown as ActorMembership[] };
}

export async function touchApiToken(db: Database, tokenId: number, now: Date) {
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', tokenId).execute();
}

export async function insertApiToken(
  db: Database,
  values: {
    accessHash: string;
    refreshHash: string;
    apiClientId: number;
    personId: number;
    membershipInstitutionId: number | null;
    membershipId: number | null;
    scope: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
    refreshExpiresAt: Date;
  },
) {
  const { now, ...rest } = values;
  return db
    .insertInto('apiTokens')
    .values({ ...rest, createdAt: now, lastUsedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The grant behind a refresh token, locked: two concurrent refreshes with one token must not both succeed. */
export async function lockGrantByRefresh(db: Database, refreshHash: string) {
  return db
    .selectFrom('apiTokens')
    .where('refreshHash', '=', refreshHash)
    .select(['id', 'apiClientId', 'personId', 'scope', 'revokedAt', 'refreshExpiresAt', 'membershipId'])
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Swaps the grant's tokens for a new pair and remembers the refresh token it replaced (`usedRefreshHash`), so a
 * replay of that one is recognised as reuse (findUsedRefresh) rather than an unknown token.
 */
export async function rotateGrant(
  db: Database,
  id: number,
  values: {
    usedRefreshHash: string;
    accessHash: string;
    refreshHash: string;
    now: Date;
    expiresAt: Date;
    refreshExpiresAt: Date;
  },
) {
  const { now, usedRefreshHash, ...rest } = values;
  await db
    .updateTable('apiTokens')
    .set({ ...rest, refreshedAt: now, lastUsedAt: now })
    .where('id', '=', id)
    .execute();
  await db
    .insertInto('apiTokenUsedRefreshes')
    .values({ refreshHash: usedRefreshHash, apiTokenId: id, usedAt: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The grant a refresh token belonged to before it was swapped, locked like lockGrantByRefresh. */
export async function findUsedRefresh(db: Database, refreshHash: string) {
  return db
    .selectFrom('apiTokenUsedRefreshes as u')
    .innerJoin('apiTokens as t', 't.id', 'u.apiTokenId')
    .where('u.refreshHash', '=', refreshHash)
    .select(['t.id', 't.apiClientId', 't.personId', 't.membershipId', 't.revokedAt'])
    .forUpdate('t')
    .executeTakeFirst();
}

/** Revokes one grant (its access and refresh token); the row when it was live, undefined when already revoked. */
export async function revokeGrant(db: Database, id: number, now: Date, reason: string) {
  return db
    .updateTable('apiTokens')
    .set({ revokedAt: now, revokeReason: reason })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returning(['id', 'apiClientId', 'personId'])
    .executeTakeFirst();
}

/** Points a grant at another of its person's memberships (the token's context, like a session's). */
export async function setTokenContext(db: Database, id: number, institutionId: number, membershipId: number) {
  await db
    .updateTable('apiTokens')
    .set({ membershipInstitutionId: institutionId, membershipId })
    .where('id', '=', id)
    .execute();
}

/** Revokes a person's live tokens of one client (or all clients); returns the revoked rows' client ids. */
export async function revokePersonTokens(
  db: Database,
  personId: number,
  now: Date,
  reason: string,
  apiClientId?: number,
) {
  let q = db
    .updateTable('apiTokens')
    .set({ revokedAt: now, revokeReason: reason })
    .where('personId', '=', personId)
    .where('revokedAt', 'is', null);
  if (apiClientId !== undefined) q = q.where('apiClientId', '=', apiClientId);
  return q.returning(['id', 'apiClientId']).execute();
}
