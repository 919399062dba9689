import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './lib/clock.js';
import type { Mailer } from './lib/mail.js';
import type { PasswordHasher } from './lib/password.js';

/** What route modules are given. Passed explicitly (no globals) so tests build an app on their own database. */
export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  hasher: PasswordHasher;
  mailer: Mailer;
  /**
   * Where long read-only queries (reports, statistics) go: a replica when DATABASE_REPLICA_URL is set, so a
   * quarter-end report run does not compete with the journal's writes on the primary. Absent → the primary.
   */
  readDb?: Database;
}

/** The database for reports and statistics: the replica when configured, else the primary. */
export const reportsDb = (deps: AppDeps): Database => deps.readDb ?? deps.db;
