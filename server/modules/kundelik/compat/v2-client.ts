import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../../app.js';
import { TokenResponse } from './schemas.js';
import { validateAgainst } from './validate.js';

/**
 * A v2 client as the reference's clients behave (kundelik-v2-api.md §1.0, §1.1): snake_case password login,
 * `Access-Token` header or `?access_token=` query, `/v2` or `/v2.0` prefix. Test-only.
 */
export type Prefix = '/v2' | '/v2.0';
export type TokenTransport = 'header' | 'query';

export interface V2Credentials {
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
}

/** The Kundelik scope string the clients send (§1.1 A). */
export const KUNDELIK_SCOPE =
  'Schools,Relatives,EduGroups,Lessons,marks,EduWorks,Avatar,EducationalInfo,CommonInfo,ContactInfo,FriendsAndRelatives,Files,Wall,Messages';

export interface V2Token {
  accessToken: string;
  refreshToken: string;
  user: number;
  user_str: string;
  expiresIn: number;
  scope: string;
}

/** The raw login call, exactly as KEK / KUN / J2ME send it. */
export function postByCredentials(app: App, creds: V2Credentials, prefix: Prefix = '/v2') {
  return app.inject({
    method: 'POST',
    url: `${prefix}/authorizations/bycredentials`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      username: creds.username,
      password: creds.password,
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      scope: KUNDELIK_SCOPE,
    }),
  });
}

/** Signs in through the v2 login; throws with the body when it does not answer a schema-valid token. */
export async function v2SignIn(app: App, creds: V2Credentials, prefix: Prefix = '/v2'): Promise<V2Token> {
  const res = await postByCredentials(app, creds, prefix);
  if (res.statusCode !== 200) {
    throw new Error(`v2 login of ${creds.username} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  const body = res.json() as V2Token;
  const problems = validateAgainst(TokenResponse, body, `POST ${prefix}/authorizations/bycredentials`);
  if (problems.length) throw new Error(problems.join('\n'));
  return body;
}

/** `path` is after the prefix (may carry a query); the token goes in the header or the query string. */
export function v2Request(
  app: App,
  token: string | null,
  path: string,
  opts: {
    prefix?: Prefix;
    transport?: TokenTransport;
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    body?: unknown;
  } = {},
): Promise<LightMyRequestResponse> {
  const prefix = opts.prefix ?? '/v2';
  const transport = opts.transport ?? 'header';
  let url = `${prefix}${path}`;
  const headers: Record<string, string> = {};
  if (token !== null) {
    if (transport === 'header') headers['access-token'] = token;
    else url += `${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
  }
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return app.inject({
    method: opts.method ?? 'GET',
    url,
    headers,
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
}

/** Parses a JSON body (v2 errors and results are always JSON), or says why it could not. */
export function jsonOf(res: LightMyRequestResponse): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(res.body) };
  } catch {
    return {
      ok: false,
      error: `not JSON (${res.headers['content-type'] ?? 'no content-type'}): ${res.body.slice(0, 200)}`,
    };
  }
}
