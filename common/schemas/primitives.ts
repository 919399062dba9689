import { z } from 'zod';
import { isValidIin } from '../iin.js';

/**
 * Building blocks of the API contract. Validation messages are i18n keys (namespace `errors`), so the server
 * can answer in the caller's language and the web form can show the same text.
 */
export const zId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const zIdParam = z.object({ id: zId });

export const zDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors:validation.date')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'errors:validation.date');

export const zName = z.string().trim().min(1, 'errors:validation.required').max(100, 'errors:validation.tooLong');
export const zLongName = z.string().trim().min(1, 'errors:validation.required').max(300, 'errors:validation.tooLong');
export const zIin = z.string().trim().refine(isValidIin, 'errors:validation.iin');
export const zEmail = z.email('errors:validation.email').max(254, 'errors:validation.tooLong');
export const zPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{5,32}$/, 'errors:validation.phone');
export const zSearch = z.string().trim().max(100, 'errors:validation.tooLong');

/** Keyset pagination: `cursor` is opaque to clients. */
export const zPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const zLocalizedName = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
export type LocalizedName = z.infer<typeof zLocalizedName>;

export const zError = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  requiredActions: z.array(z.string()).optional(),
});
export type ApiError = z.infer<typeof zError>;

export const zOk = z.object({ ok: z.literal(true) });
