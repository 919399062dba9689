import { z } from 'zod';

/**
 * The system newsletter (agreement 4.16, issue 7 §2): an authority's administrator writes one to everyone in the
 * institution's subtree; it goes by e-mail to confirmed addresses of people whose newsletter setting is on.
 * Plain text only (the e-mail escapes it for its HTML part); control characters are refused, and the subject is
 * one line (it becomes a mail header).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a subject is one line
const SUBJECT_CONTROL = /[\u0000-\u001f\u007f]/;

export const NEWSLETTER_SUBJECT_MAX = 150;
export const NEWSLETTER_BODY_MAX = 5000;

export const zNewsletterInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, 'errors:validation.required')
    .max(NEWSLETTER_SUBJECT_MAX, 'errors:validation.tooLong')
    .refine((s) => !SUBJECT_CONTROL.test(s), 'errors:validation.invalid'),
  body: z
    .string()
    .trim()
    .min(1, 'errors:validation.required')
    .max(NEWSLETTER_BODY_MAX, 'errors:validation.tooLong')
    .refine((s) => !CONTROL.test(s), 'errors:validation.invalid'),
});
export type NewsletterInput = z.infer<typeof zNewsletterInput>;

export const zNewsletter = z.object({
  id: z.number(),
  institutionId: z.number(),
  subject: z.string(),
  sentAt: z.string(),
  /** How many people it was queued for (confirmed e-mail, newsletter on). */
  recipients: z.number(),
});
export type Newsletter = z.infer<typeof zNewsletter>;

export const zNewsletterList = z.object({ items: z.array(zNewsletter) });
export type NewsletterList = z.infer<typeof zNewsletterList>;
