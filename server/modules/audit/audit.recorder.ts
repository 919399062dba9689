import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';

/**
 * Where an audited change comes from. Built once per request; services pass it down so an audit row is
 * written in the same transaction as the change it describes (both land, or neither).
 */
export interface AuditOrigin {
  actorPersonId: number | null;
  actorMembershipId: number | null;
  ip: string | null;
  userAgent: string | null;
  at: Date;
}

export function auditOrigin(request: FastifyRequest, at: Date): AuditOrigin {
  return {
    actorPersonId: request.actor?.personId ?? null,
    actorMembershipId: request.actor?.context?.id ?? null,
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    at,
  };
}

export interface AuditEntry {
  institutionId: number;
  action: string;
  subjectType?: string;
  subjectId?: number;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends audit events (one statement for any number). Callers must not put secrets in before/after:
 * no password hashes, no tokens.
 */
export async function recordAudit(db: Database, origin: AuditOrigin, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db
    .insertInto('auditEvents')
    .values(
      list.map((e) => ({
        institutionId: e.institutionId,
        at: origin.at,
        actorPersonId: origin.actorPersonId,
        actorMembershipId: origin.actorMembershipId,
        action: e.action,
        subjectType: e.subjectType ?? null,
        subjectId: e.subjectId ?? null,
        ip: origin.ip,
        userAgent: origin.userAgent,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
      })),
    )
    .execute();
}
