import type { AuditEventView } from '@common/schemas/audit.js';
import { AppError } from '../../errors.js';
import type { AuditKey, AuditRow } from './audit.repository.js';

export const presentAuditEvent = (r: AuditRow): AuditEventView => ({
  id: r.id,
  institutionId: r.institutionId,
  at: new Date(r.at).toISOString(),
  action: r.action,
  actorPersonId: r.actorPersonId,
  actorName: r.actorName,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  ip: r.ip,
  userAgent: r.userAgent,
  before: r.before ?? null,
  after: r.after ?? null,
});

/** The cursor is opaque to clients: base64url of the last event's sort key. */
export const encodeCursor = (r: Pick<AuditRow, 'atKey' | 'institutionId' | 'id'>) =>
  Buffer.from(JSON.stringify([r.atKey, r.institutionId, r.id])).toString('base64url');

const AT_KEY = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/;
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/**
 * Anything that is not a cursor this server issued is the client's mistake (400), and is checked here in
 * full so a bad value never reaches the database as a malformed timestamp (which would be a 500).
 */
export function decodeCursor(cursor: string): AuditKey {
  const invalid = () => new AppError(400, 'audit.invalidCursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [at, institutionId, id] = parsed as unknown[];
  const ms = typeof at === 'string' ? AT_KEY.exec(at)?.[1] : undefined;
  // A real calendar instant: the millisecond part must survive a round trip through Date unchanged.
  if (!ms || Number.isNaN(Date.parse(`${ms}Z`)) || new Date(`${ms}Z`).toISOString() !== `${ms}Z`) throw invalid();
  if (!isId(institutionId) || !isId(id)) throw invalid();
  return { at: at as string, institutionId, id };
}
