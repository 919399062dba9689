import type { Locale } from '@common/enums.js';
import type { Database } from '../../db/client.js';

/** Why a session was ended (sessions.end_reason), besides sign-out and password reset. */
export type EndReason = 'ended_by_owner' | 'compromised' | 'ended_by_admin';

export interface LiveSessionRow {
  id: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** A session counts as live by the same rules as the auth plugin's lookup: not ended, not expired, not idle. */
export function listLiveSessions(db: Database, personId: number, now: Date, idleCutoff: Date) {
  return db
    .selectFrom('sessions')
    .where('personId', '=', personId)
    .where('endedAt', 'is', null)
    .where('expiresAt', '>', now)
    .where('lastSeenAt', '>', idleCutoff)
    .select(['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'ip', 'userAgent'])
    .orderBy('lastSeenAt', 'desc')
    .orderBy('id', 'desc')
    .execute() as Promise<LiveSessionRow[]>;
}

/**
 * Ends a person's sessions in one statement and returns which: all of them, all but one (`except`), or just
 * one (`only`, which must be theirs — another person's id ends nothing). Sessions that already expired are
 * ended too, so nothing of them can come back.
 */
export async function endSessionsOf(
  db: Database,
  personId: number,
  now: Date,
  reason: EndReason,
  which: { except?: number; only?: number } = {},
): Promise<number[]> {
  let q = db
    .updateTable('sessions')
    .set({ endedAt: now, endReason: reason })
    .where('personId', '=', personId)
    .where('endedAt', 'is', null);
  if (which.except !== undefined) q = q.where('id', '<>', which.except);
  if (which.only !== undefined) q = q.where('id', '=', which.only);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** "My account is compromised": the next sign-in must choose a new password (required action changePassword). */
export async function forcePasswordChange(db: Database, personId: number, now: Date) {
  await db
    .updateTable('accounts')
    .set({ mustChangePassword: true, updatedAt: now })
    .where('personId', '=', personId)
    .execute();
}

export interface AdminRow {
  institutionId: number;
  personId: number;
  email: string | null;
  surname: string;
  firstName: string;
  patronymic: string | null;
  locale: Locale;
}

/**
 * Active administrators (with an active account) of any of the given institutions, except `notPersonId`.
 * One query for every level the caller may fall back to.
 */
export function listAdministrators(db: Database, institutionIds: number[], notPersonId: number, today: string) {
  if (institutionIds.length === 0) return Promise.resolve([] as AdminRow[]);
  return db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .innerJoin('accounts as a', 'a.personId', 'm.personId')
    .where('m.institutionId', 'in', institutionIds)
    .where('m.isAdmin', '=', true)
    .where('m.personId', '<>', notPersonId)
    .where('m.startsOn', '<=', today)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)]))
    .where('i.closedAt', 'is', null)
    .where('p.deletedAt', 'is', null)
    .where('a.status', '=', 'active')
    .select(['m.institutionId', 'p.id as personId', 'p.email', 'p.surname', 'p.firstName', 'p.patronymic', 'a.locale'])
    .orderBy('p.id')
    .execute() as Promise<AdminRow[]>;
}
