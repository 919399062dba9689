import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher, TEST_COST } from '../../server/lib/password.js';
import { createTestApp, type TestApp } from '../../server/test/harness.js';
import { type BulkLoader, pgLoader, pgliteLoader } from '../datagen/bulk.js';
import { generateDistrict } from '../datagen/generate.js';
import type { Manifest } from '../datagen/manifest.js';
import { installSqlCapture } from './capture.js';
import { rawPg, rawPglite } from './raw.js';
import { resultPrefix, writeResults } from './report.js';
import { type BenchEnv, type BenchRun, runBench } from './run.js';

/**
 * A smoke run of the benchmark harness so it cannot rot (issue 6 §2): a tiny generated district, the app listening
 * in this process (the CLI starts it in its own), three scenarios for a second each on one connection. Nothing is
 * timed: it checks that every request succeeded, every figure is there and the files are written.
 */
let t: TestApp;
let loader: BulkLoader | undefined;
let manifest: Manifest;
let databaseUrl: string | undefined;
let run: BenchRun;
const out = mkdtempSync(join(tmpdir(), 'dapter-bench-test-'));

beforeAll(async () => {
  t = await createTestApp();
  if (t.handle.kind === 'pglite') loader = pgliteLoader(t.handle.pglite!);
  else {
    // The harness's PostgreSQL database is a private copy: the same server, its own name.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.handle.db);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    databaseUrl = url.toString();
    loader = await pgLoader(databaseUrl);
  }
  const generated = await generateDistrict(
    { db: t.handle.db, loader, hasher: new PasswordHasher(TEST_COST) },
    { schools: 1, students: 60, weeks: 2, seed: 7, regionId: 10, at: new Date('2026-09-01T03:00:00Z') },
  );
  manifest = generated.manifest;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const env: BenchEnv = {
    databaseKind: t.handle.kind,
    async startServer({ captureFile }) {
      const uninstall = captureFile ? installSqlCapture(captureFile, t.handle.pglite) : () => {};
      return { url, pid: process.pid, separateProcess: false, stop: async () => uninstall() };
    },
    async openRaw() {
      return t.handle.kind === 'pglite' ? rawPglite(t.handle.pglite!) : rawPg(databaseUrl!);
    },
    serverSettings: { entry: 'in-process (smoke test)' },
  };
  run = await runBench(env, {
    scenarios: ['diary-week', 'journal-grid', 'mark-saves', 'district-stats'],
    seconds: 1,
    warmupSeconds: 0,
    connections: 1,
    manifest,
    usersPerRole: 12,
    grids: 8,
    rawClients: 1,
    samples: 2,
    pgbenchScenarios: [],
    // The test app's clock is a fixed one: the test counts the audit rows itself.
    checkAudit: false,
    seed: 1,
    log: () => {},
  });
});

afterAll(async () => {
  await loader?.close();
  await t?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('bench harness smoke run (issue 6 §2)', () => {
  it('runs the scenarios without a single failed request and records every figure', () => {
    expect(run.machine.cpus).toBeGreaterThan(0);
    expect(run.machine.loadAverageBefore).toHaveLength(3);
    expect(run.database.kind).toBe(t.handle.kind);
    expect(run.database.district.students).toBe(60);
    expect(run.sessions.teacher).toBeGreaterThan(0);
    const byName = new Map(run.results.map((r) => [r.scenario, r]));
    // The journal exists in every build; the diary is its own module (a 404 would be recorded as skipped).
    for (const name of ['journal-grid', 'mark-saves']) expect(byName.get(name)?.status).toBe('ok');
    for (const r of run.results.filter((x) => x.status === 'ok')) {
      const h = r.http!;
      expect(h.requests, r.scenario).toBeGreaterThan(0);
      expect(h.errors, r.scenario).toMatchObject({ total: 0, non2xx: 0, socket: 0, timeouts: 0 });
      for (const k of ['p50', 'p95', 'p99', 'max', 'mean'] as const) expect(h.latencyMs[k]).toBeGreaterThan(0);
      expect(h.rss?.maxMb).toBeGreaterThan(0);
    }
    const saves = byName.get('mark-saves')!;
    expect(saves.http!.marks!.saved).toBeGreaterThan(0);
    expect(saves.raw?.skipped).toMatch(/not replayable/);
    // The floor replayed the statements the grid request ran, and the ratio is computed from them.
    const grid = byName.get('journal-grid')!;
    expect(grid.raw?.samples).toBe(2);
    expect(grid.raw?.statements?.some((s) => /from "lessons"|from lessons/i.test(s))).toBe(true);
    expect(grid.raw?.best?.rps).toBeGreaterThan(0);
    expect(grid.raw?.ratio).toBeGreaterThan(0);
    // The district employee's statistics over the generated schools (server/modules/statistics).
    expect(byName.get('district-stats')?.status).toBe('ok');
  });

  it('the saves were real writes: the marks the run saved are in the database, each with its audit row', async () => {
    const schoolId = manifest.schools[0]!.schoolId;
    const { rows } = await sql<{ audits: number }>`
      select count(*)::int as audits from audit_events
       where institution_id = ${schoolId} and action in ('journal.markCreated', 'journal.markChanged')`.execute(
      t.handle.db,
    );
    const saved = run.results.find((r) => r.scenario === 'mark-saves')!.http!.marks!.saved;
    expect(rows[0]!.audits).toBeGreaterThanOrEqual(saved);
  });

  it('writes one JSON file per scenario and the summary against the targets', () => {
    const files = writeResults(run, out);
    for (const r of run.results) {
      const file = join(out, `${resultPrefix(run)}-${r.scenario}.json`);
      expect(files).toContain(file);
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(json).toMatchObject({ scenario: r.scenario, machine: { cpus: run.machine.cpus } });
    }
    const summary = join(out, `${resultPrefix(run)}-summary.md`);
    expect(existsSync(summary)).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain('| journal-grid |');
  });
});
