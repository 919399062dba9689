import { API_SCOPE_NAMES } from '@common/api-scopes.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { forbidden } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor, ActorMembership } from '../auth/actor.js';
import { listActiveMemberships } from '../auth/session.repository.js';
import { schoolsEnabling } from './api-clients.repository.js';
import { insertApiToken, revokeGrant, setTokenContext } from './tokens.repository.js';

/** Defaults of API_ACCESS_TOKEN_MINUTES and API_REFRESH_TOKEN_DAYS (server/config.ts). */
export const DEFAULT_TOKEN_TTL = { accessMinutes: 24 * 60, refreshDays: 60 };
export type TokenTtl = typeof DEFAULT_TOKEN_TTL;

/** Client used when a caller (another module's test) asks for a token without naming a client. */
export const TEST_CLIENT_ID = 'dapter-test-client';

export interface IssuedApiToken {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives (the v2 login's `expiresIn`). */
  expiresIn: number;
  expiresAt: Date;
  tokenId: number;
  apiClientId: number;
  personId: number;
  scope: string;
}

/** New opaque access + refresh secrets and their expiries; only the hashes go to the database. */
export function newTokenPair(now: Date, ttl: TokenTtl = DEFAULT_TOKEN_TTL) {
  const accessToken = newToken();
  const refreshToken = newToken();
  return {
    accessToken,
    refreshToken,
    accessHash: sha256(accessToken),
    refreshHash: sha256(refreshToken),
    expiresIn: ttl.accessMinutes * 60,
    expiresAt: new Date(now.getTime() + ttl.accessMinutes * 60_000),
    refreshExpiresAt: new Date(now.getTime() + ttl.refreshDays * 86_400_000),
  };
}

/**
 * Registers (once) the test client and enables it at every institution the person is a member of, so a token
 * issued without a client resolves like a real one. Never called by a production path with a client given.
 */
async function testClientFor(db: Database, personId: number): Promise<number> {
  const owner = await db.selectFrom('institutions').where('kind', '=', 'ministry').select('id').executeTakeFirst();
  const anyInstitution =
    owner ?? (await db.selectFrom('institutions').select('id').orderBy('id').executeTakeFirstOrThrow());
  const client = await db
    .insertInto('apiClients')
    .values({
      name: 'Test client',
      clientId: TEST_CLIENT_ID,
      secretHash: sha256(newToken()),
      ownerInstitutionId: anyInstitution.id,
    })
    .onConflict((oc) => oc.column('clientId').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('apiClientSchools')
    .columns(['schoolId', 'apiClientId'])
    .expression((eb) =>
      eb
        .selectFrom('memberships')
        .where('personId', '=', personId)
        .select(['institutionId', sql<number>`${client.id}::bigint`.as('apiClientId')])
        .distinct(),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  return client.id;
}

/**
 * Issues an access + refresh token pair for a person and a client (`clientId`: the client's row id or its
 * public client_id; omitted → the test client). The caller has already checked the password, the client and
 * that a school of the person enabled it (the v2 login does). Other modules' tests use it to get a token.
 */
export async function issueApiToken(
  db: Database,
  input: {
    personId: number;
    clientId?: number | string;
    scope?: string;
    now?: Date;
    membershipId?: number | null;
    ttl?: TokenTtl;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<IssuedApiToken> {
  const now = input.now ?? new Date();
  let apiClientId: number;
  if (input.clientId === undefined) apiClientId = await testClientFor(db, input.personId);
  else if (typeof input.clientId === 'number') apiClientId = input.clientId;
  else {
    const row = await db
      .selectFrom('apiClients')
      .where('clientId', '=', input.clientId)
      .select('id')
      .executeTakeFirstOrThrow();
    apiClientId = row.id;
  }
  // The token's context: the given membership, else the person's first active one at a school that enabled the
  // client (a parent's children are reached through that membership's guardianships like on the web).
  const today = localDate(now);
  const membership =
    input.membershipId != null
      ? await db
          .selectFrom('memberships')
          .where('id', '=', input.membershipId)
          .where('personId', '=', input.personId)
          .select(['id', 'institutionId'])
          .executeTakeFirst()
      : await db
          .selectFrom('memberships as m')
          .innerJoin('apiClientSchools as cs', (j) =>
            j.onRef('cs.schoolId', '=', 'm.institutionId').on('cs.apiClientId', '=', apiClientId),
          )
          .where('m.personId', '=', input.personId)
          .where('m.startsOn', '<=', today)
          .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', today)]))
          .orderBy('m.isAdmin', 'desc')
          .orderBy('m.id')
          .select(['m.id', 'm.institutionId'])
          .executeTakeFirst();
  const pair = newTokenPair(now, input.ttl);
  // No scope named (other modules' tests): every scope, so such a token is limited only by the person's rights.
  const scope = input.scope ?? API_SCOPE_NAMES.join(',');
  const row = await insertApiToken(db, {
    accessHash: pair.accessHash,
    refreshHash: pair.refreshHash,
    apiClientId,
    personId: input.personId,
    membershipInstitutionId: membership?.institutionId ?? null,
    membershipId: membership?.id ?? null,
    scope,
    ip: input.ip ?? null,
    userAgent: input.userAgent ?? null,
    now,
    expiresAt: pair.expiresAt,
    refreshExpiresAt: pair.refreshExpiresAt,
  });
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresIn: pair.expiresIn,
    expiresAt: pair.expiresAt,
    tokenId: row.id,
    apiClientId,
    personId: input.personId,
    scope,
  };
}

/**
 * Revokes one grant (its access and refresh token at once) and audits it at each of the person's institutions,
 * like revoking an app: a token is part of the account. False when it was already revoked (nothing audited).
 */
export async function revokeTokenGrant(
  db: Database,
  grant: { id: number; personId: number; apiClientId: number },
  origin: AuditOrigin,
  reason: 'sign_out' | 'refresh_reused',
): Promise<boolean> {
  const revoked = await revokeGrant(db, grant.id, origin.at, reason);
  if (!revoked) return false;
  const memberships = await listActiveMemberships(db, grant.personId, localDate(origin.at));
  await recordAudit(
    db,
    origin,
    memberships.map((m) => ({
      institutionId: m.institutionId,
      action: 'apiToken.revoked',
      subjectType: 'person',
      subjectId: grant.personId,
      after: { apiClientId: grant.apiClientId, tokens: [grant.id], reason },
    })),
  );
  return true;
}

/**
 * `PUT /me/context` with a token: the grant keeps the chosen membership, so the token's next request acts there
 * (a session keeps it on its row the same way). Only a membership at a school that enabled the app: a school that
 * did not must not be reached through another school's switch (403, the membership is the caller's own).
 */
export async function switchTokenContext(
  db: Database,
  actor: Actor,
  target: ActorMembership,
  origin: AuditOrigin,
): Promise<ActorMembership> {
  const tokenId = actor.apiTokenId;
  const apiClientId = actor.apiClientId;
  if (tokenId === undefined || apiClientId === undefined) throw forbidden();
  if (actor.context?.id === target.id) return target;
  const enabled = await schoolsEnabling(db, apiClientId, [target.institutionId]);
  if (enabled.length === 0) throw forbidden();
  await db.transaction().execute(async (trx) => {
    await setTokenContext(trx, tokenId, target.institutionId, target.id);
    await recordAudit(trx, origin, {
      institutionId: target.institutionId,
      action: 'apiToken.contextChanged',
      subjectType: 'person',
      subjectId: actor.personId,
      before: { membershipId: actor.context?.id ?? null },
      after: { membershipId: target.id, apiClientId, tokenId },
    });
  });
  return target;
}
