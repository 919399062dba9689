/**
 * The Redis client for the rate-limit counters when REDIS_URL is set. @fastify/rate-limit brings its own Redis
 * store (an atomic Lua INCR + PEXPIRE per hit); it wants an ioredis client.
 *
 * ioredis is loaded only here and only when Redis is configured, through a module name the compiler does not
 * resolve: a deployment without Redis needs neither the package nor its types.
 */
export interface RedisClient {
  quit(): Promise<unknown>;
  disconnect(): void;
  ping(): Promise<string>;
  on(event: 'error', listener: (error: { code?: string; message?: string }) => void): unknown;
}

type RedisCtor = new (url: string, options: Record<string, unknown>) => RedisClient;

export class RedisUnavailableError extends Error {}

export async function openRedis(url: string): Promise<RedisClient> {
  const moduleName = 'ioredis';
  let Redis: RedisCtor | undefined;
  try {
    const mod = (await import(moduleName)) as { Redis?: RedisCtor; default?: RedisCtor & { Redis?: RedisCtor } };
    Redis = mod.Redis ?? mod.default?.Redis ?? mod.default;
  } catch {
    // fall through to the message below
  }
  if (!Redis)
    throw new RedisUnavailableError('REDIS_URL is set but the ioredis package is missing: npm install ioredis');
  // Fail fast: a request waits at most half a second for the counter (the plugin's recommended settings).
  const client = new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false });
  // Without a listener ioredis reports every failed reconnect as an unhandled error. Say it at most once a minute
  // (the code only: messages may carry the URL); the rate limiter lets requests through meanwhile (skipOnError).
  let reported = false;
  client.on('error', (error) => {
    if (reported) return;
    reported = true;
    console.error(`rate-limit Redis unavailable (${error.code ?? 'error'}); requests are not rate limited meanwhile`);
    setTimeout(() => {
      reported = false;
    }, 60_000).unref();
  });
  return client;
}
