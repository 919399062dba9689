import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { insertApiToken } from './tokens.repository.js';

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
  const scope = input.scope ?? '';
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
