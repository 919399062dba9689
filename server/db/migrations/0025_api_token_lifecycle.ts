import { type Kysely, sql } from 'kysely';

/**
 * Issue 8 §1, the token lifecycle:
 *
 * - `api_token_used_refreshes`: the SHA-256 of every refresh token a grant has already swapped (rotation keeps
 *   only the current one on `api_tokens`). A used one presented again means it leaked (or the app raced itself):
 *   the whole grant is revoked (RFC 6819 §5.2.2.3, OAuth 2.1 §4.3.1). Hangs off its grant (deleted with it when a
 *   person is purged); no person column of its own.
 * - Scopes are now enforced per route (common/api-scopes.ts). A grant stored with an empty scope acted without
 *   restriction before; it keeps doing so by being given every scope of the catalogue as it stands today.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table api_token_used_refreshes (
      refresh_hash text primary key,
      api_token_id bigint not null references api_tokens (id) on delete cascade,
      used_at timestamptz not null
    )`.execute(db);
  await sql`create index api_token_used_refreshes_token_idx on api_token_used_refreshes (api_token_id)`.execute(db);
  await sql`
    update api_tokens
       set scope = 'CommonInfo,EducationalInfo,ContactInfo,FriendsAndRelatives,Marks,Lessons,EduWorks,Manage'
     where scope = ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists api_token_used_refreshes`.execute(db);
}
