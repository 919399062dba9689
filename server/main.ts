import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_PASSWORD, DEMO_USERS, hasDemoUsers, isEmpty, seedDemo } from './db/seed-demo.js';
import { systemClock } from './lib/clock.js';
import { createMailer, settleMail } from './lib/mail.js';
import { PasswordHasher } from './lib/password.js';
import { loggerOptions } from './logger.js';

/** `npm start`: config → database → migrations → demo seed (when empty, never in production) → listen. */
async function main() {
  const started = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const handle = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  const opened = performance.now();
  const applied = await migrateToLatest(handle.db as never);
  const hasher = new PasswordHasher();

  let seeded = false;
  if (config.NODE_ENV !== 'production' && config.SEED_DEMO === 'auto' && (await isEmpty(handle.db))) {
    await seedDemo(handle.db, hasher);
    seeded = true;
  }

  // SMTP when SMTP_URL is set, else the database outbox (the demo shows it outside production).
  const mailer = createMailer(config, handle.db);
  const app = await buildApp(
    { config, db: handle.db, clock: systemClock, hasher, mailer },
    // jobs: the purge of deleted profiles and the end of lapsed sessions, hourly (stopped and awaited on close).
    { logger: loggerOptions(config), serveWeb: true, jobs: true },
  );
  await app.listen({ port: config.PORT, host: config.HOST });
  const ready = performance.now();

  const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}/pglite`;
  const lines = [
    '',
    `  Dapter is running at ${config.PUBLIC_URL}`,
    `  Database: ${where}${applied.length ? `; applied migrations: ${applied.join(', ')}` : ''}`,
    `  Ready in ${Math.round(ready - started)} ms (database open ${Math.round(opened - started)} ms)`,
    `  API docs: ${config.PUBLIC_URL}/api/docs`,
  ];
  if (seeded || (config.NODE_ENV !== 'production' && (await hasDemoUsers(handle.db)))) {
    lines.push('', `  Demo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const [role, { username }] of Object.entries(DEMO_USERS)) lines.push(`    ${role.padEnd(14)} ${username}`);
  }
  console.log(`${lines.join('\n')}\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      // Mail handed over in the background (recovery links) is sent before the database and transport close.
      await settleMail(mailer);
      await mailer.close?.();
      await handle.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
