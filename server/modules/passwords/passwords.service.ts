import type { PasswordChange, PasswordPolicy } from '@common/schemas/passwords.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { usesOutbox } from '../../lib/mail.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { endOtherSessions } from '../auth/session.repository.js';
import { checkNewPassword, setPassword } from './password.service.js';
import { MAX_PASSWORD_LENGTH } from './policy.js';

export function passwordPolicy(deps: AppDeps): PasswordPolicy {
  const c = deps.config;
  return {
    minLength: c.PASSWORD_MIN_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    history: Math.max(c.PASSWORD_HISTORY, 1),
    maxAgeDays: c.PASSWORD_MAX_AGE_DAYS,
    mailOutbox: usesOutbox(c),
  };
}

/** Proves the caller knows the password in force (ASVS 6.2.3: a change needs the current and the new one). */
export async function verifyCurrentPassword(deps: AppDeps, personId: number, password: string) {
  const row = await deps.db
    .selectFrom('accounts')
    .where('personId', '=', personId)
    .select('passwordHash')
    .executeTakeFirst();
  if (!(await deps.hasher.verify(row?.passwordHash, password))) throw new AppError(422, 'password.currentWrong');
}

/**
 * A signed-in person replaces their password: by choice, or because it expired, was temporary or was forced.
 * Every other session of theirs ends (ASVS 7.4.3: whoever else holds one is locked out); this one stays.
 * Registration has its own wizard step, so this route waits until the person is registered.
 */
export async function changeOwnPassword(deps: AppDeps, actor: Actor, input: PasswordChange, origin: AuditOrigin) {
  if (actor.requiredActions.includes('register')) {
    throw new AppError(403, 'actionRequired', {}, { requiredActions: actor.requiredActions });
  }
  await verifyCurrentPassword(deps, actor.personId, input.currentPassword);
  await checkNewPassword(deps, deps.db, actor.personId, input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await setPassword(deps, trx, actor.personId, input.newPassword, origin.at);
    await endOtherSessions(trx, actor.personId, actor.sessionId, origin.at, 'password_changed');
    await recordAudit(
      trx,
      origin,
      actor.memberships.map((m) => ({
        institutionId: m.institutionId,
        action: 'account.passwordChanged',
        subjectType: 'person',
        subjectId: actor.personId,
        after: { reason: actor.requiredActions.includes('changePassword') ? 'required' : 'voluntary' },
      })),
    );
  });
}
