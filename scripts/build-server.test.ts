import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, DEFAULT_OUTDIR, ROOT } from './build-server.mjs';

/**
 * `npm start` runs the esbuild bundle (scripts/build-server.mjs), not the TypeScript under tsx: this builds it
 * afresh into a directory of its own (inside the checkout — its packages resolve from node_modules) and runs it as
 * `npm start` does, on an empty embedded database. The run-time files are read from paths that differ between the
 * two layouts (server/lib/project-root.ts): the fonts when the PDF module loads (the server would not start), the
 * common-passwords list on the first password check, the built web app when it is there.
 */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('the bundled server (npm start)', () => {
  let outdir: string;
  let dataDir: string;
  let server: ChildProcess | undefined;
  let exited: Promise<number | null>;
  let base: string;
  let output = '';

  beforeAll(async () => {
    mkdirSync(DEFAULT_OUTDIR, { recursive: true });
    outdir = mkdtempSync(join(DEFAULT_OUTDIR, '.test-'));
    dataDir = mkdtempSync(join(tmpdir(), 'dapter-bundle-'));
    const [built] = await buildServer({ outdir, force: true, log: () => {} });
    expect(built?.built).toBe(true);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      SEED_DEMO: 'auto',
      LOG_LEVEL: 'warn',
    };
    server = spawn(process.execPath, [built!.out], {
      cwd: tmpdir(), // nothing may depend on the working directory
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    server.stderr!.on('data', (c: Buffer) => {
      output += c.toString();
    });
    exited = new Promise((resolve) => server!.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 170_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the bundle exited with ${server.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the bundle did not get ready:\n${output}`);
      const ok = await fetch(`${base}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 240_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await exited;
    }
    if (outdir) rmSync(outdir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, migrates and seeds the demo, and answers /healthz', async () => {
    expect(output).toContain('Dapter is running');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('finds the common-passwords list: a demo user choosing a common password gets 422 password.common', async () => {
    const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'teacher.demo', password: 'dapter-demo-2026' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('dapter_session='))!;
    const me = (await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken: string };
    const change = await fetch(`${base}/api/v1/me/password`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'dapter-demo-2026', newPassword: 'sunshine2026' }),
    });
    expect(change.status).toBe(422);
    expect(((await change.json()) as { code: string }).code).toBe('password.common');
    expect(output).not.toMatch(/ENOENT/);
  });

  it.skipIf(!existsSync(join(ROOT, 'web', 'dist', 'index.html')))('serves the built web app', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
