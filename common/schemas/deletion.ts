import { z } from 'zod';
import { DELETION_REASONS } from '../enums.js';
import { zId } from './primitives.js';

/** An administrator deletes a profile (agreement 3.7) for a recorded reason. */
export const zPersonDelete = z.object({ reason: z.enum(DELETION_REASONS) });
export type PersonDelete = z.infer<typeof zPersonDelete>;

/** A person deletes their own profile; the current password proves it is them and not a borrowed session. */
export const zDeletionRequest = z.object({
  password: z.string().min(1, 'errors:validation.required').max(256, 'errors:validation.tooLong'),
});
export type DeletionRequest = z.infer<typeof zDeletionRequest>;

/** What a deletion did: the profile is disabled now; its personal data is erased at `purgeAfter`. */
export const zDeletionResult = z.object({
  personId: zId,
  deletedAt: z.iso.datetime(),
  purgeAfter: z.iso.datetime(),
  membershipsEnded: z.number().int(),
  sessionsEnded: z.number().int(),
});
export type DeletionResult = z.infer<typeof zDeletionResult>;
