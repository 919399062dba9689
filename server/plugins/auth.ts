import { timingSafeEqual } from 'node:crypto';
import type { ApiScope } from '@common/api-scopes.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { AppError, unauthenticated } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { localDate } from '../lib/clock.js';
import { sha256 } from '../lib/tokens.js';
import { apiTokenActor, presentedApiToken } from '../modules/api-clients/token-actor.js';
import type { Actor } from '../modules/auth/actor.js';
import { requiredActions } from '../modules/auth/required-actions.js';
import { findLiveSession, touchSession } from '../modules/auth/session.repository.js';
import { defaultRouteScope, grantAllows } from '../policies/api-scopes.js';
import { setRequestLocale } from './i18n.js';

export { presentedApiToken };

export const SESSION_COOKIE = 'dapter_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. Everything else is deny-by-default: no session → 401. */
    public?: boolean;
    /** Reachable while the person still has required actions (registration, password change…) pending. */
    allowPending?: boolean;
    /**
     * The scope an API token needs for this route (common/api-scopes.ts); null = none. Omitted → the default of
     * policies/api-scopes.ts, stamped on the route at registration. Cookie sessions are never checked.
     */
    scope?: ApiScope | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_seen_at is written at most this often: a session read must not cost a write. */
const TOUCH_EVERY_MS = 60_000;

function sameSecret(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Requires the signed-in actor; for handlers on non-public routes it is always there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Database; clock: Clock; config: Config }) => {
  const { db, clock, config } = opts;
  app.decorateRequest('actor', null);

  // Every route registered after this plugin (all of /api/v1 and /v2) carries its token scope in its config.
  app.addHook('onRoute', (route) => {
    const own = (route.config ?? {}) as { public?: boolean; scope?: ApiScope | null };
    if (own.public || 'scope' in own) return;
    // A route serving several methods needs the scope of its writing one.
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const method = methods.find((m) => !SAFE_METHODS.has(m)) ?? methods[0] ?? 'GET';
    route.config = { ...own, scope: defaultRouteScope(method, route.url) };
  });

  app.addHook('onRequest', async (request) => {
    // An API token (Access-Token, Bearer, ?access_token=) wins: when one is presented cookies are ignored.
    const apiToken = presentedApiToken(request);
    if (apiToken !== null) {
      request.actor = await apiTokenActor(db, config, apiToken, clock.now());
      if (request.actor) {
        setRequestLocale(request, request.actor.locale);
        // A token acts only within the scopes it was granted; the v2 error handler answers accessDenied.
        const needed = request.routeOptions.config.scope;
        if (!grantAllows(request.actor.apiScope ?? '', needed)) {
          throw new AppError(403, 'apiClients.scopeMissing', { scope: needed ?? '' });
        }
      }
    }
    const token = apiToken === null ? request.cookies[SESSION_COOKIE] : undefined;
    if (token) {
      const now = clock.now();
      const idleCutoff = new Date(now.getTime() - config.SESSION_IDLE_MINUTES * 60_000);
      const row = await findLiveSession(db, sha256(token), now, idleCutoff, localDate(now));
      if (row) {
        const context = row.memberships.find((m) => m.id === row.membershipId) ?? row.memberships[0] ?? null;
        request.actor = {
          personId: row.personId,
          sessionId: row.sessionId,
          username: row.username,
          surname: row.surname,
          firstName: row.firstName,
          patronymic: row.patronymic,
          locale: row.locale,
          passwordIsTemporary: row.passwordIsTemporary,
          requiredActions: requiredActions(row, config, now),
          csrfToken: row.csrfToken,
          memberships: row.memberships,
          context,
        };
        setRequestLocale(request, row.locale);
        if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
          await touchSession(db, row.sessionId, now);
        }
      }
    }

    const isApi = request.url.startsWith('/api/v1/');
    if (!isApi || request.routeOptions.config.public) return;
    if (!request.actor) throw unauthenticated();
    const pending = request.actor.requiredActions;
    if (pending.length > 0 && !request.routeOptions.config.allowPending) {
      throw new AppError(403, 'actionRequired', {}, { requiredActions: pending });
    }
    // Cookie sessions need a CSRF proof on every write: a header a cross-site form cannot set, holding a
    // per-session secret a cross-site script cannot read.
    if (!SAFE_METHODS.has(request.method) && request.actor.via !== 'token') {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, request.actor.csrfToken)) throw new AppError(403, 'csrf');
    }
  });
});
