import { z } from 'zod';
import { zDate, zId } from './primitives.js';

export const zAuditEvent = z.object({
  id: zId,
  institutionId: zId,
  at: z.string(),
  action: z.string(),
  actorPersonId: zId.nullable(),
  actorName: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: zId.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEventView = z.infer<typeof zAuditEvent>;

export const zAuditQuery = z.object({
  /** An institution inside the caller's scope; omitted = the whole scope. */
  institutionId: zId.optional(),
  action: z.string().max(100).optional(),
  actorPersonId: zId.optional(),
  subjectType: z.string().max(50).optional(),
  subjectId: zId.optional(),
  from: zDate.optional(),
  to: zDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset cursor: the last event's `${at}|${institutionId}|${id}` from the previous page. */
  cursor: z.string().max(100).optional(),
});
export const zAuditPage = z.object({ items: z.array(zAuditEvent), nextCursor: z.string().nullable() });
export type AuditQuery = z.infer<typeof zAuditQuery>;
export type AuditPage = z.infer<typeof zAuditPage>;
