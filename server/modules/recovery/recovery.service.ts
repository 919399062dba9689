import type { Locale } from '@common/enums.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { newToken, sha256 } from '../../lib/tokens.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { endAllSessions } from '../auth/session.repository.js';
import { recoveryMail } from '../mail/mail.templates.js';
import { checkNewPassword, setPassword } from '../passwords/password.service.js';
import * as repo from './recovery.repository.js';

/** Agreement 4.18 / ASVS 6.4: a recovery link is single-use and short-lived. */
export const RECOVERY_LINK_MS = 60 * 60_000;
/** Links per account per hour: enough for "it did not arrive", too few to flood someone's mailbox. */
const RECOVERY_LINKS_PER_HOUR = 3;

const invalidToken = () => new AppError(400, 'recovery.invalidToken');

/**
 * Someone asks to recover an account by username or confirmed e-mail. The route answers before this runs (see
 * runInBackground), so the answer is the same — in content and in time — whether or not the account exists, has
 * an address, or may recover (no enumeration, ASVS 6.3.8). Each reachable account gets its own link.
 */
export async function requestRecovery(
  deps: AppDeps,
  login: string,
  origin: AuditOrigin,
  onMailError: (error: unknown) => void,
) {
  const now = origin.at;
  const today = localDate(now);
  const targets = await repo.findRecoveryTargets(deps.db, login, now, today, RECOVERY_LINKS_PER_HOUR);
  if (targets.length === 0) return;

  const issued = targets.map((t) => ({ ...t, token: newToken() }));
  await deps.db.transaction().execute(async (trx) => {
    await repo.issueTokens(
      trx,
      'recovery',
      issued.map((t) => ({
        personId: t.personId,
        tokenHash: sha256(t.token),
        email: null,
        expiresAt: new Date(now.getTime() + RECOVERY_LINK_MS),
      })),
      now,
    );
    const where = await repo.activeInstitutionIds(
      trx,
      issued.map((t) => t.personId),
      today,
    );
    await recordAudit(
      trx,
      origin,
      where.map((w) => ({
        institutionId: w.institutionId,
        action: 'account.recoveryRequested',
        subjectType: 'person',
        subjectId: w.personId,
      })),
    );
  });

  for (const t of issued) {
    // The token travels in the URL fragment: browsers do not send it to the server or in Referer headers.
    const link = `${deps.config.PUBLIC_URL}/reset-password#token=${t.token}`;
    const mail = recoveryMail(t.locale as Locale, { name: t.firstName, username: t.username, link });
    await deps.mailer.send({ to: t.email!, personId: t.personId, ...mail }).catch(onMailError);
  }
}

/**
 * Sets a new password through a recovery link. The link is checked first and used only once the new password
 * passes the policy, so a refused password does not burn it. Every session of the person ends: whoever was
 * signed in with the forgotten (or stolen) password is out.
 */
export async function completeRecovery(deps: AppDeps, token: string, newPassword: string, origin: AuditOrigin) {
  const now = origin.at;
  const today = localDate(now);
  const tokenHash = sha256(token);
  const live = await repo.findLiveToken(deps.db, 'recovery', tokenHash, now);
  if (!live || !(await repo.accountStillRecoverable(deps.db, live.personId, today))) throw invalidToken();
  await checkNewPassword(deps, deps.db, live.personId, newPassword);

  await deps.db.transaction().execute(async (trx) => {
    const used = await repo.consumeToken(trx, 'recovery', tokenHash, now);
    if (!used) throw invalidToken();
    await setPassword(deps, trx, used.personId, newPassword, now);
    await endAllSessions(trx, used.personId, now, 'password_recovered');
    const where = await repo.activeInstitutionIds(trx, [used.personId], today);
    await recordAudit(
      trx,
      { ...origin, actorPersonId: used.personId },
      where.map((w) => ({
        institutionId: w.institutionId,
        action: 'account.passwordRecovered',
        subjectType: 'person',
        subjectId: w.personId,
      })),
    );
  });
}
