import { z } from 'zod';
import { zEmail, zId } from './primitives.js';

/**
 * Passwords, e-mail confirmation, recovery and the demo outbox (issue 3 §3). A new password is checked only for
 * size here; the policy itself (length, block-list, history) is the server's, answered as 422 password.*.
 */
export const PASSWORD_MAX = 256;
/** The current password: never longer than the policy allows. */
const zPasswordField = z.string().min(1, 'errors:validation.required').max(PASSWORD_MAX, 'errors:validation.tooLong');
/** A new password: a generous size cap only, so an over-long one gets the policy's precise password.tooLong. */
const zNewPasswordField = z
  .string()
  .min(1, 'errors:validation.required')
  .max(4 * PASSWORD_MAX, 'errors:validation.tooLong');

/** GET /password-policy (public): what the forms tell people before they type. */
export const zPasswordPolicy = z.object({
  minLength: z.number().int(),
  maxLength: z.number().int(),
  /** How many previous passwords (the current one included) may not be reused. */
  history: z.number().int(),
  /** Days a password lives before sign-in forces a change; 0 = no rotation. */
  maxAgeDays: z.number(),
  /** Mail goes to the built-in outbox (no SMTP server; never in production): the demo screen can show it. */
  mailOutbox: z.boolean(),
});
export type PasswordPolicy = z.infer<typeof zPasswordPolicy>;

export const zPasswordChange = z.object({ currentPassword: zPasswordField, newPassword: zNewPasswordField });
export type PasswordChange = z.infer<typeof zPasswordChange>;

/** POST /me/email: re-authentication with the current password is required to change where recovery mail goes. */
export const zEmailChange = z.object({ email: zEmail, currentPassword: zPasswordField });
export type EmailChange = z.infer<typeof zEmailChange>;

export const zEmailStatus = z.object({
  /** The address on file (null when none). */
  email: z.string().nullable(),
  /** Whether that address was confirmed through a link (only a confirmed address receives recovery mail). */
  confirmed: z.boolean(),
  /** An address waiting for its confirmation link to be opened. */
  pendingEmail: z.string().nullable(),
});
export type EmailStatus = z.infer<typeof zEmailStatus>;

/** Tokens are 43 base64url characters; anything else is not a token (checked before any lookup). */
export const zToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'errors:validation.invalid');
export const zTokenBody = z.object({ token: zToken });

export const zRecoveryRequest = z.object({
  /** A username, or a confirmed e-mail address. */
  login: z.string().trim().toLowerCase().min(1, 'errors:validation.required').max(254, 'errors:validation.tooLong'),
});
export const zRecoveryComplete = z.object({ token: zToken, newPassword: zNewPasswordField });

export const zRecoverySetting = z.object({
  institutionId: zId,
  /** This institution's own switch (agreement 4.18). */
  selfServiceRecovery: z.boolean(),
  /** Whether people here may recover by mail: false when this institution or one above it switched it off. */
  effective: z.boolean(),
  /** Whether the caller may change the switch. */
  canChange: z.boolean(),
});
export type RecoverySetting = z.infer<typeof zRecoverySetting>;
export const zRecoverySettingUpdate = z.object({ selfServiceRecovery: z.boolean() });

export const zOutboxMessage = z.object({
  id: zId,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMessage = z.infer<typeof zOutboxMessage>;
export const zOutboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
