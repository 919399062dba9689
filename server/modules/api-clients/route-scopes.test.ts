import { API_SCOPES, type ApiScope, scopeSet } from '@common/api-scopes.js';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { DB } from '../../db/schema.js';
import { ManualClock } from '../../lib/clock.js';
import { MemoryMailer } from '../../lib/mail.js';
import { PasswordHasher, TEST_COST } from '../../lib/password.js';
import { KUNDELIK_SCOPE } from '../kundelik/compat/v2-client.js';
import { grantedScope } from './v2-auth.service.js';

/**
 * Every API route carries the scope a token needs (policies/api-scopes.ts, stamped by the auth plugin), read from
 * the registered routes themselves: a new route cannot go unscoped, and the whole v2 surface stays open to the
 * scope string Kundelik clients send. Builds the app on a query-less Kysely (no database needed).
 */
interface Registered {
  method: string | string[];
  url: string;
  config?: { public?: boolean; scope?: ApiScope | null };
}
const routes: Registered[] = [];
let close: () => Promise<void>;

beforeAll(async () => {
  const db: Database = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  // The route options objects themselves: the auth plugin's onRoute hook stamps `config.scope` on them.
  const app = await buildApp(
    {
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      db,
      clock: new ManualClock(new Date('2026-10-01T04:00:00Z')),
      hasher: new PasswordHasher(TEST_COST),
      mailer: new MemoryMailer(),
    },
    { onRoute: (route) => routes.push(route as Registered) },
  );
  await app.ready();
  close = async () => {
    await app.close();
    await db.destroy();
  };
});
afterAll(() => close());

const api = () =>
  routes.filter((r) => /^\/(api\/v1|v2(\.0)?)\//.test(r.url) && !r.config?.public && r.method !== 'HEAD');
const label = (r: Registered) => `${[r.method].flat().join(',')} ${r.url}`;

describe('route scopes', () => {
  it('every non-public /api/v1 and v2 route names its scope (or none, deliberately)', () => {
    expect(api().length).toBeGreaterThan(100);
    const unscoped = api().filter((r) => r.config?.scope === undefined || !('scope' in (r.config ?? {})));
    expect(unscoped.map(label)).toEqual([]);
    const unknown = api().filter((r) => r.config?.scope != null && !(r.config.scope in API_SCOPES));
    expect(unknown.map(label)).toEqual([]);
  });

  it('a Kundelik client sending its usual scope string reaches every v2 route; v2 reads need a read scope', () => {
    const kundelik = scopeSet(grantedScope(KUNDELIK_SCOPE, []));
    const v2 = api().filter((r) => r.url.startsWith('/v2/'));
    expect(v2.length).toBeGreaterThan(50);
    const closed = v2.filter((r) => r.config?.scope && !kundelik.has(r.config.scope.toLowerCase()));
    expect(closed.map(label)).toEqual([]);
    const readsNeedingWrite = v2.filter(
      (r) => [r.method].flat().includes('GET') && r.config?.scope && API_SCOPES[r.config.scope] !== 'read',
    );
    expect(readsNeedingWrite.map(label)).toEqual([]);
  });
});
