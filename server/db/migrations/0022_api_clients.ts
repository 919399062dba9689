import { type Kysely, sql } from 'kysely';

/**
 * Issue 8 §1: registered API clients (third-party apps), the schools that enabled them, and the opaque bearer
 * tokens they hold for a person.
 *
 * - `api_clients`: national registry (Ministry or regional administrators manage it), keyed by its own id like
 *   institutions. `client_id` is the public string apps send; only the SHA-256 of the secret is kept. The secret
 *   is 256 random bits we generate, so a fast hash is enough (nothing to brute-force) — argon2 is for low-entropy
 *   human passwords and would cost ≈ 50 ms of CPU on every login and refresh.
 * - `api_client_schools`: which clients a school enabled; a tenant table (school_id leads the key).
 * - `api_tokens`: one row per grant (a login): the current access and refresh tokens' SHA-256, rotated in place on
 *   refresh so a used refresh token stops working. Person-scoped like `sessions` (a person may belong to several
 *   schools), keyed by its own id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_clients (
      id bigint generated always as identity primary key,
      name text not null check (length(name) between 1 and 200),
      client_id text not null unique check (length(client_id) between 8 and 100),
      secret_hash text not null,
      scopes text[] not null default '{}',
      redirect_uris text[] not null default '{}',
      allowed_origins text[] not null default '{}',
      owner_institution_id bigint not null references institutions (id),
      created_by bigint references persons (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      secret_rotated_at timestamptz,
      disabled_at timestamptz
    )`.execute(db);

  await sql`
    create table api_client_schools (
      school_id bigint not null references institutions (id),
      api_client_id bigint not null references api_clients (id),
      enabled_by bigint references persons (id),
      enabled_at timestamptz not null default now(),
      primary key (school_id, api_client_id)
    )`.execute(db);

  await sql`
    create table api_tokens (
      id bigint generated always as identity primary key,
      access_hash text not null unique,
      refresh_hash text not null unique,
      api_client_id bigint not null references api_clients (id),
      person_id bigint not null references persons (id),
      membership_institution_id bigint,
      membership_id bigint,
      scope text not null default '',
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      refreshed_at timestamptz,
      last_used_at timestamptz not null default now(),
      expires_at timestamptz not null,
      refresh_expires_at timestamptz not null,
      revoked_at timestamptz,
      revoke_reason text
    )`.execute(db);
  await sql`create index api_tokens_person_idx on api_tokens (person_id, api_client_id) where revoked_at is null`.execute(
    db,
  );
  await sql`create index api_tokens_client_idx on api_tokens (api_client_id) where revoked_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_tokens`.execute(db);
  await sql`drop table api_client_schools`.execute(db);
  await sql`drop table api_clients`.execute(db);
}
