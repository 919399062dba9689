import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../datagen/manifest.js';
import { type Statement, takeCaptured } from './capture.js';
import { type LoadResult, runLoad } from './load.js';
import { type PgbenchResult, type RawDb, type RawResult, replay } from './raw.js';
import {
  type PrepareCache,
  type PrepareContext,
  SCENARIOS,
  type ScenarioDef,
  seededRandom,
  type Target,
  type Workload,
} from './scenarios.js';
import { signInPool } from './sessions.js';

export interface ServerHandle {
  url: string;
  /** The process whose RSS is sampled (the server's own; in the smoke test the test process). */
  pid: number;
  separateProcess: boolean;
  /** From process start to listening (the server's own figure), when it is a process of its own. */
  readyMs?: number;
  stop(): Promise<void>;
}

/** Where the harness runs: how to start the server (optionally capturing its SQL) and reach the database. */
export interface BenchEnv {
  databaseKind: 'pg' | 'pglite';
  startServer(opts: { captureFile?: string; env?: Record<string, string> }): Promise<ServerHandle>;
  openRaw(): Promise<RawDb>;
  /** pgbench on the captured statements (PostgreSQL, when pgbench is installed), in a scratch directory. */
  pgbench?: (samples: Statement[][], dir: string) => Promise<PgbenchResult>;
  /** PostgreSQL: the database's name, whose backends' CPU per request is measured (cpu.ts). */
  databaseName?: string;
  /** Server settings worth recording (pool size, log level…). */
  serverSettings: Record<string, unknown>;
}

export interface BenchOptions {
  scenarios: string[];
  seconds: number;
  warmupSeconds: number;
  /** Overrides every scenario's default connection count. */
  connections?: number;
  manifest: Manifest;
  usersPerRole: number;
  /** Reuse live sessions from this file (sessions.ts). */
  sessionsCache?: string;
  grids: number;
  /** Connections of the raw-SQL floor (PostgreSQL); PGlite has one. */
  rawClients: number;
  /** Captured requests per scenario the floor replays. */
  samples: number;
  /** Count the mark audit rows written during each saving run (the clock of the server is the real one). */
  checkAudit: boolean;
  /** Scenarios whose floor is also measured with pgbench (when the environment offers it). */
  pgbenchScenarios: string[];
  seed: number;
  log: (line: string) => void;
}

export interface TargetCheck {
  text: string;
  met: boolean | null;
  detail: string;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  description: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  shape?: Record<string, unknown>;
  http?: LoadResult;
  /** The server process this scenario ran on (a fresh one per scenario). */
  process?: { pid: number; separateProcess: boolean; startToReadyMs?: number };
  raw?: {
    method: string;
    samples: number;
    statementsPerRequest: number;
    /** The first sample request's statements (SQL text, shortened), to see what the floor ran. */
    statements?: string[];
    unnamed?: RawResult;
    prepared?: RawResult;
    pgbench?: PgbenchResult;
    best?: RawResult;
    /** The best floor (requests/s) and which one it was: node unnamed, node prepared or pgbench. */
    floor?: { rps: number; by: string };
    /** App requests/s ÷ the best raw requests/s. */
    ratio?: number;
    skipped?: string;
  };
  targets: TargetCheck[];
}

export interface BenchRun {
  date: string;
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    totalMemoryMb: number;
    node: string;
    platform: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  database: {
    kind: 'pg' | 'pglite';
    sizeBytes: number | null;
    district: Manifest['options'] & { districtId: number; range: Manifest['range'] };
  };
  server: Record<string, unknown>;
  sessions: Record<string, number>;
  results: ScenarioResult[];
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function checkTarget(t: Target, r: ScenarioResult): TargetCheck {
  const h = r.http;
  if (!h) return { text: t.text, met: null, detail: r.reason ?? 'not run' };
  const misses: string[] = [];
  const facts: string[] = [];
  const at =
    r.connections === t.connections ? '' : ` (measured at ${r.connections} connections, target at ${t.connections})`;
  if (t.minRps !== undefined) {
    facts.push(`${round(h.rps)} req/s`);
    if (h.rps < t.minRps) misses.push(`req/s ${round((1 - h.rps / t.minRps) * 100)} % below ${t.minRps}`);
  }
  if (t.maxP99Ms !== undefined) {
    facts.push(`p99 ${round(h.latencyMs.p99)} ms`);
    if (h.latencyMs.p99 > t.maxP99Ms)
      misses.push(`p99 ${round(h.latencyMs.p99 / t.maxP99Ms, 2)}× the ${t.maxP99Ms} ms`);
  }
  if (t.maxP95Ms !== undefined) {
    facts.push(`p95 ${round(h.latencyMs.p95)} ms`);
    if (h.latencyMs.p95 > t.maxP95Ms)
      misses.push(`p95 ${round(h.latencyMs.p95 / t.maxP95Ms, 2)}× the ${t.maxP95Ms} ms`);
  }
  if (t.minMarksPerSecond !== undefined) {
    const m = h.marks?.perSecond ?? 0;
    facts.push(`${round(m)} marks/s`);
    if (m < t.minMarksPerSecond)
      misses.push(`marks/s ${round((1 - m / t.minMarksPerSecond) * 100)} % below ${t.minMarksPerSecond}`);
  }
  if (t.maxRssMb !== undefined) {
    const mb = h.rss?.maxMb;
    facts.push(mb === undefined ? 'RSS not sampled' : `max RSS ${round(mb)} MB`);
    if (mb !== undefined && mb > t.maxRssMb) misses.push(`RSS ${round(mb - t.maxRssMb)} MB over ${t.maxRssMb}`);
  }
  if (t.minRawRatio !== undefined) {
    const ratio = r.raw?.ratio;
    facts.push(ratio === undefined ? 'no raw floor' : `ratio ${round(ratio, 2)}`);
    if (ratio !== undefined && ratio < t.minRawRatio)
      misses.push(`ratio ${round(t.minRawRatio - ratio, 2)} below ${t.minRawRatio}`);
  }
  if (t.maxReadyMs !== undefined) {
    const ms = r.process?.startToReadyMs;
    facts.push(ms === undefined ? 'start not timed (in-process server)' : `start to ready ${round(ms / 1000, 2)} s`);
    if (ms !== undefined && ms > t.maxReadyMs) misses.push(`${round((ms - t.maxReadyMs) / 1000, 2)} s over`);
  }
  if (t.noneLost) {
    const m = h.marks;
    facts.push(m?.auditRows === undefined ? 'audit not counted' : `${m.auditRows} audit rows for ${m.saved} marks`);
    if (m?.lost) misses.push(`${m.lost} saved marks without an audit row`);
  }
  if (t.zeroErrors) {
    facts.push(`${h.errors.total} errors`);
    if (h.errors.total > 0) misses.push(`${h.errors.total} errors`);
  }
  const unknown =
    (t.minRawRatio !== undefined && r.raw?.ratio === undefined) ||
    (t.maxReadyMs !== undefined && r.process?.startToReadyMs === undefined);
  return {
    text: t.text,
    met: unknown ? null : misses.length === 0,
    detail: `${facts.join(', ')}${misses.length ? ` — missed: ${misses.join('; ')}` : ''}${at}`,
  };
}

/** Sends each sample request once, alone, and keeps the statements the server ran for it. */
async function captureSamples(
  url: string,
  file: string,
  workload: Workload,
  n: number,
): Promise<{ samples: Statement[][]; failed: number }> {
  const samples: Statement[][] = [];
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const req = workload.next();
    takeCaptured(file);
    const res = await fetch(`${url}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
    const body = await res.text();
    req.onDone?.(res.status, body);
    const statements = takeCaptured(file);
    if (res.status === 200 && statements.length > 0) samples.push(statements);
    else failed++;
  }
  return { samples, failed };
}

export async function runBench(env: BenchEnv, opts: BenchOptions): Promise<BenchRun> {
  const log = opts.log;
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const defs = opts.scenarios.map((name) => {
    const def = SCENARIOS.find((s) => s.name === name);
    if (!def) throw new Error(`unknown scenario ${name} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
    return def;
  });
  const rng = seededRandom(opts.seed);
  const cache: PrepareCache = {};
  const workloads = new Map<string, Workload | { skipped: string }>();
  const samples = new Map<string, { samples: Statement[][]; failed: number }>();

  // ── 1. A server that records its SQL: sign in, read what the write scenarios need, capture the floor's SQL.
  const dir = mkdtempSync(join(os.tmpdir(), 'dapter-bench-'));
  const captureFile = join(dir, 'statements.jsonl');
  let sessionCounts: Record<string, number> = {};
  let sessions: Awaited<ReturnType<typeof signInPool>>;
  try {
    log('starting the server (SQL capture on) …');
    const capturing = await env.startServer({ captureFile });
    try {
      const t0 = performance.now();
      sessions = await signInPool(capturing.url, opts.manifest, opts.usersPerRole, 1, opts.sessionsCache);
      sessionCounts = Object.fromEntries(Object.entries(sessions).map(([k, v]) => [k, v.length]));
      log(
        `signed in ${Object.values(sessionCounts).reduce((s, n) => s + n, 0)} users in ${round((performance.now() - t0) / 1000)} s`,
      );
      const ctx: PrepareContext = { baseUrl: capturing.url, manifest: opts.manifest, sessions, rng, grids: opts.grids };
      for (const def of defs) {
        const w = await def.prepare(ctx, cache);
        workloads.set(def.name, w);
        if ('skipped' in w) log(`${def.name}: ${w.skipped}`);
        else if (def.replayable && opts.samples > 0) {
          samples.set(def.name, await captureSamples(capturing.url, captureFile, w, opts.samples));
        }
      }
    } finally {
      await capturing.stop();
    }

    // ── 2. The measured runs: each scenario on a fresh server without the capture, so its memory (and its
    // profile, with --cpu-prof) is its own and not what the scenarios before it left behind.
    const results: ScenarioResult[] = [];
    const windows = new Map<string, { from: Date; to: Date }>();
    for (const def of defs) {
      const w = workloads.get(def.name)!;
      const connections = opts.connections ?? def.defaultConnections;
      const base = {
        scenario: def.name,
        title: def.title,
        description: def.description,
        connections,
        durationSeconds: opts.seconds,
        warmupSeconds: opts.warmupSeconds,
        targets: [] as TargetCheck[],
      };
      if ('skipped' in w) {
        results.push({ ...base, status: 'skipped', reason: w.skipped });
        continue;
      }
      const server = await env.startServer(def.serverEnv ? { env: def.serverEnv } : {});
      const perConnection = def.requestsPerConnection?.(opts.seconds);
      const load = {
        url: server.url,
        workload: w,
        connections,
        serverPid: server.pid,
        databaseName: env.databaseName,
        ...(perConnection ? { requestsPerConnection: perConnection } : {}),
      };
      try {
        if (opts.warmupSeconds > 0 && !perConnection) await runLoad({ ...load, seconds: opts.warmupSeconds });
        if (def.warmRequests) {
          await runLoad({ ...load, connections: 1, requestsPerConnection: def.warmRequests, seconds: opts.seconds });
        }
        const from = new Date();
        const http = await runLoad({ ...load, seconds: opts.seconds });
        // Saves still in flight when the run stopped finish during the pause before the server stops.
        windows.set(def.name, { from, to: new Date(Date.now() + 1000) });
        log(
          `${def.name}: ${round(http.rps)} req/s, p50 ${round(http.latencyMs.p50)} / p95 ${round(http.latencyMs.p95)} / p99 ${round(http.latencyMs.p99)} ms, ${http.errors.total} errors${http.marks ? `, ${round(http.marks.perSecond)} marks/s` : ''}${http.rss ? `, RSS max ${round(http.rss.maxMb)} MB` : ''}${http.cpu?.serverMs != null ? `, CPU ms/request server ${http.cpu.serverMs}${http.cpu.databaseMs != null ? ` + database ${http.cpu.databaseMs}` : ''}` : ''}`,
        );
        results.push({
          ...base,
          // A fixed number of requests (term grades) takes as long as it takes.
          durationSeconds: round(http.durationSeconds, 2),
          status: 'ok',
          shape: w.shape,
          http,
          process: { pid: server.pid, separateProcess: server.separateProcess, startToReadyMs: server.readyMs },
        });
      } catch (e) {
        results.push({ ...base, status: 'failed', reason: e instanceof Error ? e.message : String(e) });
      } finally {
        // Requests autocannon left in flight finish before the server closes its database.
        await new Promise((r) => setTimeout(r, 1000));
        await server.stop();
      }
    }

    // ── 3. The floor: the captured statements straight on the database, without the app.
    const raw = await env.openRaw();
    let sizeBytes: number | null = null;
    try {
      const [r] = await raw.runners(1);
      const size = (await r!.run(
        { text: 'select pg_database_size(current_database())::text as bytes', values: [] },
        false,
      )) as {
        rows: Array<{ bytes: string }>;
      };
      r!.release();
      sizeBytes = Number(size.rows[0]?.bytes ?? Number.NaN);
      for (const res of results) {
        const def = defs.find((d) => d.name === res.scenario)!;
        if (res.status !== 'ok') continue;
        const window = windows.get(def.name);
        if (res.http?.marks && window && opts.checkAudit) {
          // None lost: every counted save left its audit rows (a few more: saves in flight when the run ended).
          const [a] = await raw.runners(1);
          const q = (await a!.run(
            {
              text: `select count(*)::int as n from audit_events
                      where action in ('journal.markCreated', 'journal.markChanged') and at >= $1 and at < $2`,
              values: [window.from.toISOString(), window.to.toISOString()],
            },
            false,
          )) as { rows: Array<{ n: number }> };
          a!.release();
          const rows = Number(q.rows[0]?.n ?? 0);
          res.http.marks.auditRows = rows;
          res.http.marks.lost = Math.max(0, res.http.marks.saved - rows);
          log(`${def.name}: ${res.http.marks.saved} marks saved, ${rows} mark audit rows in the run's window`);
        }
        const captured = samples.get(def.name);
        if (!def.replayable) {
          res.raw = {
            method: 'none',
            samples: 0,
            statementsPerRequest: 0,
            skipped: 'writes are not replayable (a replayed save would conflict with the one it copies)',
          };
          continue;
        }
        if (!captured || captured.samples.length === 0) {
          res.raw = { method: 'none', samples: 0, statementsPerRequest: 0, skipped: 'no statements captured' };
          continue;
        }
        const perRequest = captured.samples.reduce((s, x) => s + x.length, 0) / captured.samples.length;
        const clients = raw.kind === 'pg' ? opts.rawClients : 1;
        const unnamed = await replay(raw, captured.samples, { clients, seconds: opts.seconds, prepared: false });
        const prepared =
          raw.kind === 'pg'
            ? await replay(raw, captured.samples, { clients, seconds: opts.seconds, prepared: true })
            : undefined;
        const best = prepared && prepared.rps > unnamed.rps ? prepared : unnamed;
        let pgbench: PgbenchResult | undefined;
        if (env.pgbench && opts.pgbenchScenarios.includes(def.name)) {
          try {
            pgbench = await env.pgbench(captured.samples, dir);
          } catch (e) {
            log(`${def.name}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        const floor =
          pgbench && pgbench.best.tps > best.rps
            ? { rps: pgbench.best.tps, by: `pgbench -M prepared, ${pgbench.best.clients} clients` }
            : {
                rps: best.rps,
                by:
                  raw.kind === 'pglite'
                    ? 'PGlite in-process'
                    : `node-postgres ${best.prepared ? 'prepared' : 'unnamed'}, ${best.clients} connections`,
              };
        res.raw = {
          method:
            raw.kind === 'pg'
              ? `node-postgres, ${clients} connections, each replaying the captured statements of ${captured.samples.length} sample requests in turn; unnamed (as the app sends them) and named prepared statements`
              : `PGlite in the harness process (one connection), replaying the captured statements of ${captured.samples.length} sample requests`,
          samples: captured.samples.length,
          statementsPerRequest: round(perRequest, 2),
          statements: captured.samples[0]!.map((s) => (s.text.length > 400 ? `${s.text.slice(0, 400)}…` : s.text)),
          unnamed,
          ...(prepared ? { prepared } : {}),
          ...(pgbench ? { pgbench } : {}),
          best,
          floor,
          ratio: res.http ? res.http.rps / floor.rps : undefined,
        };
        log(
          `${def.name} raw floor: ${round(unnamed.rps)} req-equivalents/s unnamed${prepared ? `, ${round(prepared.rps)} prepared` : ''}${pgbench ? `, pgbench ${JSON.stringify(pgbench.byClients)}` : ''}; app ÷ raw = ${round(res.raw.ratio ?? 0, 2)}`,
        );
      }
    } finally {
      await raw.close();
    }

    for (const res of results) {
      const def = defs.find((d) => d.name === res.scenario)!;
      res.targets = def.targets[env.databaseKind].map((t) => checkTarget(t, res));
    }
    return {
      date: startedAt.toISOString().slice(0, 10),
      startedAt: startedAt.toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageBefore: loadBefore.map((x) => round(x, 2)),
        loadAverageAfter: os.loadavg().map((x) => round(x, 2)),
      },
      database: {
        kind: env.databaseKind,
        sizeBytes,
        district: { ...opts.manifest.options, districtId: opts.manifest.districtId, range: opts.manifest.range },
      },
      server: { ...env.serverSettings, freshPerScenario: true },
      sessions: sessionCounts,
      results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type { ScenarioDef };
