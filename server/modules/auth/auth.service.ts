import type { SignIn } from '@common/schemas/auth.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from './actor.js';
import { createSession, endSession, listActiveMemberships } from './session.repository.js';

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
    .select(['a.personId', 'a.passwordHash', 'a.status'])
    .executeTakeFirst();

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
    await recordAudit(db, as, audited('auth.signInFailed'));
    throw new AppError(401, 'invalidCredentials');
  }
  if (account.status !== 'active') {
    await recordAudit(db, as, audited('auth.signInRefused'));
    throw new AppError(403, 'accountDisabled');
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
  });
  return { token, expiresAt };
}

export async function signOut(deps: AppDeps, actor: Actor, origin: AuditOrigin) {
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
