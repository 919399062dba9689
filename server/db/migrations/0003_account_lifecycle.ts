import { type Kysely, sql } from 'kysely';

/**
 * Columns the account rules of the user agreement need on existing tables (issue 3). New tables of each
 * concern (agreements, password history, recovery, sign-in throttling, purge) come in their own migrations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table accounts
      add column registered_at timestamptz,
      add column must_change_password boolean not null default false,
      add column email_verified_at timestamptz,
      add column failed_sign_ins integer not null default 0,
      add column sign_in_blocked_until timestamptz`.execute(db);
  // Everyone who existed before registration was introduced counts as registered.
  await sql`update accounts set registered_at = created_at where password_is_temporary = false`.execute(db);
  await sql`
    alter table persons
      add column deletion_reason text,
      add column purged_at timestamptz`.execute(db);
  await sql`create index persons_purge_due_idx on persons (deleted_at) where deleted_at is not null and purged_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists persons_purge_due_idx`.execute(db);
  await sql`alter table persons drop column deletion_reason, drop column purged_at`.execute(db);
  await sql`
    alter table accounts drop column registered_at, drop column must_change_password, drop column email_verified_at,
      drop column failed_sign_ins, drop column sign_in_blocked_until`.execute(db);
}
