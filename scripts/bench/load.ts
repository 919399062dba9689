import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { perRequest, snapshot } from './cpu.js';
import type { BenchRequest, Workload } from './scenarios.js';

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  errors: { total: number; non2xx: number; socket: number; timeouts: number; byStatus: Record<string, number> };
  /** Per request kind (the mixed profile): responses and statuses. */
  kinds: Record<string, { responses: number; byStatus: Record<string, number>; firstErrors?: Record<string, string> }>;
  /** Mark cells in successful saves, and per second. */
  marks: {
    saved: number;
    perSecond: number;
    /** Mark audit rows (created/changed) the database holds from the run's window, and saves without one. */
    auditRows?: number;
    lost?: number;
  } | null;
  bytesPerSecond: number;
  rss: { maxMb: number; meanMb: number; samples: number } | null;
  /** CPU ms per request of the server process and of the database's backends (PostgreSQL on this machine). */
  cpu?: { serverMs: number | null; databaseMs: number | null };
}

/** VmRSS of a process from /proc (Linux); null elsewhere. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

/**
 * Drives the server with autocannon: `connections` keep-alive connections, each request built by the workload
 * (a different user's cookie and ids every time) and its answer handed back to it (writes track versions).
 * Latency percentiles come from every response time (autocannon's own table has no p95). The server's RSS is
 * sampled every 250 ms.
 */
export async function runLoad(opts: {
  url: string;
  workload: Workload;
  connections: number;
  seconds: number;
  /** Send exactly this many requests per connection (and wait for every answer) instead of running `seconds`. */
  requestsPerConnection?: number;
  serverPid: number;
  /** The PostgreSQL database whose backends' CPU is counted (cpu.ts). */
  databaseName?: string;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const kinds: LoadResult['kinds'] = {};
  let marks = 0;
  let anyMarks = false;
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const mb = rssMb(opts.serverPid);
    if (mb !== null) rss.push(mb);
  }, 250);
  type Ctx = { req?: BenchRequest };
  const cpuBefore = snapshot(opts.serverPid, opts.databaseName);
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        ...(opts.requestsPerConnection
          ? { amount: opts.requestsPerConnection * opts.connections }
          : { duration: opts.seconds }),
        // A timed-out request would be sent again with the same versions: never within a benchmark.
        timeout: 60,
        requests: [
          {
            setupRequest: (request, context: Ctx) => {
              const req = opts.workload.next();
              context.req = req;
              if (req.marks !== undefined) anyMarks = true;
              return {
                ...request,
                method: req.method,
                path: req.path,
                headers: req.headers,
                ...(req.body === undefined ? {} : { body: req.body }),
              };
            },
            onResponse: (status, body, context: Ctx) => {
              const req = context.req;
              if (!req) return;
              kinds[req.kind] ??= { responses: 0, byStatus: {} };
              const k = kinds[req.kind]!;
              k.responses++;
              k.byStatus[status] = (k.byStatus[status] ?? 0) + 1;
              if (status === 200 && req.marks) marks += req.marks;
              // The first answer of each failing status, shortened: what went wrong, for the report.
              if (status >= 300) {
                k.firstErrors ??= {};
                k.firstErrors[status] ??= `${req.method} ${req.path}: ${String(body).slice(0, 300)}`;
              }
              req.onDone?.(status, body);
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime: number) => latencies.push(responseTime));
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = snapshot(opts.serverPid, opts.databaseName);
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const k of Object.values(kinds))
    for (const [s, n] of Object.entries(k.byStatus)) if (!s.startsWith('2')) byStatus[s] = (byStatus[s] ?? 0) + n;
  const requests = latencies.length;
  const duration = result.duration || elapsed;
  return {
    requests,
    durationSeconds: duration,
    rps: requests / duration,
    latencyMs: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? 0,
      mean: requests ? latencies.reduce((s, x) => s + x, 0) / requests : 0,
    },
    errors: {
      total: result.non2xx + result.errors + result.timeouts,
      non2xx: result.non2xx,
      socket: result.errors,
      timeouts: result.timeouts,
      byStatus,
    },
    kinds,
    marks: anyMarks ? { saved: marks, perSecond: marks / duration } : null,
    bytesPerSecond: result.throughput.average,
    rss: rss.length
      ? { maxMb: Math.max(...rss), meanMb: rss.reduce((s, x) => s + x, 0) / rss.length, samples: rss.length }
      : null,
    cpu: perRequest(cpuBefore, cpuAfter, requests, opts.databaseName),
  };
}
