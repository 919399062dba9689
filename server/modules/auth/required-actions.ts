import type { RequiredAction } from '@common/enums.js';
import type { Config } from '../../config.js';
import { DAY_MS } from '../../lib/clock.js';

/**
 * What a signed-in person must do before using the cabinet (user agreement 2.1, 3.2, 4.5):
 * - register: first sign-in with temporary credentials — check personal data, choose a password, accept the
 *   current agreement (the wizard);
 * - changePassword: the password is temporary (re-issued), forced (compromise) or older than the policy allows;
 * - acceptAgreement: a newer agreement version was published since the person accepted one.
 * While any is pending, only routes marked `allowPending` answer; the rest say 403 actionRequired.
 */

export interface AccountState {
  registeredAt: Date | string | null;
  passwordIsTemporary: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date | string | null;
  /** False when a published agreement version newer than the person's last acceptance exists. */
  agreementCurrent: boolean;
}

export function requiredActions(
  state: AccountState,
  policy: Pick<Config, 'PASSWORD_MAX_AGE_DAYS'>,
  now: Date,
): RequiredAction[] {
  if (!state.registeredAt) return ['register'];
  const actions: RequiredAction[] = [];
  const changedAt = state.passwordChangedAt ? new Date(state.passwordChangedAt).getTime() : null;
  const expired =
    policy.PASSWORD_MAX_AGE_DAYS > 0 &&
    changedAt !== null &&
    now.getTime() - changedAt >= policy.PASSWORD_MAX_AGE_DAYS * DAY_MS;
  if (state.passwordIsTemporary || state.mustChangePassword || expired) actions.push('changePassword');
  if (!state.agreementCurrent) actions.push('acceptAgreement');
  return actions;
}
