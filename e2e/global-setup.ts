import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../scripts/build-server.mjs';
import { startTestSmtp } from '../server/modules/mail/test-smtp.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the server under test listens, e.g. http://127.0.0.1:40123 (no trailing slash). */
    baseUrl: string;
    /** Where the test SMTP server writes each message the server sends (read with e2e/mailbox.ts). */
    mailDir: string;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const READY_TIMEOUT_MS = 120_000;
const SHUTDOWN_TIMEOUT_MS = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export interface RunningServer {
  baseUrl: string;
  logPath: string;
  /** SIGTERM, then wait; resolves with how it ended (null: it had to be killed). Removes its data directory. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;
  /** The last few KB of its output, for error messages. */
  tail(): string;
}

/**
 * Starts the real server — the bundle `npm start` runs (dist/server/main.js, rebuilt first when older than its
 * sources: scripts/build-server.mjs), so the browser tests exercise what users run — on a free port with an empty
 * data directory, so it migrates and seeds the demo data exactly as a first start would. `env` adds or
 * overrides settings (a test file may start a second server with another policy, e.g. a short password age).
 */
export async function startServer(name: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'dapter-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const logPath = join(ARTIFACTS, `${name}.log`);
  const log = createWriteStream(logPath);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // Mailed links (recovery, e-mail confirmation) point at this server.
    PUBLIC_URL: baseUrl,
    // Every browser signs in from 127.0.0.1: the per-address limit would make files fail by their order, not
    // their content (the API tests raise it the same way; the limit itself has its own tests in server/app.test.ts).
    RATE_LIMIT_SIGNIN_PER_MINUTE: '600',
    ...env,
  };
  // The browser tests run on the embedded database in DATA_DIR, never on a PostgreSQL the shell points at.
  delete childEnv.DATABASE_URL;
  if (!env.SMTP_URL) delete childEnv.SMTP_URL;

  const [bundle] = await buildServer({ log: (line) => log.write(`${line}\n`) });
  const child = spawn(process.execPath, [bundle!.out], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = exited(child);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let ready = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  if (!ready) {
    child.kill('SIGKILL');
    await exit;
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `server did not answer GET /readyz with 200 within ${READY_TIMEOUT_MS / 1000} s ` +
        `(exit ${child.exitCode ?? child.signalCode ?? 'none'}); full log in ${logPath}; last output:\n${tail}`,
    );
  }

  return {
    baseUrl,
    logPath,
    tail: () => tail,
    stop: async () => {
      child.kill('SIGTERM');
      const result = await Promise.race([exit, sleep(SHUTDOWN_TIMEOUT_MS).then(() => null)]);
      if (result === null) child.kill('SIGKILL');
      await exit;
      log.end();
      rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

/**
 * The run's server, with a real SMTP server (smtp-server on a loopback port, SMTP_URL) that writes every message
 * to a temporary directory the tests read. Stops both at the end and fails the run if the server does not exit
 * cleanly on SIGTERM: graceful shutdown is part of what is tested.
 */
export default async function setup(project: TestProject) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Screenshots describe this run only.
  for (const file of readdirSync(ARTIFACTS)) if (file.endsWith('.png')) rmSync(join(ARTIFACTS, file));
  const mailDir = mkdtempSync(join(tmpdir(), 'dapter-e2e-mail-'));
  const smtp = await startTestSmtp({ dir: mailDir });
  let server: RunningServer;
  try {
    // Notification e-mails wait 3 s instead of 30 (the burst debounce), so a test sees the mark's e-mail quickly.
    server = await startServer('server', { SMTP_URL: smtp.url, NOTIFY_DEBOUNCE_SECONDS: '3' });
  } catch (error) {
    await smtp.close();
    rmSync(mailDir, { recursive: true, force: true });
    throw error;
  }

  project.provide('baseUrl', server.baseUrl);
  project.provide('mailDir', mailDir);

  return async () => {
    const result = await server.stop();
    await smtp.close();
    rmSync(mailDir, { recursive: true, force: true });
    // Vitest only logs an error thrown here ("Error during close") and still exits 0: set the exit code too.
    if (result === null || result.code !== 0) process.exitCode = 1;
    if (result === null) {
      throw new Error(
        `server did not exit within ${SHUTDOWN_TIMEOUT_MS / 1000} s of SIGTERM (killed); log: ${server.logPath}`,
      );
    }
    if (result.code !== 0) {
      throw new Error(
        `server did not shut down gracefully on SIGTERM (exit code ${result.code}, signal ${result.signal}); ` +
          `log: ${server.logPath}; last output:\n${server.tail()}`,
      );
    }
  };
}
