import type { LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { DbHandle } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import { ManualClock } from '../lib/clock.js';
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
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const handle = await openTestDatabase();
  const clock = new ManualClock(new Date('2026-10-01T04:00:00Z'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
    ...env,
  });
  const deps: AppDeps = { config, db: handle.db, clock, hasher: new PasswordHasher(TEST_COST) };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    handle,
    clock,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface Client {
  personId: number;
  csrfToken: string;
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
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      cookies: { [SESSION_COOKIE]: cookie.value },
      headers: { 'x-csrf-token': csrfToken, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    personId,
    csrfToken,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}
