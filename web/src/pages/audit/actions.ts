/** Every action code the server records; the filter suggests them and the table names them. */
export const AUDIT_ACTIONS = [
  'auth.signedIn',
  'auth.signedOut',
  'auth.signInFailed',
  'auth.signInRefused',
  'account.localeChanged',
  'account.passwordReset',
  'account.passwordChanged',
  'account.passwordRecovered',
  'account.recoveryRequested',
  'account.emailConfirmed',
  'account.compromiseReported',
  'session.ended',
  'institution.created',
  'institution.updated',
  'institution.moved',
  'institution.closed',
  'institution.recoverySettingChanged',
  'person.created',
  'person.updated',
  'person.deleted',
  'person.purged',
  'membership.created',
  'membership.ended',
  'membership.sessionsEnded',
  'guardianship.created',
  'guardianship.deleted',
  'registration.completed',
  'agreement.drafted',
  'agreement.published',
  'agreement.accepted',
  'correction.requested',
  'correction.resolved',
  'correction.rejected',
  'consent.given',
  'consent.withdrawn',
] as const;
export const ACTION_GROUPS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0] ?? a))];

/**
 * The server matches an action exactly, or by prefix when the filter ends with a dot. A bare group name
 * ("person") is what people type for "everything about persons", so it becomes the prefix "person.".
 */
export function actionFilter(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (value.includes('.')) return value;
  return `${value}.`;
}
