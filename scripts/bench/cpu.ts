import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time per request, from /proc (Linux): the server process's and the PostgreSQL backends' serving that
 * process's own connections. On a shared 2-core machine requests/s moves with whatever else runs (30–70 % between two
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

/**
 * The local TCP ports of a process's sockets (its connections to PostgreSQL among them), from its file descriptors
 * (socket:[inode]) matched against the kernel's socket tables — /proc/<pid>/net/tcp{,6} list the socket's inode
 * beside its local address. Empty when /proc does not tell (another OS, or a process of another user).
 */
function clientPortsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return new Set();
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx rx tr retrnsmt uid timeout inode …; the address is HEXIP:HEXPORT.
      if (f.length > 9 && inodes.has(f[9]!)) ports.add(Number.parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/**
 * PostgreSQL backends serving the benchmark's server: those connected to `database` whose client port is one of
 * the server process's own sockets. The process title is "postgres: <cluster>: <user> <database> <host>(<port>)
 * <state>". Matching only the database name would also count every other client of that database on the machine
 * (another benchmark, a psql, the harness itself); a server connected over a Unix socket ("[local]", no port) is
 * matched by the database name alone, as before.
 */
function backendsOf(database: string, serverPid: number): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  const ports = clientPortsOf(serverPid);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!title.startsWith('postgres: ')) continue;
      const words = title.split(' ');
      if (!words.includes(database)) continue;
      const port = /\((\d+)\)$/.exec(words.find((w) => /\(\d+\)$/.test(w)) ?? '');
      if (port ? ports.has(Number(port[1])) : words.includes('[local]')) pids.push(Number(entry));
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
  for (const pid of database ? backendsOf(database, serverPid) : []) {
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
