import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Statement } from './capture.js';

/** A database the floor replays statements on: a few dedicated connections (PostgreSQL) or the one PGlite. */
export interface RawDb {
  kind: 'pg' | 'pglite';
  /** One runner per connection; `prepared` sends named statements (parsed and planned once per connection). */
  runners(n: number): Promise<Array<{ run(s: Statement, prepared: boolean): Promise<unknown>; release(): void }>>;
  close(): Promise<void>;
}

export function rawPg(connectionString: string): RawDb {
  const pool = new pg.Pool({ connectionString, max: 16 });
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let n = names.get(text);
    if (!n) {
      n = `bench_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      names.set(text, n);
    }
    return n;
  };
  return {
    kind: 'pg',
    async runners(n) {
      const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
      return clients.map((client) => ({
        run: (s, prepared) =>
          prepared
            ? client.query({ name: nameOf(s.text), text: s.text, values: s.values })
            : client.query(s.text, s.values),
        release: () => client.release(),
      }));
    },
    close: () => pool.end(),
  };
}

/** PGlite is one connection in this process: one runner, whatever is asked. */
export function rawPglite(pglite: PGlite, close: () => Promise<void> = async () => {}): RawDb {
  return {
    kind: 'pglite',
    async runners() {
      return [{ run: (s) => pglite.query(s.text, s.values as never), release: () => {} }];
    },
    close,
  };
}

export interface RawResult {
  /** Request equivalents (each: the whole statement sequence one captured request sent) per second. */
  rps: number;
  statementsPerSecond: number;
  clients: number;
  prepared: boolean;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Where the database time goes: the statements by total time (SQL shortened), with their mean. */
  byStatement: Array<{ sql: string; calls: number; meanMs: number; sharePercent: number }>;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

/**
 * The floor: `clients` loops, each on its own connection, replaying the captured requests' statements one after
 * the other (round robin over the samples) for `seconds`. No HTTP, no JSON, no authentication — the database
 * work alone, with the same statements and parameters the app sent.
 */
export async function replay(
  db: RawDb,
  samples: Statement[][],
  opts: { clients: number; seconds: number; prepared: boolean },
): Promise<RawResult> {
  const runners = await db.runners(opts.clients);
  // Warm-up: one pass of each sample per connection (and the named statements get prepared).
  for (const r of runners) for (const sample of samples) for (const s of sample) await r.run(s, opts.prepared);
  const latencies: number[] = [];
  const perStatement = new Map<string, { calls: number; ms: number }>();
  let statements = 0;
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  await Promise.all(
    runners.map(async (r, i) => {
      let k = i;
      while (performance.now() < until) {
        const sample = samples[k++ % samples.length]!;
        const t0 = performance.now();
        for (const s of sample) {
          const t1 = performance.now();
          await r.run(s, opts.prepared);
          const st = perStatement.get(s.text) ?? { calls: 0, ms: 0 };
          st.calls++;
          st.ms += performance.now() - t1;
          perStatement.set(s.text, st);
        }
        latencies.push(performance.now() - t0);
        statements += sample.length;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const r of runners) r.release();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    statementsPerSecond: statements / elapsed,
    clients: runners.length,
    prepared: opts.prepared,
    durationSeconds: elapsed,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    byStatement: [...perStatement]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 5)
      .map(([text, st]) => ({
        sql: text.replace(/\s+/g, ' ').slice(0, 240),
        calls: st.calls,
        meanMs: Math.round((st.ms / st.calls) * 100) / 100,
        sharePercent:
          Math.round(
            (st.ms /
              Math.max(
                1,
                [...perStatement.values()].reduce((x, y) => x + y.ms, 0),
              )) *
              1000,
          ) / 10,
      })),
  };
}

/** A parameter as an untyped SQL literal: like a bound parameter, PostgreSQL infers its type from the context. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const text = Array.isArray(v)
    ? `{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);
  return `'${text.replace(/'/g, "''")}'`;
}

/** One pgbench script per captured request: its statements with the parameters written in. */
export function pgbenchScript(sample: Statement[]): string {
  return `${sample.map((s) => `${s.text.replace(/\$(\d+)/g, (_, i: string) => literal(s.values[Number(i) - 1]))};`).join('\n')}\n`;
}

export interface PgbenchResult {
  /** Transactions (= one captured request's statements) per second at each client count; the best is the floor. */
  byClients: Record<string, number>;
  best: { clients: number; tps: number };
  command: string;
}

/**
 * The floor as issue 6 §3 defines it: pgbench with prepared statements (-M prepared), one script per captured
 * request (all equally weighted), at several client counts; the best one counts.
 */
export async function pgbenchFloor(
  connectionString: string,
  samples: Statement[][],
  opts: { clients: number[]; seconds: number; dir: string },
): Promise<PgbenchResult> {
  const files = samples.map((sample, i) => {
    const file = join(opts.dir, `pgbench-${i}.sql`);
    writeFileSync(file, pgbenchScript(sample));
    return file;
  });
  const byClients: Record<string, number> = {};
  let command = '';
  for (const c of opts.clients) {
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(c),
      '-j',
      String(Math.min(c, 2)),
      '-T',
      String(opts.seconds),
      ...files.flatMap((f) => ['-f', f]),
      connectionString,
    ];
    command = `pgbench ${args.slice(0, 9).join(' ')} -f <${files.length} scripts> <database>`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile('pgbench', args, { maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
        err ? reject(new Error(`pgbench failed: ${stderr || err.message}`)) : resolve(stdout),
      ),
    );
    const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!m) throw new Error(`pgbench: no tps in its output:\n${out}`);
    byClients[c] = Number(m[1]);
  }
  const [clients, tps] = Object.entries(byClients).sort((a, b) => b[1] - a[1])[0]!;
  return { byClients, best: { clients: Number(clients), tps }, command: command.replace(/-c \d+/, '-c N') };
}
