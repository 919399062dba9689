import { type Kysely, sql } from 'kysely';

/**
 * State that used to live in one server process moves to the database, so several processes (WORKERS=N, or
 * several machines behind a load balancer) serve one user's requests interchangeably (docs/SCALING.md).
 *
 * rate_limit_counters — the request counters of @fastify/rate-limit (server/lib/rate-limit-store.ts): one row per
 * limiter key (route + caller) and window length; the window starts at the key's first hit, like the in-memory
 * and Redis stores. Shared, not per tenant (a caller may not be signed in yet).
 * - UNLOGGED: a counter is worth no WAL — after a crash the table comes back empty, which only forgives a
 *   minute's requests. Also keeps it off replicas, which never need it.
 * - fillfactor 70: every hit is an UPDATE of `hits`; free room on the page keeps them HOT (no index churn).
 * - expired rows are deleted by a periodic job (no index on expires_at: the table holds one row per caller
 *   active in the last minutes, a sequential scan of it is cheap).
 *
 * import_jobs — a running apply's progress, readable by any process:
 * - progress / progress_at: how far (phase, done, total) and when the running process last said so (a
 *   heartbeat); a job 'applying' whose heartbeat is old has lost its process and is failed as interrupted.
 * - slips / slips_expire_at: the new accounts' temporary passwords for the credential slips, ENCRYPTED with a
 *   key derived from the applying administrator's session token — which the database does not hold (it keeps
 *   only the token's SHA-256). Any process the administrator's browser reaches can decrypt them; a copy of the
 *   database cannot. Cleared at expiry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limit_counters (
      key text not null check (length(key) between 1 and 300),
      window_ms integer not null check (window_ms > 0),
      hits integer not null check (hits > 0),
      expires_at timestamptz not null,
      primary key (key, window_ms)
    ) with (fillfactor = 70)`.execute(db);

  await sql`
    alter table import_jobs
      add column progress jsonb,
      add column progress_at timestamptz,
      add column slips text,
      add column slips_expire_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table import_jobs
      drop column slips_expire_at,
      drop column slips,
      drop column progress_at,
      drop column progress`.execute(db);
  await sql`drop table if exists rate_limit_counters`.execute(db);
}
