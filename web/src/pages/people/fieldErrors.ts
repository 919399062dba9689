import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isApiError } from '../../lib/apiError.js';

/** Dotted field path ("surname", "membership.profile") → message shown under that input. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * The shell's helpers key errors by the first path segment only; the add-person form nests the membership,
 * so here the whole path counts. Schema messages are i18n keys ('errors:validation.required').
 */
export function clientFieldErrors(error: z.ZodError, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '_';
    out[field] ??= issue.message.startsWith('errors:') ? t(issue.message) : t('errors:validation.invalid');
  }
  return out;
}

/** The server's issues ("body.membership.profile", already localised) onto the same dotted paths. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!isApiError(error)) return out;
  for (const issue of error.issues) {
    const field = issue.path.replace(/^body\.?/, '');
    if (field) out[field] ??= issue.message;
  }
  return out;
}

/** The errors under `prefix.` with the prefix removed (a sub-form gets its own slice). */
export function errorsUnder(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = message;
  }
  return out;
}
