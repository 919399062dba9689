import { z } from 'zod';
import { RELATIONS } from '../enums.js';
import { zId } from './primitives.js';

/** Parent ↔ child links are per school: the school administrator manages them (agreement 1.14). */
export const zGuardianshipCreate = z.object({
  parentPersonId: zId,
  childPersonId: zId,
  relation: z.enum(RELATIONS),
});
export const zGuardianshipKey = z.object({ parentPersonId: zId, childPersonId: zId });

export const zChild = z.object({
  personId: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: z.string(),
  institutionId: zId,
  relation: z.enum(RELATIONS),
});
export type Child = z.infer<typeof zChild>;

const zPersonName = z.object({
  personId: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
});
export const zGuardianship = z.object({
  institutionId: zId,
  parent: zPersonName,
  child: zPersonName,
  relation: z.enum(RELATIONS),
  createdAt: z.string(),
});
export type Guardianship = z.infer<typeof zGuardianship>;
export const zGuardianshipListQuery = z.object({ personId: zId.optional() });
export type GuardianshipCreate = z.infer<typeof zGuardianshipCreate>;
export type GuardianshipKey = z.infer<typeof zGuardianshipKey>;
export type GuardianshipListQuery = z.infer<typeof zGuardianshipListQuery>;
export const zGuardianshipList = z.object({ items: z.array(zGuardianship) });
