import type { SignIn } from '@common/schemas/auth.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { revokeTokenGrant } from '../api-clients/tokens.service.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from './actor.js';
import { createSession, endSession, listActiveMemberships } from './session.repository.js';
import { forgiveSignInFailures, pruneSignInThrottle, reserveSignInAttempt } from './throttle.js';

/**
 * Verifies the password and opens a session. Failures say only "wrong username or password" whichever
 * part was wrong; a failed attempt on a real account is audited at each of the person's institutions.
 */
export async function signIn(deps: AppDeps, input: SignIn, origin: AuditOrigin) {
  const { db, hasher, config } = deps;
  const now = origin.at;
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .where('a.username', '=', input.username)
    .where('p.deletedAt', 'is', null)
    .select(['a.personId', 'a.passwordHash', 'a.status', 'a.passwordIsTemporary', 'a.tempPasswordExpiresAt'])
    .executeTakeFirst();

  // Back-off (throttle.ts): counted before the password is looked at; 429 while a wait runs.
  const attempt = { ip: origin.ip, username: input.username, personId: account?.personId ?? null };
  const counted = await reserveSignInAttempt(db, config, attempt, now);
  const passwordOk = await hasher.verify(account?.passwordHash, input.password);
  if (!account) throw new AppError(401, 'invalidCredentials');

  const memberships = await listActiveMemberships(db, account.personId, localDate(now));
  const audited = (action: string) =>
    memberships.map((m) => ({
      institutionId: m.institutionId,
      action,
      subjectType: 'person',
      subjectId: account.personId,
    }));
  const as = { ...origin, actorPersonId: account.personId };

  if (!passwordOk) {
    const after = { failedSignIns: counted.failures, blockedUntil: counted.blockedUntil?.toISOString() ?? null };
    const failed = audited('auth.signInFailed').map((e) => ({ ...e, after }));
    await recordAudit(db, as, failed);
    throw new AppError(401, 'invalidCredentials');
  }
  if (account.status !== 'active') {
    await recordAudit(db, as, audited('auth.signInRefused'));
    throw new AppError(403, 'accountDisabled');
  }
  // An expired temporary password (TEMP_CREDENTIALS_DAYS) is refused only once it has verified, so the
  // answer tells a guesser nothing; its holder learns to ask for new credentials.
  if (account.passwordIsTemporary && account.tempPasswordExpiresAt && account.tempPasswordExpiresAt <= now) {
    const refused = audited('auth.signInRefused').map((e) => ({ ...e, after: { reason: 'tempPasswordExpired' } }));
    await recordAudit(db, as, refused);
    throw new AppError(403, 'credentials.tempExpired');
  }

  const token = newToken();
  const expiresAt = new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3_600_000);
  const context = memberships[0] ?? null;
  await db.transaction().execute(async (trx) => {
    await createSession(trx, {
      tokenHash: sha256(token),
      personId: account.personId,
      membershipInstitutionId: context?.institutionId ?? null,
      membershipId: context?.id ?? null,
      csrfToken: newToken(),
      ip: origin.ip ?? '',
      userAgent: origin.userAgent,
      now,
      expiresAt,
    });
    await trx.updateTable('accounts').set({ lastSignInAt: now }).where('personId', '=', account.personId).execute();
    await recordAudit(trx, { ...as, actorMembershipId: context?.id ?? null }, audited('auth.signedIn'));
    await forgiveSignInFailures(trx, { ip: origin.ip, personId: account.personId });
  });
  await pruneSignInThrottle(db, now);
  return { token, expiresAt };
}

/**
 * Ends the session — or, called with an API token, revokes that token's grant (access and refresh token): an
 * app signing out must not leave a refresh token behind that could mint new access.
 */
export async function signOut(deps: AppDeps, actor: Actor, origin: AuditOrigin) {
  if (actor.via === 'token' && actor.apiTokenId !== undefined && actor.apiClientId !== undefined) {
    const grant = { id: actor.apiTokenId, personId: actor.personId, apiClientId: actor.apiClientId };
    await deps.db.transaction().execute((trx) => revokeTokenGrant(trx, grant, origin, 'sign_out'));
    return;
  }
  await deps.db.transaction().execute(async (trx) => {
    await endSession(trx, actor.sessionId, origin.at, 'sign_out');
    if (actor.context) {
      await recordAudit(trx, origin, {
        institutionId: actor.context.institutionId,
        action: 'auth.signedOut',
        subjectType: 'person',
        subjectId: actor.personId,
      });
    }
  });
}
