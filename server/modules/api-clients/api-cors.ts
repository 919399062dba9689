import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { presentedApiToken } from './token-actor.js';

/** Registered origins are re-read at most this often (and at once after a change made by this process). */
const ORIGINS_TTL_MS = 30_000;
let originsVersion = 0;

/** Called after any change to clients, their origins or the schools enabling them. */
export function invalidateApiOrigins() {
  originsVersion += 1;
}

const V2_PATH = /^\/v2(?:\.0)?(?:[/?]|$)/;
const TOKEN_HEADER = /(?:^|,)\s*(?:authorization|access-token)\s*(?:,|$)/i;

/** Browser origins of enabled clients (not disabled, enabled by at least one school). */
async function enabledOrigins(db: Database): Promise<Set<string>> {
  const { rows } = await sql<{ origin: string }>`
    select distinct unnest(c.allowed_origins) as origin
      from api_clients c
     where c.disabled_at is null
       and exists (select 1 from api_client_schools s where s.api_client_id = c.id)`.execute(db);
  return new Set(rows.map((r) => r.origin));
}

/**
 * CORS for third-party browser apps (issue 8 §2, reference §5.7): on /v2, /v2.0 and token-carrying /api/v1
 * calls, an origin registered by an enabled client may call with the Access-Token / Authorization header.
 * Never Access-Control-Allow-Credentials: a cross-origin page must not ride on a user's cookie session, so
 * /api/v1 answers CORS only to requests that present (or, in a preflight, announce) a token header.
 * Everything else gets no CORS headers, and a preflight for it a 404.
 */
export async function registerApiCors(app: FastifyInstance, db: Database) {
  let cache: { at: number; version: number; origins: Set<string> } | null = null;
  const origins = async () => {
    const now = Date.now();
    if (!cache || cache.version !== originsVersion || now - cache.at > ORIGINS_TTL_MS) {
      cache = { at: now, version: originsVersion, origins: await enabledOrigins(db) };
    }
    return cache.origins;
  };

  await app.register(fastifyCors, {
    hideOptionsRoute: true,
    delegator: async (request: FastifyRequest) => {
      const origin = request.headers.origin;
      if (!origin) return { origin: false };
      const url = request.url;
      const v2 = V2_PATH.test(url);
      if (!v2 && !url.startsWith('/api/v1/')) return { origin: false };
      if (!v2) {
        const announced = request.headers['access-control-request-headers'];
        const withToken =
          request.method === 'OPTIONS'
            ? typeof announced === 'string' && TOKEN_HEADER.test(announced)
            : presentedApiToken(request) !== null;
        if (!withToken) return { origin: false };
      }
      if (!(await origins()).has(origin)) return { origin: false };
      return {
        origin,
        credentials: false,
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['Access-Token', 'Authorization', 'Content-Type'],
        exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
        maxAge: 600,
      };
    },
  });
}
