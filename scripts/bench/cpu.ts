import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time per request, from /proc (Linux): the server process's and the PostgreSQL backends' serving the
 * benchmark's database. On a shared 2-core machine requests/s moves with whatever else runs (30–70 % between two
 * identical runs at load 5–12); the CPU a request costs hardly does, so A/B comparisons read this figure.
 * Elsewhere (no /proc) every reading is null.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process, in ms; null when it is gone or there is no /proc. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** PostgreSQL backends connected to `database` on this machine: "postgres: <cluster>: <user> <database> <host> …". */
function backendsOf(database: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

export interface CpuSnapshot {
  server: number | null;
  backends: Map<number, number>;
}

export function snapshot(serverPid: number, database?: string): CpuSnapshot {
  const backends = new Map<number, number>();
  for (const pid of database ? backendsOf(database) : []) {
    const ms = cpuMs(pid);
    if (ms !== null) backends.set(pid, ms);
  }
  return { server: cpuMs(serverPid), backends };
}

/** CPU ms per request between two snapshots; backends that appeared in between count from zero. */
export function perRequest(
  before: CpuSnapshot,
  after: CpuSnapshot,
  requests: number,
  database?: string,
): { serverMs: number | null; databaseMs: number | null } {
  const per = (ms: number) => Math.round((ms / Math.max(1, requests)) * 100) / 100;
  const server = before.server !== null && after.server !== null ? per(after.server - before.server) : null;
  if (!database || after.backends.size === 0) return { serverMs: server, databaseMs: null };
  let db = 0;
  for (const [pid, ms] of after.backends) db += ms - (before.backends.get(pid) ?? 0);
  return { serverMs: server, databaseMs: per(db) };
}
