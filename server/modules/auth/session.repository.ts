import type { Database } from '../../db/client.js';
import { fixedQuery } from '../../db/fixed-query.js';
import type { ActorMembership } from './actor.js';
import { liveMemberships, membershipColumns } from './live-memberships.js';

/** Memberships in force on `today` (ends_on is the first day without access) in open institutions. */
export function activeMemberships(db: Database, personId: number, today: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .where('m.personId', '=', personId)
    .where('m.startsOn', '<=', today)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)]))
    .where('i.closedAt', 'is', null);
}

export async function listActiveMemberships(db: Database, personId: number, today: string) {
  const rows = await activeMemberships(db, personId, today)
    .select(membershipColumns)
    .orderBy('m.isAdmin', 'desc')
    .orderBy('i.ancestors')
    .orderBy('m.id')
    .execute();
  return rows as ActorMembership[];
}

/**
 * The session, its account and person, and active memberships: one round trip per request, on every request —
 * so built once (fixed-query.ts).
 */
const liveSession = fixedQuery((db, v: { tokenHash: string; now: Date; idleCutoff: Date; today: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.personId', 's.personId')
    .innerJoin('persons as p', 'p.id', 's.personId')
    .where('s.tokenHash', '=', v.tokenHash)
    .where('s.endedAt', 'is', null)
    .where('s.expiresAt', '>', v.now)
    .where('s.lastSeenAt', '>', v.idleCutoff)
    .where('a.status', '=', 'active')
    .where('p.deletedAt', 'is', null)
    .select([
      's.id as sessionId',
      's.personId',
      's.csrfToken',
      's.membershipId',
      's.lastSeenAt',
      'a.username',
      'a.locale',
      'a.passwordIsTemporary',
      'a.registeredAt',
      'a.mustChangePassword',
      'a.passwordChangedAt',
      'p.surname',
      'p.firstName',
      'p.patronymic',
    ])
    .select((eb) => liveMemberships(eb, 's.personId', v.today))
    // Current unless the newest published agreement version is one this person has not accepted.
    .select((eb) =>
      eb
        .not(
          eb.exists(
            eb
              .selectFrom(
                eb
                  .selectFrom('agreementVersions as v')
                  .where('v.publishedAt', 'is not', null)
                  .orderBy('v.publishedAt', 'desc')
                  .orderBy('v.id', 'desc')
                  .limit(1)
                  .select('v.id')
                  .as('latest'),
              )
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom('agreementAcceptances as aa')
                      .whereRef('aa.personId', '=', 's.personId')
                      .whereRef('aa.versionId', '=', 'latest.id')
                      .select('aa.versionId'),
                  ),
                ),
              )
              .select('latest.id'),
          ),
        )
        .as('agreementCurrent'),
    ),
);

export async function findLiveSession(db: Database, tokenHash: string, now: Date, idleCutoff: Date, today: string) {
  const [row] = await liveSession(db, { tokenHash, now, idleCutoff, today });
  if (!row) return undefined;
  // json_agg hands bigint back as JSON numbers already; nothing to convert.
  return {
    ...row,
    agreementCurrent: Boolean(row.agreementCurrent),
    memberships: row.memberships as unknown as ActorMembership[],
  };
}

export async function createSession(
  db: Database,
  values: {
    tokenHash: string;
    personId: number;
    membershipInstitutionId: number | null;
    membershipId: number | null;
    csrfToken: string;
    ip: string;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  },
) {
  const { now, ...rest } = values;
  return db
    .insertInto('sessions')
    .values({ ...rest, createdAt: now, lastSeenAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function touchSession(db: Database, sessionId: number, now: Date) {
  await db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', sessionId).execute();
}

export async function setSessionContext(db: Database, sessionId: number, institutionId: number, membershipId: number) {
  await db
    .updateTable('sessions')
    .set({ membershipInstitutionId: institutionId, membershipId })
    .where('id', '=', sessionId)
    .execute();
}

export async function endSession(db: Database, sessionId: number, now: Date, reason: string) {
  await db
    .updateTable('sessions')
    .set({ endedAt: now, endReason: reason })
    .where('id', '=', sessionId)
    .where('endedAt', 'is', null)
    .execute();
}

/** Ends a person's live sessions except the one making the request (password changed, registration done). */
export async function endOtherSessions(
  db: Database,
  personId: number,
  keepSessionId: number,
  now: Date,
  reason: string,
) {
  await db
    .updateTable('sessions')
    .set({ endedAt: now, endReason: reason })
    .where('personId', '=', personId)
    .where('id', '<>', keepSessionId)
    .where('endedAt', 'is', null)
    .execute();
}

/** Ends every live session of a person (account disabled, password changed elsewhere…). */
export async function endAllSessions(db: Database, personId: number, now: Date, reason: string) {
  await db
    .updateTable('sessions')
    .set({ endedAt: now, endReason: reason })
    .where('personId', '=', personId)
    .where('endedAt', 'is', null)
    .execute();
}
