import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AccountTokenPurpose } from '../../db/tables/passwords.js';

/**
 * Self-service recovery is allowed for a person unless an institution on the path of one of their active
 * memberships — the institution itself or any above it — switched it off (agreement 4.18). A person without
 * active memberships has nobody to forbid it. One correlated NOT EXISTS: the settings table only holds the
 * switches someone touched, and `ancestors` is the path.
 */
export function recoveryAllowedFor(personRef: Expression<number>, today: string): Expression<SqlBool> {
  return sql<SqlBool>`not exists (
    select 1
      from memberships m
      join institutions i on i.id = m.institution_id
      join institution_settings s on s.institution_id = any(i.ancestors) and not s.self_service_recovery
     where m.person_id = ${personRef}
       and m.starts_on <= ${today} and (m.ends_on is null or m.ends_on > ${today})
       and i.closed_at is null)`;
}

/**
 * Accounts a recovery request can reach: found by username or by a confirmed e-mail address (one address may
 * serve several accounts, e.g. a parent's and a child's), active, not deleted, with a confirmed address, allowed
 * by every institution concerned, and not already sent `perHour` links in the last hour (no mail bombing).
 */
export function findRecoveryTargets(db: Database, login: string, now: Date, today: string, perHour: number) {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  return (
    db
      .selectFrom('accounts as a')
      .innerJoin('persons as p', 'p.id', 'a.personId')
      // Usernames cannot contain '@': one indexed lookup either way (accounts.username, persons_email_lower_idx).
      .where((eb) => (login.includes('@') ? eb(eb.fn('lower', ['p.email']), '=', login) : eb('a.username', '=', login)))
      .where('a.status', '=', 'active')
      .where('p.deletedAt', 'is', null)
      .where('p.email', 'is not', null)
      .where('a.emailVerifiedAt', 'is not', null)
      .where(recoveryAllowedFor(sql.ref<number>('a.personId'), today))
      .where(
        (eb) =>
          eb
            .selectFrom('accountTokens as t')
            .whereRef('t.personId', '=', 'a.personId')
            .where('t.purpose', '=', 'recovery')
            .where('t.createdAt', '>', hourAgo)
            .select((x) => x.fn.countAll<number>().as('n')),
        '<',
        perHour,
      )
      .select(['a.personId', 'a.username', 'a.locale', 'p.email', 'p.firstName', 'p.surname'])
      .limit(20)
      .execute()
  );
}

/** Inserts new link tokens and voids the same person's earlier unused ones of that purpose: the newest link wins. */
export async function issueTokens(
  db: Database,
  purpose: AccountTokenPurpose,
  rows: Array<{ personId: number; tokenHash: string; email: string | null; expiresAt: Date }>,
  now: Date,
) {
  if (rows.length === 0) return;
  await db
    .updateTable('accountTokens')
    .set({ usedAt: now })
    .where(
      'personId',
      'in',
      rows.map((r) => r.personId),
    )
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute();
  await db
    .insertInto('accountTokens')
    .values(rows.map((r) => ({ ...r, purpose, createdAt: now })))
    .execute();
}

/** A token that can still be used (unused, unexpired), or undefined. */
export function findLiveToken(db: Database, purpose: AccountTokenPurpose, tokenHash: string, now: Date) {
  return db
    .selectFrom('accountTokens')
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .select(['personId', 'email'])
    .executeTakeFirst();
}

/**
 * Uses a token: one conditional update, so of two simultaneous uses exactly one gets the row back. Returns the
 * token's person and e-mail, or undefined when it was used, expired or never existed.
 */
export function consumeToken(db: Database, purpose: AccountTokenPurpose, tokenHash: string, now: Date) {
  return db
    .updateTable('accountTokens')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning(['personId', 'email'])
    .executeTakeFirst();
}

/** Whether the account behind a token may still use it: active, not deleted, recovery still allowed. */
export async function accountStillRecoverable(db: Database, personId: number, today: string) {
  const row = await db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.personId')
    .where('a.personId', '=', personId)
    .where('a.status', '=', 'active')
    .where('p.deletedAt', 'is', null)
    .where(recoveryAllowedFor(sql.ref<number>('a.personId'), today))
    .select('a.personId')
    .executeTakeFirst();
  return !!row;
}

/** Institutions where the person holds an active membership: where their account events are audited. */
export async function activeInstitutionIds(db: Database, personIds: number[], today: string) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .where('m.personId', 'in', personIds)
    .where('m.startsOn', '<=', today)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', today)]))
    .where('i.closedAt', 'is', null)
    .select(['m.personId', 'm.institutionId'])
    .distinct()
    .execute();
}
