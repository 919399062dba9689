import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/client.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { PasswordHasher } from '../../server/lib/password.js';
import { type BulkLoader, pgLoader, pgliteLoader } from './bulk.js';
import { generateDistrict } from './generate.js';
import { existingData, resetSchema } from './guard.js';

/**
 * `npm run datagen -- --schools 50 --students 800 --weeks 9` — a district of generated schools for benchmarks
 * (issue 6 §1), in the database the app is configured for: PostgreSQL when DATABASE_URL (or --database-url) is
 * set, else PGlite in DATA_DIR (or --data-dir). Migrates first, like `npm start`.
 *
 *   --seed N          the random seed (default 1): the same seed gives the same data
 *   --region ID       the region the district is under (reference ids 2–21; default 10, Karaganda)
 *   --year YYYY       the calendar template's start year (default: the latest)
 *   --jobs N          schools loaded in parallel on PostgreSQL, one connection each (default 2)
 *   --manifest PATH   where the sample logins go (default bench/datagen-manifest.json)
 *   --force           add a district although the database holds other (non-demo) data or an earlier one
 *   --reset           DROP the whole public schema first and migrate afresh — every row is lost (throwaway DBs)
 */
const { values } = parseArgs({
  options: {
    schools: { type: 'string', default: '1' },
    students: { type: 'string', default: '800' },
    weeks: { type: 'string', default: '9' },
    seed: { type: 'string', default: '1' },
    region: { type: 'string', default: '10' },
    year: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    manifest: { type: 'string', default: 'bench/datagen-manifest.json' },
    force: { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
  },
});

const int = (name: string, v: string | undefined, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}…${max}`);
  return n;
};
const opts = {
  schools: int('schools', values.schools, 1, 2000),
  students: int('students', values.students, 1, 5000),
  weeks: int('weeks', values.weeks, 1, 40),
  seed: int('seed', values.seed, 0, 2 ** 31 - 1),
  regionId: int('region', values.region, 2, 21),
  jobs: int('jobs', values.jobs, 1, 8),
  templateYear: values.year === undefined ? undefined : int('year', values.year, 2000, 2100),
  at: new Date(),
};

const config = loadConfig({
  ...process.env,
  ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
  ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}),
});
if (config.NODE_ENV === 'production' && !values.force) {
  throw new Error('Refusing to generate test data with NODE_ENV=production (use --force if you really mean it)');
}
const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: opts.jobs });
const where = handle.kind === 'pg' ? 'PostgreSQL' : `PGlite in ${config.DATA_DIR}/pglite`;
let loader: BulkLoader | undefined;
const moreLoaders: BulkLoader[] = [];
try {
  if (values.reset) {
    console.log(`--reset: dropping every table of ${where} and migrating afresh…`);
    await resetSchema(handle.db);
  } else await migrateToLatest(handle.db as never);
  const existing = await existingData(handle.db);
  if (!values.force && !values.reset && (existing.foreign > 0 || existing.generated > 0)) {
    throw new Error(
      existing.foreign > 0
        ? `${where} holds ${existing.foreign} people that are neither demo nor generated data: refusing (--force adds a district anyway, --reset wipes the database)`
        : `${where} already holds ${existing.generated} generated district(s): use --reset to start afresh or --force to add another`,
    );
  }
  loader = handle.kind === 'pg' ? await pgLoader(config.DATABASE_URL!) : pgliteLoader(handle.pglite!);
  // PGlite is one connection: its schools load one after the other.
  if (handle.kind === 'pg') {
    for (let j = 1; j < opts.jobs; j++) moreLoaders.push(await pgLoader(config.DATABASE_URL!));
  }
  console.log(
    `Generating ${opts.schools} school(s) × ${opts.students} students, ${opts.weeks} week(s), seed ${opts.seed} into ${where}…`,
  );
  const result = await generateDistrict(
    { db: handle.db, loader, moreLoaders, hasher: new PasswordHasher(), log: (line) => console.log(`  ${line}`) },
    opts,
  );
  const t = performance.now();
  await loader.query('analyze');
  console.log(`  analyze: ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const file = resolve(values.manifest);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result.manifest, null, 2)}\n`);
  const width = Math.max(...Object.keys(result.counts).map((k) => k.length));
  console.log('\nRows written:');
  for (const [table, n] of Object.entries(result.counts))
    console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('en')}`);
  console.log(
    `\nDone in ${result.seconds.toFixed(1)} s (+ analyze). District ${result.manifest.districtId}; lessons ${result.manifest.range.from} … ${result.manifest.range.to}.`,
  );
  console.log(`Every generated account's password: ${result.manifest.password}. Sample logins: ${file}`);
} catch (e) {
  // A refusal or a bad flag is a message, not a stack trace.
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  for (const l of [loader, ...moreLoaders]) await l?.close();
  await handle.close();
}
