import { timingSafeEqual } from 'node:crypto';
import { API_SCOPE_NAMES, canonicalScope, scopeSet } from '@common/api-scopes.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { sha256 } from '../../lib/tokens.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { requiredActions } from '../auth/required-actions.js';
import { listActiveMemberships } from '../auth/session.repository.js';
import { forgiveSignInFailures, pruneSignInThrottle, reserveSignInAttempt } from '../auth/throttle.js';
import { V2Error } from '../kundelik/v2.conventions.js';
import { findClientByPublicId, schoolsEnabling } from './api-clients.repository.js';
import { findUsedRefresh, lockGrantByRefresh, rotateGrant } from './tokens.repository.js';
import { issueApiToken, newTokenPair, revokeTokenGrant, type TokenTtl } from './tokens.service.js';

/**
 * The v2 password grant (kundelik-v2-api.md §1.1 A) and its refresh. Every refusal is the documented
 * `{type:"authorizationFailed"}` with status 401 (the reference allows 200 or 4xx; 401 lets clients that read
 * the status stop, and those that read only `type` still see it). Refusals that a person can fix add a
 * `reason` as the mobile API does (FirstLogin / ChangePassword): finish registration on the web first.
 */
export class V2AuthError extends V2Error {
  constructor(
    description: string,
    readonly reason?: 'FirstLogin' | 'ChangePassword',
    status = 401,
    type: 'authorizationFailed' | 'maxAttempsExceeded' = 'authorizationFailed',
    readonly retryAfterSeconds?: number,
  ) {
    super(status, type, description);
  }
}

const failed = (description = "Can't authorize") => new V2AuthError(description);

function sameHash(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const tokenTtl = (deps: AppDeps): TokenTtl => ({
  accessMinutes: deps.config.API_ACCESS_TOKEN_MINUTES,
  refreshDays: deps.config.API_REFRESH_TOKEN_DAYS,
});

/** The registered, enabled client whose secret matches; anything else is one indistinct refusal. */
async function authenticClient(deps: AppDeps, clientId: string | undefined, secret: string | undefined) {
  if (!clientId || !secret) throw failed('Unknown client');
  const client = await findClientByPublicId(deps.db, clientId);
  if (!client || client.disabledAt || !sameHash(client.secretHash, sha256(secret))) throw failed('Unknown client');
  return client;
}

/**
 * The scopes a login grants (common/api-scopes.ts): what the app asked for, within what the client is allowed
 * (a client registered without scopes is not restricted), in the catalogue's spelling ("marks" → "Marks").
 * An app that asks for nothing (several Kundelik clients send no `scope`) gets what its client is allowed, or
 * every scope when the client has no list. Asking only for scopes the client lacks grants none: such a token
 * can sign itself out and nothing else.
 */
export function grantedScope(requested: string | undefined, allowed: string[]): string {
  const asked = (requested ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const allowedSet = scopeSet(allowed.join(','));
  let kept: string[];
  if (asked.length === 0) kept = allowed.length === 0 ? API_SCOPE_NAMES : allowed;
  else kept = allowed.length === 0 ? asked : asked.filter((s) => allowedSet.has(s.toLowerCase()));
  return [...new Set(kept.map(canonicalScope))].join(',');
}

function throttledV2(error: unknown): never {
  if (error instanceof AppError && error.statusCode === 429) {
    throw new V2AuthError(
      'Too many sign-in attempts; wait and retry',
      undefined,
      429,
      'maxAttempsExceeded',
      Number(error.params.seconds ?? 60),
    );
  }
  throw error;
}

export interface V2Credentials {
  username?: string;
  password?: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
}

export async function signInByCredentials(deps: AppDeps, input: V2Credentials, origin: AuditOrigin) {
  const { db, hasher, config } = deps;
  const now = origin.at;
  const client = await authenticClient(deps, input.client_id, input.client_secret);
  const username = (input.username ?? '').trim().toLowerCase();
  const password = input.password ?? '';
  if (!username || !password || username.length > 64 || password.length > 256) throw failed();

  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .where('a.username', '=', username)
    .where('p.deletedAt', 'is', null)
    .select([
      'a.personId',
      'a.passwordHash',
      'a.status',
      'a.passwordIsTemporary',
      'a.tempPasswordExpiresAt',
      'a.registeredAt',
      'a.mustChangePassword',
      'a.passwordChangedAt',
    ])
    .executeTakeFirst();

  // The web sign-in's back-off (auth/throttle.ts), counted before the password is looked at.
  const attempt = { ip: origin.ip, username, personId: account?.personId ?? null };
  const counted = await reserveSignInAttempt(db, config, attempt, now).catch(throttledV2);
  const passwordOk = await hasher.verify(account?.passwordHash, password);
  if (!account) throw failed();

  const memberships = await listActiveMemberships(db, account.personId, localDate(now));
  const audited = (action: string, after?: unknown) =>
    memberships.map((m) => ({
      institutionId: m.institutionId,
      action,
      subjectType: 'person',
      subjectId: account.personId,
      after,
    }));
  const as = { ...origin, actorPersonId: account.personId };

  if (!passwordOk) {
    const after = {
      failedSignIns: counted.failures,
      blockedUntil: counted.blockedUntil?.toISOString() ?? null,
      apiClientId: client.id,
    };
    await recordAudit(db, as, audited('auth.signInFailed', after));
    throw failed();
  }
  const refuse = async (reason: string) => {
    await recordAudit(db, as, audited('auth.signInRefused', { reason, apiClientId: client.id }));
  };
  if (account.status !== 'active') {
    await refuse('accountDisabled');
    throw failed('Account is disabled');
  }
  if (account.passwordIsTemporary && account.tempPasswordExpiresAt && account.tempPasswordExpiresAt <= now) {
    await refuse('tempPasswordExpired');
    throw new V2AuthError(
      'Temporary credentials have expired; ask the school for new ones and sign in on the web first',
      'FirstLogin',
    );
  }
  // Registration (data check, own password, agreement) and password changes happen only in the web cabinet.
  const pending = requiredActions({ ...account, agreementCurrent: true }, config, now);
  if (pending.includes('register')) {
    await refuse('registrationPending');
    throw new V2AuthError(
      `Finish registration on the web first: sign in at ${config.PUBLIC_URL} and set your own password`,
      'FirstLogin',
    );
  }
  if (pending.includes('changePassword')) {
    await refuse('passwordChangePending');
    throw new V2AuthError(`Your password must be changed: sign in at ${config.PUBLIC_URL} first`, 'ChangePassword');
  }

  const enabledAt = new Set(
    await schoolsEnabling(
      db,
      client.id,
      memberships.map((m) => m.institutionId),
    ),
  );
  const context = memberships.find((m) => enabledAt.has(m.institutionId));
  if (!context) {
    await refuse('clientNotEnabled');
    throw failed('This application is not enabled by your school');
  }

  const scope = grantedScope(input.scope, client.scopes);
  const issued = await db.transaction().execute(async (trx) => {
    const token = await issueApiToken(trx, {
      personId: account.personId,
      clientId: client.id,
      scope,
      now,
      membershipId: context.id,
      ttl: tokenTtl(deps),
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    await trx.updateTable('accounts').set({ lastSignInAt: now }).where('personId', '=', account.personId).execute();
    await recordAudit(
      trx,
      { ...as, actorMembershipId: context.id },
      memberships
        .filter((m) => enabledAt.has(m.institutionId))
        .map((m) => ({
          institutionId: m.institutionId,
          action: 'apiToken.issued',
          subjectType: 'person',
          subjectId: account.personId,
          after: { apiClientId: client.id, tokenId: token.tokenId },
        })),
    );
    await forgiveSignInFailures(trx, { ip: origin.ip, personId: account.personId });
    return token;
  });
  await pruneSignInThrottle(db, now);
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    expiresIn: issued.expiresIn,
    user: account.personId,
    user_str: String(account.personId),
    scope,
  };
}

export interface V2Refresh {
  client_id?: string;
  client_secret?: string;
  grant_type?: string;
  refreshToken?: string;
  refresh_token?: string;
}

/**
 * Swaps a refresh token for a new access + refresh pair on the same grant; the used refresh token and the old
 * access token stop working at once (rotation: a leaked refresh token is good for one use at most).
 */
export async function refreshByToken(deps: AppDeps, input: V2Refresh, origin: AuditOrigin) {
  const { db } = deps;
  const now = origin.at;
  const client = await authenticClient(deps, input.client_id, input.client_secret);
  if (input.grant_type !== undefined && input.grant_type.toLowerCase() !== 'refreshtoken') {
    throw failed('Unsupported grant_type');
  }
  const refreshToken = input.refreshToken ?? input.refresh_token;
  if (!refreshToken || refreshToken.length > 200) throw failed('Invalid refresh token');

  const presented = sha256(refreshToken);
  const result = await db.transaction().execute(async (trx) => {
    const grant = await lockGrantByRefresh(trx, presented);
    if (!grant) {
      // A refresh token this grant already swapped: it leaked or was copied. Its holder and the app cannot be
      // told apart, so the whole grant goes — the newest access and refresh tokens too (RFC 6819 §5.2.2.3).
      const used = await findUsedRefresh(trx, presented);
      if (used && used.apiClientId === client.id) {
        const as = { ...origin, actorPersonId: null, actorMembershipId: null };
        await revokeTokenGrant(trx, used, as, 'refresh_reused');
        return 'reused' as const;
      }
      return null;
    }
    if (grant.apiClientId !== client.id || grant.revokedAt || grant.refreshExpiresAt <= now) return null;
    const account = await trx
      .selectFrom('accounts as a')
      .innerJoin('persons as p', 'p.id', 'a.personId')
      .where('a.personId', '=', grant.personId)
      .where('a.status', '=', 'active')
      .where('p.deletedAt', 'is', null)
      .select('a.personId')
      .executeTakeFirst();
    if (!account) return null;
    const memberships = await listActiveMemberships(trx, grant.personId, localDate(now));
    const enabledAt = await schoolsEnabling(
      trx,
      client.id,
      memberships.map((m) => m.institutionId),
    );
    if (enabledAt.length === 0) return null;
    const pair = newTokenPair(now, tokenTtl(deps));
    await rotateGrant(trx, grant.id, {
      usedRefreshHash: presented,
      accessHash: pair.accessHash,
      refreshHash: pair.refreshHash,
      now,
      expiresAt: pair.expiresAt,
      refreshExpiresAt: pair.refreshExpiresAt,
    });
    await recordAudit(
      trx,
      { ...origin, actorPersonId: grant.personId, actorMembershipId: grant.membershipId },
      enabledAt.map((institutionId) => ({
        institutionId,
        action: 'apiToken.refreshed',
        subjectType: 'person',
        subjectId: grant.personId,
        after: { apiClientId: client.id, tokenId: grant.id },
      })),
    );
    return { pair, grant };
  });
  if (result === 'reused') throw failed('Refresh token already used; access is revoked, sign in again');
  if (!result) throw failed('Invalid refresh token');
  return {
    accessToken: result.pair.accessToken,
    refreshToken: result.pair.refreshToken,
    expiresIn: result.pair.expiresIn,
    user: result.grant.personId,
    user_str: String(result.grant.personId),
    scope: result.grant.scope,
  };
}
