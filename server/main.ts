import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import { runPrimary, workerNumber } from './cluster.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { kyselyOnPg, openDatabase } from './db/client.js';
import { demoLoginLines } from './db/demo/logins.js';
import { migrateToLatest } from './db/migrate.js';
import { hasDemoUsers, isEmpty, seedDemo } from './db/seed-demo.js';
import { systemClock } from './lib/clock.js';
import { createMailer, settleMail } from './lib/mail.js';
import { PasswordHasher } from './lib/password.js';
import { loggerOptions } from './logger.js';

/**
 * `npm start`: config → database → migrations → demo seed (when empty, never in production) → listen.
 * With WORKERS=N (cluster.ts) this process does everything up to the seed, then forks N workers that skip those
 * steps and listen on the same port.
 */
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
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
  });
  const opened = performance.now();
  // A worker of WORKERS=N finds the database migrated and seeded by the primary.
  const worker = workerNumber();
  const applied = worker === null ? await migrateToLatest(handle.db as never) : [];
  const hasher = new PasswordHasher();

  let seeded = false;
  if (
    worker === null &&
    config.NODE_ENV !== 'production' &&
    config.SEED_DEMO === 'auto' &&
    (await isEmpty(handle.db))
  ) {
    await seedDemo(handle.db, hasher);
    seeded = true;
  }
  const demo = seeded || (config.NODE_ENV !== 'production' && worker === null && (await hasDemoUsers(handle.db)));

  if (config.WORKERS > 1 && worker === null) {
    await handle.close();
    const code = await runPrimary(config.WORKERS, () =>
      printBanner(config, { applied, demo, ready: performance.now() - started, opened: opened - started }),
    );
    process.exit(code);
  }

  // Reports and statistics read from the replica when there is one (deps.ts reportsDb).
  const replica = config.DATABASE_REPLICA_URL
    ? kyselyOnPg(config.DATABASE_REPLICA_URL, config.DATABASE_POOL_SIZE, config.DATABASE_PREPARED_STATEMENTS)
    : null;

  // SMTP when SMTP_URL is set, else the database outbox (the demo shows it outside production).
  const mailer = createMailer(config, handle.db);
  const app = await buildApp(
    { config, db: handle.db, readDb: replica?.db, clock: systemClock, hasher, mailer },
    // jobs: the purge of deleted profiles and the end of lapsed sessions, hourly (stopped and awaited on close);
    // of N workers, worker 1 runs them (cluster.ts).
    { logger: loggerOptions(config), serveWeb: true, jobs: worker === null || worker === 1 },
  );
  if (worker !== null) {
    // Which process answered (a number, nothing about the caller): for load-balancing checks and the test.
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('x-dapter-worker', String(worker));
    });
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  if (worker === null) {
    printBanner(config, { applied, demo, ready: performance.now() - started, opened: opened - started });
  }

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
      await replica?.close();
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

function printBanner(config: Config, r: { applied: string[]; demo: boolean; ready: number; opened: number }) {
  const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}/pglite`;
  const lines = [
    '',
    `  Dapter is running at ${config.PUBLIC_URL}${config.WORKERS > 1 ? ` (${config.WORKERS} workers)` : ''}`,
    `  Database: ${where}${r.applied.length ? `; applied migrations: ${r.applied.join(', ')}` : ''}`,
    ...(config.DATABASE_REPLICA_URL ? ['  Reports read from the replica (DATABASE_REPLICA_URL)'] : []),
    `  Ready in ${Math.round(r.ready)} ms (database open ${Math.round(r.opened)} ms)`,
    `  API docs: ${config.PUBLIC_URL}/api/docs`,
  ];
  if (r.demo) lines.push('', ...demoLoginLines());
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
