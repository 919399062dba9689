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
}
