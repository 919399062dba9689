import { type Kysely, sql } from 'kysely';
import webpush from 'web-push';

/**
 * Issue 7 §2: web push.
 *
 * - `push_subscriptions`: the browsers (devices) a person turned notifications on in — the push service's endpoint
 *   and the keys to encrypt for it (RFC 8291). Person-level like `contacts`: a person has one set of devices across
 *   schools. `failure_count` counts consecutive failed sends (a success resets it); 404/410 from the push service
 *   deletes the row at once (the browser dropped the subscription).
 * - `notification_settings.push`: the push channel per kind; null (every row written before this migration, or a
 *   client that did not send it) means the default in code (notifications/settings.ts).
 * - `notification_jobs.kind` gains 'push' (one push per notification, or one summary at the digest time).
 * - `push_vapid`: the VAPID key pair that identifies this server to the push services, generated once here so
 *   every process and every restart signs alike without configuration (like `notification_secret`).
 *   VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY in the environment take precedence (a deployment that wants to keep its
 *   subscriptions across a database rebuild sets them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table push_subscriptions (
      id bigint generated always as identity primary key,
      person_id bigint not null references persons (id),
      endpoint text not null,
      p256dh text not null,
      auth text not null,
      user_agent text,
      created_at timestamptz not null default now(),
      last_success_at timestamptz,
      failure_count int not null default 0
    )`.execute(db);
  // A browser's endpoint is unique; subscribing again (another person on the same browser) moves it.
  await sql`create unique index push_subscriptions_endpoint_idx on push_subscriptions (endpoint)`.execute(db);
  await sql`create index push_subscriptions_person_idx on push_subscriptions (person_id)`.execute(db);

  await sql`alter table notification_settings add column push boolean`.execute(db);

  await sql`alter table notification_jobs drop constraint notification_jobs_kind_check`.execute(db);
  await sql`
    alter table notification_jobs add constraint notification_jobs_kind_check
      check (kind in ('event', 'email', 'digest', 'push'))`.execute(db);

  const keys = webpush.generateVAPIDKeys();
  await sql`
    create table push_vapid (
      id smallint primary key check (id = 1),
      public_key text not null,
      private_key text not null
    )`.execute(db);
  await sql`insert into push_vapid (id, public_key, private_key) values (1, ${keys.publicKey}, ${keys.privateKey})`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists push_vapid`.execute(db);
  await sql`delete from notification_jobs where kind = 'push'`.execute(db);
  await sql`alter table notification_jobs drop constraint notification_jobs_kind_check`.execute(db);
  await sql`
    alter table notification_jobs add constraint notification_jobs_kind_check
      check (kind in ('event', 'email', 'digest'))`.execute(db);
  await sql`alter table notification_settings drop column if exists push`.execute(db);
  await sql`drop table if exists push_subscriptions`.execute(db);
}
