/** The parts of a V8 .cpuprofile (node --cpu-prof) the summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    hitCount?: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Whose code a frame is: an npm package, the app (server/, common/), Node's internals or native code. */
function packageOf(url: string): string {
  if (!url) return 'native';
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm:')) return 'wasm';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (/\/(server|common)\//.test(url)) return 'app';
  return 'other';
}

/** V8's pseudo-frames: not the app's work (idle is waiting for I/O). */
const PSEUDO = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/**
 * The functions the server spent most of its own time in (self time: samples whose top frame is the function),
 * as a markdown table: where a scenario's time goes, from a profile rather than a guess.
 */
export function topSelfTime(profile: CpuProfile, limit: number, lastSeconds?: number): string {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // Hits per node within the window: the last `lastSeconds` of the profile (the load, not the start-up).
  const hits = new Map<number, number>();
  const from = lastSeconds === undefined ? Number.NEGATIVE_INFINITY : profile.endTime - lastSeconds * 1e6;
  if (profile.samples && profile.timeDeltas) {
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas![i] ?? 0;
      if (t >= from) hits.set(id, (hits.get(id) ?? 0) + 1);
    });
  } else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  const total = [...hits.values()].reduce((s, n) => s + n, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const pseudo = new Map<string, number>();
  for (const [id, n] of hits) {
    const f = nodes.get(id)!.callFrame;
    if (PSEUDO.has(f.functionName)) {
      pseudo.set(f.functionName, (pseudo.get(f.functionName) ?? 0) + n);
      continue;
    }
    const where = f.url
      ? `${f.url.replace(/^file:\/\/.*?\/(node_modules|server|common|scripts)\//, '$1/')}:${f.lineNumber + 1}`
      : '(native)';
    const key = `${f.functionName || '(anonymous)'}\t${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    const pkg = packageOf(f.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  }
  const pct = (n: number) => ((n / Math.max(1, total)) * 100).toFixed(1);
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const window = lastSeconds === undefined ? "the server's whole life" : `the last ${lastSeconds} s (the load)`;
  const lines = [
    `Top ${limit} functions by self time, over ${window}: ${total} samples; ` +
      [...pseudo].map(([k, n]) => `${k} ${pct(n)} %`).join(', '),
    '',
    `By package: ${[...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, n]) => `${k} ${pct(n)} %`)
      .join(', ')}`,
    '',
    '| self % | function | where |',
    '|---:|---|---|',
    ...top.map(([key, n]) => {
      const [name, where] = key.split('\t');
      return `| ${pct(n)} | ${name} | ${where} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
