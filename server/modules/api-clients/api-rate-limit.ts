import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../lib/tokens.js';
import { V2Error } from '../kundelik/v2.conventions.js';
import { presentedApiToken } from './token-actor.js';

const V2_PATH = /^\/v2(?:\.0)?(?:[/?]|$)/;

/** The rate-limit key of a request presenting an API token: the token's hash (never the token itself). */
export function apiRateLimitKey(request: FastifyRequest): string | null {
  const token = presentedApiToken(request);
  return token === null ? null : `t:${sha256(token)}`;
}

/** 429 in the caller's dialect: `{type:"apiRequestLimit"}` on the v2 API, `{code, message}` elsewhere. */
export function rateLimitedError(request: FastifyRequest, ttlMs: number) {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  if (V2_PATH.test(request.url)) {
    return new V2Error(429, 'apiRequestLimit', `Too many requests; retry in ${seconds} s`);
  }
  return new AppError(429, 'rateLimited', { seconds });
}

/**
 * Per-token limit on every request presenting an API token (reads too: an app polling in a loop must not starve
 * a school's server). Requests without a token are not counted here (sessions keep their per-route write limits).
 * Built on createRateLimit, not rateLimit(): the plugin runs only the first rateLimit() hook of a request, so a
 * global one would switch the routes' own limits (sign-in, writes) off.
 */
export function apiTokenRateLimit(app: FastifyInstance, config: Config) {
  const limiter = app.createRateLimit({
    max: config.RATE_LIMIT_API_TOKEN_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `api${apiRateLimitKey(request) ?? ''}`,
  });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (presentedApiToken(request) === null) return;
    const result = await limiter(request);
    if (result.isAllowed) return;
    reply.header('x-ratelimit-limit', result.max);
    reply.header('x-ratelimit-remaining', result.remaining);
    reply.header('x-ratelimit-reset', result.ttlInSeconds);
    if (!result.isExceeded) return;
    reply.header('retry-after', result.ttlInSeconds);
    throw rateLimitedError(request, result.ttl);
  };
}
