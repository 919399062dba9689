import { type Kysely, sql } from 'kysely';

/**
 * Back-off on failed sign-ins (user agreement 4.17; NIST 800-63B 5.2.2; ASVS 6.1.1, 6.3.8).
 *
 * A real account keeps its own count on `accounts` (failed_sign_ins, sign_in_blocked_until from 0003, plus the
 * time of the last failure added here, so old failures can be forgotten). Everything else lives in
 * sign_in_throttle: one row per client address ('ip') and one per username that has no account ('name', the
 * SHA-256 of the typed name — a mistyped password in the username field must not be stored readable). Unknown
 * names get the same counter a real account would, so the back-off never tells them apart.
 *
 * The table is shared, not per tenant: a sign-in attempt belongs to no institution yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts add column last_failed_sign_in_at timestamptz`.execute(db);
  await sql`
    create table sign_in_throttle (
      scope text not null check (scope in ('ip', 'name')),
      key text not null check (length(key) between 1 and 100),
      failures integer not null default 0 check (failures >= 0),
      blocked_until timestamptz,
      last_failure_at timestamptz not null,
      primary key (scope, key)
    )`.execute(db);
  // Forgotten rows are pruned by age.
  await sql`create index sign_in_throttle_last_failure_idx on sign_in_throttle (last_failure_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists sign_in_throttle`.execute(db);
  await sql`alter table accounts drop column last_failed_sign_in_at`.execute(db);
}
