import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isApiError } from './apiError.js';

/** Field name → message, shown under the matching input. */
export type FieldErrors = Partial<Record<string, string>>;

/** Schema messages in common/schemas are i18n keys ('errors:validation.required'); anything else is zod's English. */
const translate = (t: TFunction, message: string) =>
  message.startsWith('errors:') ? t(message) : t('errors:validation.invalid');

/** Client-side check with the same zod schema the server uses; the first message per field wins. */
export function zodFieldErrors(error: z.ZodError, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    out[field] ??= translate(t, issue.message);
  }
  return out;
}

/** The server's validation issues (`body.nameKk`) mapped onto form fields (`nameKk`); messages are localised. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (!isApiError(error)) return out;
  for (const issue of error.issues) {
    const [, field] = issue.path.split('.');
    if (field) out[field] ??= issue.message;
  }
  return out;
}
