import { z } from 'zod';
import { INSTITUTION_KINDS } from '../enums.js';
import { zId, zLongName, zSearch } from './primitives.js';

export const zInstitution = z.object({
  id: zId,
  parentId: zId.nullable(),
  kind: z.enum(INSTITUTION_KINDS),
  nameKk: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  code: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  childCount: z.number().int(),
});
export type Institution = z.infer<typeof zInstitution>;

export const zInstitutionDetail = zInstitution.extend({
  /** From the top of the caller's scope down to the parent (what a breadcrumb shows). */
  path: z.array(zInstitution.pick({ id: true, kind: true, nameKk: true, nameRu: true, nameEn: true })),
  canManage: z.boolean(),
});
export type InstitutionDetail = z.infer<typeof zInstitutionDetail>;

export const zInstitutionListQuery = z.object({
  /** Children of this node; omitted = the top of the caller's scope. */
  parentId: zId.optional(),
  /** Search the whole scope by name or code (ignores parentId). */
  q: zSearch.optional(),
  kind: z.enum(INSTITUTION_KINDS).optional(),
  /** A query string is text: `z.coerce.boolean` would read "false" as true, so parse the words explicitly. */
  includeClosed: z.union([z.boolean(), z.stringbool()]).default(false),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const zCode = z.string().trim().max(50, 'errors:validation.tooLong');
export const zInstitutionCreate = z.object({
  parentId: zId,
  kind: z.enum(INSTITUTION_KINDS),
  nameKk: zLongName,
  nameRu: zLongName,
  nameEn: zLongName,
  code: zCode.optional(),
});
export const zInstitutionUpdate = z
  .object({ nameKk: zLongName, nameRu: zLongName, nameEn: zLongName, code: zCode.nullable() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'errors:validation.emptyUpdate');
export const zInstitutionMove = z.object({ parentId: zId });
export const zInstitutionClose = z.object({ reason: z.string().trim().min(1, 'errors:validation.required').max(500) });
