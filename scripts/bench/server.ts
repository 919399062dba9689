import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/client.js';
import { systemClock } from '../../server/lib/clock.js';
import { createMailer } from '../../server/lib/mail.js';
import { PasswordHasher } from '../../server/lib/password.js';
import { loggerOptions } from '../../server/logger.js';
import { installSqlCapture } from './capture.js';

/**
 * The server under benchmark, in its own process (the load generator must not share its event loop): the real
 * app on the real configuration from the environment — the same as `npm start` minus what a benchmark must not
 * measure or trigger: no migrations or demo seed (datagen migrated), no SPA files, no periodic jobs. Prints
 * `BENCH_READY <port> <ms>` once listening (ms since the process started, module loading included). With
 * BENCH_SQL_CAPTURE=<file> every statement the database driver is sent is appended to that file (the harness's
 * raw-SQL floor replays them); never set during a measured run.
 */
const config = loadConfig();
const handle = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.DATA_DIR,
  poolSize: config.DATABASE_POOL_SIZE,
  preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
});
const capture = process.env.BENCH_SQL_CAPTURE;
if (capture) installSqlCapture(capture, handle.pglite);

const hasher = new PasswordHasher();
const mailer = createMailer(config, handle.db);
const app = await buildApp(
  { config, db: handle.db, clock: systemClock, hasher, mailer },
  { logger: loggerOptions(config), serveWeb: false, jobs: false },
);
await app.listen({ port: config.PORT, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
console.log(`BENCH_READY ${port} ${Math.round(performance.now())}`);

/**
 * BENCH_MEMORY=1: where the RSS goes (V8 heap used/total, external, array buffers), sampled every 250 ms and
 * printed at shutdown — what decides between a heap limit, a smaller young generation or streaming a response.
 */
const memory = process.env.BENCH_MEMORY ? sampleMemory() : undefined;
function sampleMemory() {
  const max: Record<string, number> = {};
  const sum: Record<string, number> = {};
  let n = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage() as unknown as Record<string, number>;
    n++;
    for (const [k, v] of Object.entries(m)) {
      max[k] = Math.max(max[k] ?? 0, v);
      sum[k] = (sum[k] ?? 0) + v;
    }
  }, 250);
  timer.unref();
  return () => {
    const mb = (b: number) => Math.round(b / 1048576);
    const rows = Object.keys(max).map((k) => `${k} max ${mb(max[k]!)} / mean ${mb(sum[k]! / n)} MB`);
    console.error(`BENCH_MEMORY ${rows.join(', ')}`);
  };
}

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  memory?.();
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await handle.close();
  // process.exit would skip writing a --cpu-prof profile: let the loop drain instead.
  process.exitCode = 0;
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
