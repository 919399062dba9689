import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { presentedApiToken } from '../api-clients/token-actor.js';
import type { Actor } from '../auth/actor.js';
import { v2Scope } from './v2.access.js';
import { V2Error, type V2ErrorType } from './v2.conventions.js';

/** Who calls the v2 surface: only API-token actors (server/plugins/auth.ts resolves the token). */

export const DESCRIPTIONS: Partial<Record<V2ErrorType, string>> = {
  tokenRequired: 'You must supply valid token to access method',
  invalidToken: 'Invalid or expired token',
  parameterInvalid: 'Parameter is invalid',
  notFound: 'Resource not found',
  accessDenied: 'Access denied',
  apiRequestLimit: 'Too many requests',
  apiServerError: 'Internal server error',
};
export const v2Error = (status: number, type: V2ErrorType) => new V2Error(status, type, DESCRIPTIONS[type] ?? type);

/** Whether the request presented an API token in any transport (`Access-Token`, Bearer, `?access_token=`). */
export const presentedToken = (request: FastifyRequest) => presentedApiToken(request) !== null;

/**
 * The actor of a v2 call, only when it came from an API token (server/plugins/auth.ts marks it `via: 'token'`):
 * the web session cookie never opens the v2 surface (a third-party page could otherwise ride a signed-in browser).
 */
export function tokenActor(request: FastifyRequest): Actor | null {
  return request.actor?.via === 'token' ? request.actor : null;
}

/** The signed-in token actor; v2 handlers on non-public routes always have one (the guard ran). */
export function v2Actor(request: FastifyRequest): Actor {
  const actor = tokenActor(request);
  if (!actor) throw v2Error(401, 'tokenRequired');
  return actor;
}

/** The caller's v2 read scope (v2.access.ts), for handlers. */
export const scopeOf = (deps: AppDeps, request: FastifyRequest) => v2Scope(deps, v2Actor(request));
