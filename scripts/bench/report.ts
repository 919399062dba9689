import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRun, ScenarioResult } from './run.js';

const n = (x: number | undefined, d = 0) =>
  x === undefined ? '–' : x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** `<date>` on PostgreSQL (the figures issue 6 §3 is about), `<date>-pglite` on the embedded database. */
export const resultPrefix = (run: Pick<BenchRun, 'date' | 'database'>) =>
  run.database.kind === 'pglite' ? `${run.date}-pglite` : run.date;

/** One JSON file per scenario (with the run's machine and data), as `<prefix>-<scenario>.json`, and the summary. */
export function writeResults(run: BenchRun, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const { results, ...common } = run;
  const prefix = resultPrefix(run);
  for (const r of results) {
    const file = join(outDir, `${prefix}-${r.scenario}.json`);
    writeFileSync(file, `${JSON.stringify({ ...common, ...r }, null, 2)}\n`);
    files.push(file);
  }
  const summary = join(outDir, `${prefix}-summary.md`);
  writeFileSync(summary, summaryMarkdown(run));
  files.push(summary);
  return files;
}

const row = (r: ScenarioResult) => {
  const h = r.http;
  if (!h) {
    const why = r.reason?.startsWith(r.status) ? r.reason : `${r.status}: ${r.reason ?? ''}`;
    return `| ${r.scenario} | ${r.connections} | ${why} | | | | | | | | |`;
  }
  const raw = r.raw?.floor ? `${n(r.raw.floor.rps)} (${r.raw.floor.by})` : '–';
  const ratio = r.raw?.ratio === undefined ? '–' : n(r.raw.ratio, 2);
  const marks = h.marks ? ` (${n(h.marks.perSecond)} marks/s)` : '';
  const ms = (x: number | null | undefined) => (x == null ? '–' : n(x, 2));
  const cpu = h.cpu ? `${ms(h.cpu.serverMs)} / ${ms(h.cpu.databaseMs)}` : '–';
  return `| ${r.scenario} | ${r.connections} | ${n(h.rps)}${marks} | ${n(h.latencyMs.p50, 1)} | ${n(h.latencyMs.p95, 1)} | ${n(h.latencyMs.p99, 1)} | ${h.errors.total} | ${h.rss ? `${n(h.rss.maxMb)} / ${n(h.rss.meanMb)}` : '–'} | ${cpu} | ${raw} | ${ratio} |`;
};

export function summaryMarkdown(run: BenchRun): string {
  const m = run.machine;
  const d = run.database;
  const lines = [
    `# Benchmark ${run.date} (${d.kind === 'pg' ? 'PostgreSQL' : 'PGlite'})`,
    '',
    `Started ${run.startedAt}. Machine: ${m.cpus} × ${m.cpuModel}, ${n(m.totalMemoryMb)} MB, ${m.platform}, Node ${m.node}. ` +
      `Load average before ${m.loadAverageBefore.join(' / ')}, after ${m.loadAverageAfter.join(' / ')} (1/5/15 min; the load generator runs on the same cores).`,
    '',
    `Data: district ${d.district.districtId}, ${d.district.schools} school(s) × ${d.district.students} students, ${d.district.weeks} weeks (${d.district.range.from} … ${d.district.range.to})` +
      `${d.sizeBytes ? `, database ${n(d.sizeBytes / 1024 / 1024)} MB` : ''}. Signed-in users: ${Object.entries(
        run.sessions,
      )
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}.`,
    `Server: ${Object.entries(run.server)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}.`,
    '',
    '| scenario | conn. | req/s | p50 ms | p95 ms | p99 ms | errors | RSS max / mean MB | CPU ms/req server / db | raw req/s | app ÷ raw |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...run.results.map(row),
    '',
    '## Targets (issue 6 §3)',
    '',
    '| scenario | target | result | measured |',
    '|---|---|---|---|',
  ];
  for (const r of run.results) {
    if (r.targets.length === 0) continue;
    for (const t of r.targets)
      lines.push(
        `| ${r.scenario} | ${t.text} | ${t.met === null ? 'not measured' : t.met ? 'met' : '**missed**'} | ${t.detail} |`,
      );
  }
  lines.push('', '## Scenarios', '');
  for (const r of run.results) lines.push(`- **${r.scenario}** — ${r.title}: ${r.description}.`);
  const floors = run.results.filter((r) => r.raw);
  if (floors.length) {
    lines.push('', '## Raw-SQL floor', '');
    for (const r of floors)
      lines.push(
        `- ${r.scenario}: ${r.raw!.skipped ?? `${r.raw!.method}; ${r.raw!.statementsPerRequest} statements per request${r.raw!.pgbench ? `; pgbench tps by clients ${JSON.stringify(r.raw!.pgbench.byClients)} (${r.raw!.pgbench.command})` : ''}`}.`,
      );
  }
  return `${lines.join('\n')}\n`;
}
