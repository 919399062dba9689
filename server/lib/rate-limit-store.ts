import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { openRedis, type RedisClient } from './rate-limit-store.redis.js';
import type { Job } from './scheduler.js';
import { sha256 } from './tokens.js';

/**
 * Rate-limit counters in the database, shared by every process on it (WORKERS=N, several machines): a caller
 * whose requests a load balancer spreads over processes meets the same limit as on one process.
 *
 * One statement per request: an upsert that adds the hit and returns the count and the time left. The window
 * starts at the key's first hit and lasts `timeWindow` (the in-memory and Redis stores of @fastify/rate-limit
 * behave the same); a hit after the window's end starts a new one. Time is the database's (statement_timestamp),
 * so processes with slightly different clocks still agree. The table is UNLOGGED (migration 0018).
 */
const KEY_MAX = 200;

interface RouteInfo {
  routeInfo?: { method?: string | string[]; url?: string };
}

export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      incrementCounter(db, this.prefix + key, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: unknown) {
      // Each route with its own limit counts apart, like the Redis store's per-route key prefix.
      const { routeInfo } = routeOptions as RouteInfo;
      const method = Array.isArray(routeInfo?.method) ? routeInfo.method.join(',') : (routeInfo?.method ?? '');
      return new DatabaseStore(undefined, `${this.prefix}${method}${routeInfo?.url ?? ''}-`);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}

export async function incrementCounter(db: Database, rawKey: string, windowMs: number) {
  // Session keys are hashes already; a long route + key is hashed so the row stays small.
  const key = rawKey.length > KEY_MAX ? `#${sha256(rawKey)}` : rawKey;
  const window = Math.max(1, Math.trunc(windowMs));
  const { rows } = await sql<{ hits: number; ttl: number }>`
    insert into rate_limit_counters as c (key, window_ms, hits, expires_at)
    values (${key}, ${window}, 1, statement_timestamp() + make_interval(secs => ${window} / 1000.0))
    on conflict (key, window_ms) do update
      set hits = case when c.expires_at <= statement_timestamp() then 1 else c.hits + 1 end,
          expires_at = case when c.expires_at <= statement_timestamp() then excluded.expires_at else c.expires_at end
    returning c.hits,
      greatest(0, ceil(extract(epoch from c.expires_at - statement_timestamp()) * 1000))::integer as ttl`.execute(db);
  const row = rows[0]!;
  return { current: row.hits, ttl: row.ttl };
}

/** Deletes counters whose window ended (a minute's grace keeps a row a racing request may still update). */
export async function deleteExpiredCounters(db: Database) {
  const result = await db
    .deleteFrom('rateLimitCounters')
    .where('expiresAt', '<', sql<Date>`statement_timestamp() - interval '1 minute'`)
    .executeTakeFirst();
  return { deleted: Number(result.numDeletedRows) };
}

const FIVE_MINUTES = 5 * 60_000;

/** The cleanup job, registered only when the counters live in the database. Idempotent: any process may run it. */
export function rateLimitJobs(db: Database): Job[] {
  return [{ name: 'rate-limit-cleanup', everyMs: FIVE_MINUTES, run: () => deleteExpiredCounters(db) }];
}

export interface RateLimitBackend {
  /** Options for @fastify/rate-limit: a store class, or an ioredis client, or nothing (its in-memory store). */
  options: { store?: FastifyRateLimitStoreCtor; redis?: RedisClient; skipOnError?: boolean };
  jobs: Job[];
  close(): Promise<void>;
}

/** The counters' home for config.rateLimitStore (RATE_LIMIT_STORE, resolved in config.ts). */
export async function rateLimitBackend(
  config: Pick<Config, 'rateLimitStore' | 'REDIS_URL'>,
  db: Database,
): Promise<RateLimitBackend> {
  const none = async () => undefined;
  if (config.rateLimitStore === 'database') {
    return { options: { store: databaseRateLimitStore(db) }, jobs: rateLimitJobs(db), close: none };
  }
  if (config.rateLimitStore === 'redis' && config.REDIS_URL) {
    const redis = await openRedis(config.REDIS_URL);
    // Redis down must not take every write down with it: the limiter lets requests through meanwhile.
    return {
      options: { redis, skipOnError: true },
      jobs: [],
      close: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }
  return { options: {}, jobs: [], close: none };
}
