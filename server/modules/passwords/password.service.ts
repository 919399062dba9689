import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';

/**
 * The one way a person's own password is set (registration wizard, change, recovery). The passwords
 * workstream extends it with the policy (length, block-list, history); callers rely only on this signature.
 *
 * checkNewPassword throws an AppError (422, errors:password.*) when the password breaks the policy.
 * setPassword stores the hash in `trx` (the caller's transaction), clears temporary/forced flags and stamps
 * password_changed_at; it does not audit (the caller records what happened, e.g. registration.completed).
 */
export async function checkNewPassword(
  _deps: AppDeps,
  _db: Database,
  _personId: number,
  _newPassword: string,
): Promise<void> {}

export async function setPassword(deps: AppDeps, trx: Database, personId: number, newPassword: string, at: Date) {
  const passwordHash = await deps.hasher.hash(newPassword);
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
}
