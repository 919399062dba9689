import { z } from 'zod';
import { GENDERS, LOCALES, PROFILES, SCHOOL_ROLES } from '../enums.js';
import { zDate, zId, zIin, zName } from './primitives.js';

/** The most people one bulk request may create (a few classes' worth; hashing 500 passwords takes seconds). */
export const BULK_MAX_ROWS = 500;
/** The most credential slips one PDF may hold. */
export const SLIPS_MAX_ITEMS = 500;
/** Slips per A4 page the PDF can lay out. */
export const SLIPS_PER_PAGE = [1, 4, 8] as const;
export type SlipsPerPage = (typeof SLIPS_PER_PAGE)[number];

/** One person of a pasted list. */
export const zBulkRow = z.object({
  surname: zName,
  firstName: zName,
  patronymic: zName.optional().nullable(),
  birthDate: zDate,
  gender: z.enum(GENDERS),
  iin: zIin.optional().nullable(),
});
export type BulkRow = z.infer<typeof zBulkRow>;

/**
 * POST /persons/bulk: everyone gets the same membership (institution, profile, roles) and account language.
 * All or nothing: one bad row and no one is created; issues name the rows (`body.rows.3.birthDate`).
 */
export const zBulkCreate = z.object({
  institutionId: zId,
  profile: z.enum(PROFILES),
  roles: z.array(z.enum(SCHOOL_ROLES)).max(4).default([]),
  /** The language of the new accounts, and so of their credential slips. */
  locale: z.enum(LOCALES).default('kk'),
  rows: z.array(zBulkRow).min(1, 'errors:validation.required').max(BULK_MAX_ROWS, 'errors:validation.tooBig'),
});
export type BulkCreate = z.input<typeof zBulkCreate>;
export type BulkCreateParsed = z.output<typeof zBulkCreate>;

/** One created person with their one-time credentials, in the order of the request's rows. */
export const zBulkCreatedItem = z.object({
  personId: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  username: z.string(),
  temporaryPassword: z.string(),
});
export type BulkCreatedItem = z.infer<typeof zBulkCreatedItem>;
export const zBulkCreated = z.object({
  items: z.array(zBulkCreatedItem),
  /** When the temporary passwords stop working (ISO instant). */
  expiresAt: z.string(),
});
export type BulkCreated = z.infer<typeof zBulkCreated>;

/**
 * POST /credentials/slips → application/pdf. Each password must be the person's current temporary one (the
 * server verifies it against the stored hash), so the endpoint prints nothing else.
 */
export const zSlipsRequest = z.object({
  items: z
    .array(
      z.object({
        personId: zId,
        temporaryPassword: z.string().trim().min(1, 'errors:validation.required').max(100, 'errors:validation.tooLong'),
      }),
    )
    .min(1, 'errors:validation.required')
    .max(SLIPS_MAX_ITEMS, 'errors:validation.tooBig'),
  perPage: z.union([z.literal(1), z.literal(4), z.literal(8)]).default(1),
});
export type SlipsRequest = z.input<typeof zSlipsRequest>;
