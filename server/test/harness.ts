import type { LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { DbHandle } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import { ManualClock } from '../lib/clock.js';
import { type Mailer, MemoryMailer, settleMail } from '../lib/mail.js';
import { PasswordHasher, TEST_COST } from '../lib/password.js';
import { SESSION_COOKIE } from '../plugins/auth.js';
import { openTestDatabase } from './database.js';

export interface TestApp {
  app: App;
  deps: AppDeps;
  handle: DbHandle;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The real app on a private copy of the migrated database, with a clock the test controls. */
export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
  /** The route's zod schemas (body/querystring/params), for generating malformed input. */
  schema: Record<string, unknown>;
}

export interface TestAppOptions {
  /** The mailer to build from the test's config and database (default: a MemoryMailer), e.g. lib/mail.ts createMailer. */
  mailer?: (config: AppDeps['config'], db: AppDeps['db']) => Mailer;
}

export async function createTestApp(
  env: Record<string, string> = {},
  routes?: RouteInfo[],
  options: TestAppOptions = {},
): Promise<TestApp> {
  const handle = await openTestDatabase();
  const clock = new ManualClock(new Date('2026-10-01T04:00:00Z'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
    // Every injected request comes from one address; the back-off has its own tests (auth/throttle.test.ts).
    SIGNIN_FREE_FAILURES: '100',
    ...env,
  });
  const deps: AppDeps = {
    config,
    db: handle.db,
    clock,
    hasher: new PasswordHasher(TEST_COST),
    mailer: options.mailer ? options.mailer(config, handle.db) : new MemoryMailer(),
  };
  const app = await buildApp(deps, {
    onRoute: (r) => {
      if (!routes) return;
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      const isPublic = (r.config as { public?: boolean } | undefined)?.public === true;
      const schema = ((r as { schema?: Record<string, unknown> }).schema ?? {}) as Record<string, unknown>;
      for (const method of methods)
        if (method !== 'HEAD') routes.push({ method, url: r.url, public: isPublic, schema });
    },
  });
  await app.ready();
  return {
    app,
    deps,
    handle,
    clock,
    close: async () => {
      await app.close();
      await settleMail(deps.mailer);
      await deps.mailer.close?.();
      await handle.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface Client {
  personId: number;
  csrfToken: string;
  cookie: string;
  request(
    method: Method,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** Signs in through the real endpoint and returns a client that sends the cookie and CSRF header. */
export async function signIn(app: App, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie.value } });
  const { csrfToken, personId } = me.json() as { csrfToken: string; personId: number };
  // Objects go as JSON; a string is sent raw (for broken-JSON tests); other JSON values are serialised.
  const request: Client['request'] = (method, url, body, headers = {}) => {
    const raw =
      body === undefined
        ? undefined
        : typeof body === 'string' || (typeof body === 'object' && body !== null)
          ? body
          : JSON.stringify(body);
    return app.inject({
      method,
      url,
      cookies: { [SESSION_COOKIE]: cookie.value },
      headers: {
        'x-csrf-token': csrfToken,
        ...(raw !== undefined && typeof raw === 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(raw === undefined ? {} : { payload: raw as object | string }),
    });
  };
  return {
    personId,
    csrfToken,
    cookie: cookie.value,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}
