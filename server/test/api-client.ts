import type { paths } from '@common/api/v1.js';
import createClient, { type Client } from 'openapi-fetch';
import type { App } from '../app.js';
import { SESSION_COOKIE } from '../plugins/auth.js';

/**
 * The typed client of /api/v1 (issue 8 §3): openapi-fetch over the types generated from the OpenAPI document
 * (common/api/v1.d.ts), so tsc checks every path, parameter, body and response field a test uses against the
 * document — and the drift test keeps the document equal to the code. Requests go through `app.inject`, not a
 * socket: the same router, hooks and schemas as a real client.
 */
export type ApiClient = Client<paths>;

/** How the client authenticates: the web app's session cookie (+ CSRF header on writes), an API token, or none. */
export type ApiAuth = { session: string; csrfToken: string } | { bearer: string } | null;

export function apiClient(app: App, auth: ApiAuth = null, extraHeaders: Record<string, string> = {}): ApiClient {
  return createClient<paths>({
    baseUrl: 'http://dapter.test',
    fetch: async (request) => {
      const headers: Record<string, string> = { ...Object.fromEntries(request.headers), ...extraHeaders };
      if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
      if (auth && 'session' in auth) {
        headers.cookie = `${SESSION_COOKIE}=${auth.session}`;
        if (request.method !== 'GET') headers['x-csrf-token'] = auth.csrfToken;
      }
      const url = new URL(request.url);
      const body = request.body ? await request.text() : undefined;
      const res = await app.inject({
        method: request.method as 'GET',
        url: `${url.pathname}${url.search}`,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(v));
      }
      // A Response for 204/304 must have no body at all.
      const empty = res.statusCode === 204 || res.statusCode === 304;
      return new Response(empty ? null : new Uint8Array(res.rawPayload), {
        status: res.statusCode,
        headers: responseHeaders,
      });
    },
  });
}

export interface SignedInApi {
  api: ApiClient;
  personId: number;
  csrfToken: string;
  session: string;
}

/** Signs in through the typed client (POST /auth/sign-in, then GET /me for the CSRF token), like the web app. */
export async function signInApi(app: App, username: string, password: string): Promise<SignedInApi> {
  const signIn = await apiClient(app).POST('/api/v1/auth/sign-in', { body: { username, password } });
  if (!signIn.response.ok) throw new Error(`sign-in of ${username} failed: ${signIn.response.status}`);
  const cookies = signIn.response.headers.get('set-cookie') ?? '';
  const session = new RegExp(`(?:^|[;,]\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookies)?.[1];
  if (!session) throw new Error('no session cookie');
  const me = await apiClient(app, { session, csrfToken: '' }).GET('/api/v1/me');
  if (!me.data) throw new Error(`GET /me failed: ${me.response.status}`);
  const { csrfToken, personId } = me.data;
  return { api: apiClient(app, { session, csrfToken }), personId, csrfToken, session };
}
