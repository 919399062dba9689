import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { sha256 } from '../../lib/tokens.js';

/**
 * The demo's registered API client (issue 8 §1): fixed, published credentials so `npm run api:demo` and anyone
 * trying the v2 API against the demo can sign in. Demo only — a real client's secret is random and shown once.
 */
export const DEMO_API_CLIENT = {
  name: 'Dapter demo app',
  clientId: 'dapter-demo-client',
  clientSecret: 'dapter-demo-secret-2026',
  /** The Vite dev server and the app itself, so a browser demo can call /v2 cross-origin. */
  allowedOrigins: ['http://localhost:5173', 'http://localhost:3000'],
} as const;

/** Registers the demo client (owned by the Ministry) and enables it at every school of the seeded demo. */
export async function seedDemoApiClient(db: Database) {
  const ministry = await db
    .selectFrom('institutions')
    .where('kind', '=', 'ministry')
    .select('id')
    .executeTakeFirstOrThrow();
  const client = await db
    .insertInto('apiClients')
    .values({
      name: DEMO_API_CLIENT.name,
      clientId: DEMO_API_CLIENT.clientId,
      secretHash: sha256(DEMO_API_CLIENT.clientSecret),
      allowedOrigins: [...DEMO_API_CLIENT.allowedOrigins],
      ownerInstitutionId: ministry.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('apiClientSchools')
    .columns(['schoolId', 'apiClientId'])
    .expression((eb) =>
      eb
        .selectFrom('institutions')
        .where('kind', '=', 'school')
        .where('closedAt', 'is', null)
        .select(['id', sql<number>`${client.id}::bigint`.as('apiClientId')]),
    )
    .execute();
}
