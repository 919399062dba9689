import { z } from 'zod';
import { zId, zLocalizedName } from './primitives.js';

/** Versions of the user agreement (2.2): Ministry administrators draft and publish; everyone reads the current. */

const zText = z.string().trim().min(1, 'errors:validation.required').max(100_000, 'errors:validation.tooLong');
const zChanges = z.string().trim().max(5000, 'errors:validation.tooLong').default('');

export const zAgreementDraft = z.object({
  label: z.string().trim().min(1, 'errors:validation.required').max(50, 'errors:validation.tooLong'),
  textKk: zText,
  textRu: zText,
  textEn: zText,
  changesKk: zChanges,
  changesRu: zChanges,
  changesEn: zChanges,
});
export type AgreementDraft = z.infer<typeof zAgreementDraft>;

/** A version with every language (administrators; the public current-version page). */
export const zAgreementVersion = z.object({
  id: zId,
  label: z.string(),
  text: zLocalizedName,
  changes: zLocalizedName,
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  /** The newest published version: the one people accept now. */
  current: z.boolean(),
});
export type AgreementVersion = z.infer<typeof zAgreementVersion>;
export const zAgreementVersionList = z.object({ items: z.array(zAgreementVersion) });

export const zAcceptanceExportQuery = z.object({
  format: z.enum(['csv']).default('csv'),
  /** Only this version's acceptances. */
  versionId: zId.optional(),
});
