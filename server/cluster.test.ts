import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServer, DEFAULT_OUTDIR } from '../scripts/build-server.mjs';
import { loadConfig } from './config.js';
import { kyselyOnPg } from './db/client.js';
import { PasswordHasher, TEST_COST } from './lib/password.js';
import { SESSION_COOKIE } from './plugins/auth.js';
import { createTenant, type Tenant } from './test/factories.js';

/**
 * WORKERS=N: the real server as `npm start` runs it — the esbuild bundle of server/main.ts (built afresh into a
 * directory of its own), so node:cluster re-running the bundle is what is tested — as its own process tree (a
 * primary and two workers) on a fresh copy of the test database. PostgreSQL only: the embedded database is one process, so WORKERS > 1 is refused there.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('WORKERS configuration', () => {
  it('refuses more than one worker without PostgreSQL, with a message saying why', () => {
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(
      /WORKERS: more than one worker needs PostgreSQL \(set DATABASE_URL\)/,
    );
    expect(loadConfig({}).WORKERS).toBe(1);
    expect(loadConfig({ WORKERS: '4', DATABASE_URL: 'postgres://u:p@h/d' }).WORKERS).toBe(4);
  });
});

interface Reply {
  status: number;
  worker: string | undefined;
  body: string;
  cookie?: string;
}

/** One request on a connection of its own (no keep-alive), so the cluster hands each to the next worker. */
function send(
  port: number,
  method: string,
  path: string,
  opts: { cookie?: string; csrf?: string; body?: unknown } = {},
) {
  return new Promise<Reply>((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          connection: 'close',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(opts.cookie ? { cookie: `${SESSION_COOKIE}=${opts.cookie}` } : {}),
          ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
          const session = set.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
          resolve({
            status: res.statusCode ?? 0,
            worker: res.headers['x-dapter-worker'] as string | undefined,
            body: Buffer.concat(chunks).toString('utf8'),
            cookie: session?.slice(SESSION_COOKIE.length + 1).split(';')[0],
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The primary's worker processes (its node children running the bundle). */
const workerPids = (primary: number) => {
  try {
    return execFileSync('pgrep', ['-P', String(primary), '-f', 'server/main.js'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe.skipIf(inject('dbKind') !== 'pg')('WORKERS=2 on PostgreSQL', () => {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `dapter_t_${randomBytes(6).toString('hex')}`;
  let url: string;
  let server: ChildProcess;
  let exited: Promise<number | null>;
  let port: number;
  let tenant: Tenant;
  let output = '';
  let outdir: string | undefined;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('template')}`);
    await admin.end();
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    const handle = kyselyOnPg(url, 2);
    tenant = await createTenant(handle.db, new PasswordHasher(TEST_COST));
    await handle.close();

    port = await freePort();
    mkdirSync(DEFAULT_OUTDIR, { recursive: true });
    outdir = mkdtempSync(join(DEFAULT_OUTDIR, '.test-'));
    const [bundle] = await buildServer({ outdir, force: true, log: () => {} });
    server = spawn(process.execPath, [bundle!.out], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: url,
        WORKERS: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'never',
        LOG_LEVEL: 'warn',
        DATABASE_POOL_SIZE: '2',
        RATE_LIMIT_WRITES_PER_MINUTE: '6',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    server.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    await until('both workers to listen', () => output.includes('Dapter is running'), 150_000);
  }, 170_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      for (const pid of workerPids(server.pid!)) process.kill(pid, 'SIGKILL');
    }
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('serves one session from both workers, shares its rate limit, restarts a dead worker and drains on SIGTERM', async () => {
    const signIn = await send(port, 'POST', '/api/v1/auth/sign-in', {
      body: { username: tenant.people.teacher.username, password: tenant.people.teacher.password },
    });
    expect(signIn.status, signIn.body).toBe(200);
    const cookie = signIn.cookie!;
    const me = await send(port, 'GET', '/api/v1/me', { cookie });
    expect(me.status).toBe(200);
    const csrf = (JSON.parse(me.body) as { csrfToken: string }).csrfToken;

    // Many reads with the one session: every one succeeds, and both workers answered.
    const reads = [];
    for (let i = 0; i < 16; i++) reads.push(await send(port, 'GET', '/api/v1/me', { cookie }));
    expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
    expect(new Set(reads.map((r) => r.worker))).toEqual(new Set(['1', '2']));

    // Writes of the session: the limit (6 a minute) counts across the workers, not per worker.
    const writes = [];
    for (let i = 0; i < 9; i++)
      writes.push(await send(port, 'PATCH', '/api/v1/me/preferences', { cookie, csrf, body: { locale: 'ru' } }));
    expect(writes.map((w) => w.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429]);
    expect(new Set(writes.slice(0, 6).map((w) => w.worker))).toEqual(new Set(['1', '2']));

    // A worker killed outright is started again; the session goes on working on both.
    const before = workerPids(server.pid!);
    expect(before).toHaveLength(2);
    process.kill(before[0]!, 'SIGKILL');
    await until('the worker to be replaced', () => {
      const now = workerPids(server.pid!);
      return now.length === 2 && !now.includes(before[0]!);
    });
    await until('both workers to answer again', async () => {
      const seen = new Set<string | undefined>();
      for (let i = 0; i < 6; i++) {
        const r = await send(port, 'GET', '/api/v1/me', { cookie }).catch(() => null);
        if (r?.status === 200) seen.add(r.worker);
      }
      return seen.size === 2;
    });

    // SIGTERM to the primary: the workers drain and everything exits cleanly.
    const workers = workerPids(server.pid!);
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 170_000);
});
