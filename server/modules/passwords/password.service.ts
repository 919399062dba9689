import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { notifySecurity } from '../notifications/events.js';
import { findPasswordOwner, recentHashes, rememberHash } from './passwords.repository.js';
import { policyViolation } from './policy.js';

/**
 * The one way a person's own password is set (registration wizard, change, recovery); callers rely only on
 * these two signatures.
 *
 * checkNewPassword throws an AppError (422, errors:password.*) when the password breaks the policy: length,
 * the block-list (common, sequential, the service's name), the person's own names, or reuse — the current
 * password and the last PASSWORD_HISTORY chosen ones (verified against each stored argon2 hash).
 * setPassword stores the hash in `trx` (the caller's transaction), clears temporary/forced flags, stamps
 * password_changed_at and appends to the history; it does not audit (the caller records what happened).
 */
export async function checkNewPassword(deps: AppDeps, db: Database, personId: number, newPassword: string) {
  const owner = await findPasswordOwner(db, personId);
  if (!owner) throw notFound();
  const violation = policyViolation(newPassword, owner, deps.config);
  if (violation) throw new AppError(422, violation.code, violation.params ?? {});

  const keep = deps.config.PASSWORD_HISTORY;
  // The current password always counts, whatever it is: a temporary one must never become the lasting one
  // (ASVS 6.4.1), and "changing" to the same password changes nothing.
  const hashes = [...new Set([owner.passwordHash, ...(await recentHashes(db, personId, keep))])].filter(
    (h): h is string => !!h,
  );
  // argon2 verification runs on libuv's thread pool: checking five hashes costs about one on two cores.
  const matches = await Promise.all(hashes.map((h) => deps.hasher.verify(h, newPassword)));
  if (matches.some(Boolean)) throw new AppError(422, 'password.reused', { count: Math.max(keep, 1) });
}

export async function setPassword(deps: AppDeps, trx: Database, personId: number, newPassword: string, at: Date) {
  const passwordHash = await deps.hasher.hash(newPassword);
  const keep = deps.config.PASSWORD_HISTORY;
  // A password chosen before it went through here (imported, seeded, set before history was kept) is still a
  // previous password: it joins the history now. Temporary ones are not chosen and never come back anyway.
  const previous = await trx
    .selectFrom('accounts')
    .where('personId', '=', personId)
    .select(['passwordHash', 'passwordIsTemporary', 'passwordChangedAt'])
    .executeTakeFirst();
  if (previous?.passwordHash && !previous.passwordIsTemporary) {
    const [newest] = await recentHashes(trx, personId, 1);
    if (newest !== previous.passwordHash) {
      await rememberHash(trx, personId, previous.passwordHash, previous.passwordChangedAt ?? at, keep);
    }
  }
  await trx
    .updateTable('accounts')
    .set({
      passwordHash,
      passwordIsTemporary: false,
      mustChangePassword: false,
      tempPasswordExpiresAt: null,
      passwordChangedAt: at,
      updatedAt: at,
    })
    .where('personId', '=', personId)
    .execute();
  await rememberHash(trx, personId, passwordHash, at, keep);
  // Issue 7 §2: a chosen password replaced by another is an account event the person hears about (a first own
  // password after a temporary one is not news to them).
  if (previous?.passwordHash && !previous.passwordIsTemporary)
    await notifySecurity(trx, deps, personId, 'passwordChanged');
}
