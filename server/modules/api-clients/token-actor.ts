import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { localDate } from '../../lib/clock.js';
import { sha256 } from '../../lib/tokens.js';
import type { Actor } from '../auth/actor.js';
import { requiredActions } from '../auth/required-actions.js';
import { schoolsEnabling } from './api-clients.repository.js';
import { findLiveApiToken, touchApiToken } from './tokens.repository.js';

/** last_used_at is written at most this often, like a session's last_seen_at. */
const TOUCH_EVERY_MS = 60_000;
const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** Our tokens are 43 base64url characters; anything far longer is not worth hashing. */
const MAX_TOKEN_LENGTH = 200;

/**
 * The API token a request presents, if any: the `Access-Token` header (every Kundelik v2 client), an
 * `Authorization: Bearer` header (issue 8 §3) or the `access_token` query parameter (old v1/PHP clients).
 * An empty or absurdly long value counts as presented (and then fails): a client that meant to send a token
 * must get 401 invalidToken, never be treated as its browser's cookie session.
 */
export function presentedApiToken(request: FastifyRequest): string | null {
  const header = request.headers['access-token'];
  let value: string | undefined;
  if (typeof header === 'string') value = header.trim();
  else if (Array.isArray(header)) value = header[0]?.trim() ?? '';
  else {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && /^bearer\b/i.test(authorization)) {
      value = BEARER.exec(authorization)?.[1] ?? '';
    } else {
      const query = request.query as Record<string, unknown> | undefined;
      const param = query?.access_token;
      if (typeof param === 'string') value = param.trim();
      else if (Array.isArray(param)) value = String(param[0] ?? '');
    }
  }
  if (value === undefined) return null;
  return value.length > MAX_TOKEN_LENGTH ? '' : value;
}

/**
 * The actor a live access token stands for: the same shape and the same memberships a cookie session of that
 * person gets, so every policy applies unchanged. No session and no CSRF secret (`via: 'token'` turns the CSRF
 * check off: a token is sent deliberately, never attached by the browser). Null when the token is unknown,
 * expired, revoked, or its client was disabled or switched off by the person's schools.
 */
export async function apiTokenActor(db: Database, config: Config, token: string, now: Date): Promise<Actor | null> {
  if (!token) return null;
  const row = await findLiveApiToken(db, sha256(token), now, localDate(now));
  if (!row) return null;
  if (now.getTime() - new Date(row.lastUsedAt).getTime() > TOUCH_EVERY_MS) await touchApiToken(db, row.tokenId, now);
  let context = row.memberships.find((m) => m.id === row.membershipId) ?? null;
  if (!context) {
    // The chosen membership has ended (rare, so a second query only then): the first one at a school that still
    // enables the client — never one at a school that did not, which the token must not reach.
    const ids = row.memberships.map((m) => m.institutionId);
    const enabled = new Set(await schoolsEnabling(db, row.apiClientId, ids));
    context = row.memberships.find((m) => enabled.has(m.institutionId)) ?? null;
  }
  return {
    personId: row.personId,
    sessionId: 0,
    via: 'token',
    apiTokenId: row.tokenId,
    apiClientId: row.apiClientId,
    apiScope: row.scope,
    username: row.username,
    surname: row.surname,
    firstName: row.firstName,
    patronymic: row.patronymic,
    locale: row.locale,
    passwordIsTemporary: row.passwordIsTemporary,
    // The agreement is accepted on the web; an app cannot show it, so it does not block a token.
    requiredActions: requiredActions({ ...row, agreementCurrent: true }, config, now),
    csrfToken: '',
    memberships: row.memberships,
    context,
  };
}
