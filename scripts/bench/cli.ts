import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.js';
import { openPglite } from '../../server/db/client.js';
import { buildServer } from '../build-server.mjs';
import type { Manifest } from '../datagen/manifest.js';
import { topSelfTime } from './profile.js';
import { pgbenchFloor, rawPg, rawPglite } from './raw.js';
import { resultPrefix, writeResults } from './report.js';
import { type BenchEnv, runBench, type ServerHandle } from './run.js';
import { SCENARIOS } from './scenarios.js';

/**
 * `npm run bench -- --scenario all --duration 10` — issue 6 §2: starts the real server on the configured database
 * (DATABASE_URL → PostgreSQL, else PGlite in DATA_DIR; or --database-url / --data-dir) in its own process, signs
 * in many generated users from the datagen manifest and drives each scenario over HTTP with autocannon, then runs
 * the same SQL straight on the database (the floor). Results: --out/<date>-<scenario>.json and <date>-summary.md
 * (<date>-pglite-… on PGlite).
 *
 *   --scenario NAME|all   one of: all, SCENARIOS' names (comma-separated for several)
 *   --duration S          seconds per scenario (and per raw-floor run; default 10); --warmup S (default 2)
 *   --connections N       HTTP connections for every scenario (default: each scenario's own, the §3 figure)
 *   --users N             signed-in users per role (default 40); --grids N journals read for the writes (default 40)
 *   --raw-clients N       PostgreSQL connections of the floor (default: DATABASE_POOL_SIZE, the app's pool)
 *   --samples N           requests per scenario whose SQL is captured for the floor (default 20); on PostgreSQL
 *                         the diary week's floor is also run by pgbench -M prepared at 2, 4 and 8 clients
 *   --cpu-prof            profile the server (node --cpu-prof); prints the top 10 functions by self time
 *   --sessions-cache FILE reuse the signed-in sessions kept in FILE while they are live (back-to-back A/B runs)
 *   --tsx                 run the server's TypeScript under tsx instead of the esbuild bundle (the default, built
 *                         first when stale: dist/scripts/bench/server.js — the same layout and memory as `npm start`)
 */
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    manifest: { type: 'string', default: 'bench/datagen-manifest.json' },
    out: { type: 'string', default: 'bench/results' },
    users: { type: 'string', default: '40' },
    grids: { type: 'string', default: '40' },
    'raw-clients': { type: 'string' },
    samples: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
    'cpu-prof': { type: 'boolean', default: false },
    'sessions-cache': { type: 'string' },
    tsx: { type: 'boolean', default: false },
  },
});

const num = (name: string, v: string | undefined, min: number) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return x;
};

const config = loadConfig({
  ...process.env,
  ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
  ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}),
});
const manifest = JSON.parse(readFileSync(resolve(values.manifest), 'utf8')) as Manifest;
const scenarios =
  values.scenario === 'all' ? SCENARIOS.map((s) => s.name) : values.scenario.split(',').map((s) => s.trim());
const outDir = resolve(values.out);
const profileDir = join(outDir, 'profiles');

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
/**
 * How the server process is run: by default the esbuild bundle of server.ts, as `npm start` runs the bundle of
 * server/main.ts (tsx's loader alone is ≈ 77 MB of RSS, so the memory measured would not be what users run);
 * --tsx for the sources as they are.
 */
/**
 * The V8 heap limit `npm start` gives the server (package.json's start script, `HEAP_LIMIT_MB` else its default):
 * with no limit V8 sizes the heap from the machine's memory and lets garbage grow to ≈ 4× the live heap between
 * major collections — the mixed profile's RSS peak went from 342 to 213 MB with 512 MB (docs/SCALING.md).
 */
const heapLimitMb = process.env.HEAP_LIMIT_MB ?? startScriptHeapDefault();
function startScriptHeapDefault(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const m = /--max-old-space-size=\$\{HEAP_LIMIT_MB:-(\d+)\}/.exec(pkg.scripts.start ?? '');
  if (!m) throw new Error('package.json start script: no --max-old-space-size=${HEAP_LIMIT_MB:-N}');
  return m[1]!;
}
const serverCommand = values.tsx
  ? ['--import', 'tsx', SERVER]
  : [(await buildServer({ entries: ['scripts/bench/server.ts'] }))[0]!.out];
/**
 * The server's environment: the app's configuration, but limits that would refuse a benchmark's traffic raised
 * (one address signs in hundreds of users; a teacher saves many columns a minute) and logs at --log-level.
 */
const serverEnv = {
  ...process.env,
  ...(config.DATABASE_URL ? { DATABASE_URL: config.DATABASE_URL } : { DATA_DIR: config.DATA_DIR }),
  DATABASE_POOL_SIZE: String(config.DATABASE_POOL_SIZE),
  DATABASE_PREPARED_STATEMENTS: String(config.DATABASE_PREPARED_STATEMENTS),
  NODE_ENV: 'production',
  PORT: '0',
  LOG_LEVEL: values['log-level'],
  RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
  RATE_LIMIT_SIGNIN_PER_MINUTE: '100000000',
  SIGNIN_FREE_FAILURES: '100',
};

async function startServer(opts: { captureFile?: string; env?: Record<string, string> }): Promise<ServerHandle> {
  const profile = values['cpu-prof'] && !opts.captureFile;
  if (profile) mkdirSync(profileDir, { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    [
      `--max-old-space-size=${heapLimitMb}`,
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      ...serverCommand,
    ],
    {
      env: { ...serverEnv, ...opts.env, ...(opts.captureFile ? { BENCH_SQL_CAPTURE: opts.captureFile } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const [port, readyMs] = await new Promise<[number, number]>((resolvePort, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^BENCH_READY (\d+) (\d+)$/.exec(line);
      if (m) resolvePort([Number(m[1]), Number(m[2])]);
      else process.stdout.write(`  [server] ${line}\n`);
    });
    void exited.then((code) => reject(new Error(`the server exited with ${code} before it was ready`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    separateProcess: true,
    readyMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const hasPgbench = () => spawnSync('pgbench', ['--version']).status === 0;
const pgbenchSeconds = Math.max(2, Math.round(Number(values.duration) / 2));

const env: BenchEnv = {
  databaseKind: config.DATABASE_URL ? 'pg' : 'pglite',
  ...(config.DATABASE_URL ? { databaseName: decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1)) } : {}),
  startServer,
  async openRaw() {
    if (config.DATABASE_URL) return rawPg(config.DATABASE_URL);
    const pglite = await openPglite(`${config.DATA_DIR}/pglite`);
    return rawPglite(pglite, () => pglite.close());
  },
  ...(config.DATABASE_URL && hasPgbench()
    ? {
        pgbench: (samples, dir) =>
          pgbenchFloor(config.DATABASE_URL!, samples, { clients: [2, 4, 8], seconds: pgbenchSeconds, dir }),
      }
    : {}),
  serverSettings: {
    entry: `scripts/bench/server.ts (buildApp, real config, jobs off, no SPA), ${values.tsx ? 'under tsx' : 'esbuild bundle run by node'}`,
    DATABASE_POOL_SIZE: config.DATABASE_POOL_SIZE,
    ...(config.DATABASE_URL ? { DATABASE_PREPARED_STATEMENTS: config.DATABASE_PREPARED_STATEMENTS } : {}),
    LOG_LEVEL: values['log-level'],
    NODE_ENV: 'production',
    heapLimitMb: Number(heapLimitMb),
    rateLimitsRaised: true,
    cpuProfile: values['cpu-prof'],
  },
};

const started = Date.now();
const run = await runBench(env, {
  scenarios,
  seconds: num('duration', values.duration, 1),
  warmupSeconds: num('warmup', values.warmup, 0),
  connections: values.connections === undefined ? undefined : num('connections', values.connections, 1),
  manifest,
  usersPerRole: num('users', values.users, 1),
  ...(values['sessions-cache'] ? { sessionsCache: resolve(values['sessions-cache']) } : {}),
  grids: num('grids', values.grids, 1),
  rawClients:
    values['raw-clients'] === undefined ? config.DATABASE_POOL_SIZE : num('raw-clients', values['raw-clients'], 1),
  samples: num('samples', values.samples, 0),
  pgbenchScenarios: ['diary-week'],
  checkAudit: true,
  seed: num('seed', values.seed, 0),
  log: (line) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`),
});
const files = writeResults(run, outDir);
if (values['cpu-prof']) {
  for (const r of run.results) {
    if (!r.http || !r.process) continue;
    // node names it CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the server's main thread (tsx
    // runs its loader in a worker thread, which writes a profile of its own).
    const main = readdirSync(profileDir).find((f) => f.includes(`.${r.process!.pid}.0.`) && f.endsWith('.cpuprofile'));
    if (!main) continue;
    // The load only: the warm-up, the run and the second before the server stops — not the start-up.
    const window = Math.round(r.http.durationSeconds + r.warmupSeconds + 1);
    const top = topSelfTime(JSON.parse(readFileSync(join(profileDir, main), 'utf8')), 10, window);
    const file = join(outDir, `${resultPrefix(run)}-${r.scenario}-cpu-top.md`);
    writeFileSync(file, `# Server CPU profile: ${r.scenario}\n\nProfile: ${join(profileDir, main)}\n\n${top}`);
    files.push(file);
    console.log(`\n${r.scenario}: ${top}`);
  }
}
console.log(`\nWritten:\n${files.map((f) => `  ${f}`).join('\n')}`);
