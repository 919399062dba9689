import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/**
 * Issue 7 §2: notifications, their settings, contacts and the delivery queue.
 *
 * - `notifications`: one row per recipient (the student, each linked parent). Keyed by the school the event
 *   happened at — the child's school, not the parent's: a parent's children may attend different schools, and the
 *   event is that school's data (it goes where the school's marks go when tables are distributed by school; a parent
 *   reads it through their membership at that school, as the diary does). Account events (security) are stored
 *   under the institution of the membership the person acted through. The payload holds ids, dates and counts only —
 *   names (student, subject, period) are looked up when read, so a purge or a rename never leaves stale copies.
 * - `notification_settings` (person × kind: in-app, e-mail, digest) and `notification_quiet_hours` (person): a
 *   missing row means the defaults in code (notifications/settings.ts), so nothing is written for the millions
 *   who never open the settings. Person-level tables like accounts: a person has one set across schools.
 * - `contacts`: e-mail addresses and phone numbers per person; only the confirmation token's SHA-256 is kept.
 * - `notification_jobs`: the delivery queue, in the database so it survives restarts and every process can work
 *   it (`FOR UPDATE SKIP LOCKED`). Not pg-boss: it needs its own schema and ≈ 5 s of start-up on PGlite
 *   (stack-notes.md), and issue 6 asks for a restart ready in ≤ 5 s. Not a tenant table: it is worked in run_at
 *   order across every school (like sessions or mail_outbox); rows live seconds to a day and are deleted when done.
 * - `notification_secret`: the key that signs unsubscribe links (HMAC), one random value per database, so every
 *   process and every restart accepts the same links without configuration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notifications (
      school_id bigint not null references institutions (id),
      id bigint generated always as identity,
      recipient_person_id bigint not null references persons (id),
      student_person_id bigint references persons (id),
      kind text not null check (kind in ('mark', 'attendance', 'homework', 'timetable', 'termGrade', 'security', 'newsletter')),
      coalesce_key text not null,
      payload jsonb not null default '{}',
      in_app boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      read_at timestamptz,
      mailed_at timestamptz,
      primary key (school_id, id)
    )`.execute(db);
  // The bell: a recipient's newest first, per school of theirs; the unread count; the burst merge looks up by key.
  await sql`create index notifications_recipient_idx on notifications (school_id, recipient_person_id, id desc)`.execute(
    db,
  );
  await sql`
    create index notifications_unread_idx on notifications (school_id, recipient_person_id, coalesce_key)
      where read_at is null`.execute(db);
  // The purge deletes the notifications about a purged student too.
  await sql`
    create index notifications_student_idx on notifications (school_id, student_person_id)
      where student_person_id is not null`.execute(db);

  await sql`
    create table notification_settings (
      person_id bigint not null references persons (id),
      kind text not null check (kind in ('mark', 'attendance', 'homework', 'timetable', 'termGrade', 'security', 'newsletter')),
      in_app boolean not null,
      email boolean not null,
      digest boolean not null default false,
      updated_at timestamptz not null default now(),
      primary key (person_id, kind)
    )`.execute(db);
  await sql`
    create table notification_quiet_hours (
      person_id bigint primary key references persons (id),
      -- Both null: the person turned quiet hours off (no row: the default window).
      starts_at time,
      ends_at time,
      updated_at timestamptz not null default now(),
      check ((starts_at is null) = (ends_at is null))
    )`.execute(db);

  await sql`
    create table contacts (
      id bigint generated always as identity primary key,
      person_id bigint not null references persons (id),
      kind text not null check (kind in ('email', 'phone')),
      value text not null,
      confirmed_at timestamptz,
      token_hash text,
      token_expires_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index contacts_person_value_idx on contacts (person_id, kind, lower(value))`.execute(db);
  await sql`create unique index contacts_token_idx on contacts (token_hash) where token_hash is not null`.execute(db);

  await sql`
    create table notification_jobs (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('event', 'email', 'digest')),
      run_at timestamptz not null,
      attempts int not null default 0,
      locked_until timestamptz,
      failed_at timestamptz,
      last_error text,
      -- One pending e-mail per notification, one digest per person and day.
      dedupe_key text unique,
      -- Everyone the job concerns (students of an event, the recipient of a mail), so the purge can drop it.
      person_ids bigint[] not null default '{}',
      payload jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index notification_jobs_due_idx on notification_jobs (run_at) where failed_at is null`.execute(db);

  await sql`
    create table notification_secret (
      id smallint primary key check (id = 1),
      key text not null
    )`.execute(db);
  await sql`insert into notification_secret (id, key) values (1, ${randomBytes(32).toString('base64url')})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'notification_secret',
    'notification_jobs',
    'contacts',
    'notification_quiet_hours',
    'notification_settings',
    'notifications',
  ]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
