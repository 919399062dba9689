import { z } from 'zod';
import { CHOOSABLE_END_REASONS, END_REASONS, GENDERS, INSTITUTION_KINDS, PROFILES, SCHOOL_ROLES } from '../enums.js';
import { zDate, zEmail, zId, zIin, zName, zPhone, zSearch } from './primitives.js';

export const zMembership = z.object({
  id: zId,
  institutionId: zId,
  institutionKind: z.enum(INSTITUTION_KINDS),
  institutionNameKk: z.string(),
  institutionNameRu: z.string(),
  institutionNameEn: z.string(),
  profile: z.enum(PROFILES),
  roles: z.array(z.enum(SCHOOL_ROLES)),
  isAdmin: z.boolean(),
  position: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endReason: z.enum(END_REASONS).nullable(),
});
export type Membership = z.infer<typeof zMembership>;

export const zPersonSummary = z.object({
  id: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: z.string(),
  gender: z.enum(GENDERS),
  /** Full IIN for administrators, masked (********1234) for everyone else, null when unknown. */
  iin: z.string().nullable(),
  /** The profiles this person holds in the caller's scope (active memberships). */
  profiles: z.array(z.enum(PROFILES)),
});
export type PersonSummary = z.infer<typeof zPersonSummary>;

export const zRelative = z.object({
  personId: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  relation: z.enum(['mother', 'father', 'guardian', 'other']),
  institutionId: zId,
});

export const zPersonDetail = zPersonSummary.extend({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  username: z.string().nullable(),
  memberships: z.array(zMembership),
  /** For a child: parents / representatives. For a parent: children. Within the caller's scope. */
  parents: z.array(zRelative),
  children: z.array(zRelative),
  canManage: z.boolean(),
});
export type PersonDetail = z.infer<typeof zPersonDetail>;

export const zPersonListQuery = z.object({
  q: zSearch.optional(),
  profile: z.enum(PROFILES).optional(),
  /** Narrow to one institution inside the caller's scope. */
  institutionId: zId.optional(),
  /** A query string is text: z.coerce.boolean would read "false" as true. */
  includeEnded: z.union([z.boolean(), z.stringbool()]).default(false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type PersonListQuery = z.infer<typeof zPersonListQuery>;
export const zPersonList = z.object({ items: z.array(zPersonSummary), total: z.number().int() });

export const zMembershipInput = z.object({
  institutionId: zId,
  profile: z.enum(PROFILES),
  roles: z.array(z.enum(SCHOOL_ROLES)).max(4).default([]),
  isAdmin: z.boolean().default(false),
  position: z.string().trim().max(200, 'errors:validation.tooLong').optional(),
  startsOn: zDate.optional(),
});
export type MembershipInput = z.infer<typeof zMembershipInput>;

const zPersonFields = z.object({
  surname: zName,
  firstName: zName,
  patronymic: zName.optional().nullable(),
  birthDate: zDate,
  gender: z.enum(GENDERS),
  iin: zIin.optional().nullable(),
  email: zEmail.optional().nullable(),
  phone: zPhone.optional().nullable(),
});
export const zPersonCreate = zPersonFields.extend({ membership: zMembershipInput });
export type PersonCreate = z.infer<typeof zPersonCreate>;
export const zPersonUpdate = zPersonFields
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'errors:validation.emptyUpdate');
export type PersonUpdate = z.infer<typeof zPersonUpdate>;

/** The only time a temporary password is shown: it is stored hashed. */
export const zCredentials = z.object({ username: z.string(), temporaryPassword: z.string() });
export const zPersonCreated = z.object({ person: zPersonDetail, credentials: zCredentials });

export const zMembershipEnd = z.object({
  endsOn: zDate.optional(),
  reason: z.enum(CHOOSABLE_END_REASONS),
});
export type MembershipEnd = z.infer<typeof zMembershipEnd>;
