import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * Ending access (agreement 3.6): the sessions a membership carries end with it. A session acts through one
 * membership at a time (sessions.membership_id, its context), so "that institution's access" is exactly the
 * sessions whose context is that membership; the person's other sessions keep working.
 */

/**
 * Ends the live sessions of a person — all of them, or only those acting through the given memberships.
 * Returns how many ended. Uses the person-keyed partial index of live sessions.
 */
export async function endSessions(
  db: Database,
  target: { personId: number; membershipIds?: number[] },
  at: Date,
  reason: string,
): Promise<number> {
  if (target.membershipIds?.length === 0) return 0;
  const rows = await db
    .updateTable('sessions')
    .set({ endedAt: at, endReason: reason })
    .where('personId', '=', target.personId)
    .where('endedAt', 'is', null)
    .$if(target.membershipIds !== undefined, (q) => q.where('membershipId', 'in', target.membershipIds!))
    .returning('id')
    .execute();
  return rows.length;
}

export interface LapsedSession {
  personId: number;
  membershipId: number;
  membershipInstitutionId: number;
}

/**
 * Ends the live sessions whose context membership is no longer in force on `today` — one that was ended with
 * a later date which has now come. Returns what ended, for the audit log.
 */
export async function endLapsedSessions(db: Database, at: Date, today: string): Promise<LapsedSession[]> {
  const rows = await db
    .updateTable('sessions as s')
    .set({ endedAt: at, endReason: 'membership_ended' })
    .where('s.endedAt', 'is', null)
    .where('s.expiresAt', '>', at)
    .where('s.membershipId', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m')
          .whereRef('m.id', '=', 's.membershipId')
          .whereRef('m.personId', '=', 's.personId')
          .where('m.endsOn', '<=', today)
          .select(sql`1`.as('one')),
      ),
    )
    .returning(['s.personId', 's.membershipId', 's.membershipInstitutionId'])
    .execute();
  return rows.filter((r): r is LapsedSession => r.membershipId !== null && r.membershipInstitutionId !== null);
}
