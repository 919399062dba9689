import type { StatisticsQuery } from '@common/schemas/statistics.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { type AppDeps, reportsDb } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Job } from '../../lib/scheduler.js';
import { computeSchoolInputs } from './statistics.compute.js';
import { emptyInput, type FiguresInput } from './statistics.presenter.js';
import { type StatSchool, subtreeSchools } from './statistics.repository.js';

/**
 * Each school's part of the statistics is kept (statistics_snapshots, migration 0026) and reused while younger than
 * STATISTICS_MAX_AGE_MINUTES and as of the same day. Why: computed live, a district of 50 schools (40,000 pupils,
 * 3.8 M marks) costs ≈ 15 s of CPU for every authority employee who opens it, and a region or the ministry cannot
 * be computed live at all; the figures are a district's overview, where minutes-old counts are what every peer
 * system shows (Kündelik's are nightly). What is kept is anonymous: sums, never a pupil.
 * Schools without a fresh part are computed SCHOOLS_PER_CHUNK at a time (the heap stays bounded however large the
 * subtree) and stored on the primary; the parts are read where the report reads (the replica when there is one).
 * The refresh job recomputes the parts read today before they age out, so the authorities' reports stay warm.
 * STATISTICS_MAX_AGE_MINUTES=0 turns keeping off: every report is computed live.
 */
export const SCHOOLS_PER_CHUNK = 10;

type Period = Omit<StatisticsQuery, 'format' | 'institutionId'>;

const maxAgeMsOf = (deps: AppDeps) => deps.config.STATISTICS_MAX_AGE_MINUTES * 60_000;

export interface SchoolInputs {
  inputs: Map<number, FiguresInput>;
  /** When the oldest part used was computed. */
  computedAt: Date;
}

export async function schoolInputs(
  deps: AppDeps,
  schools: StatSchool[],
  q: Period,
  today: string,
): Promise<SchoolInputs> {
  const now = deps.clock.now();
  const maxAgeMs = maxAgeMsOf(deps);
  const inputs = new Map<number, FiguresInput>();
  let computedAt = now;
  const withPeriod = schools.filter((s) => s.period);
  // A school without a period of that kind has nothing to compute (zeros): not worth a row.
  for (const s of schools) if (!s.period) inputs.set(s.schoolId, emptyInput());
  if (maxAgeMs > 0 && withPeriod.length > 0) {
    const rows = await reportsDb(deps)
      .selectFrom('statisticsSnapshots')
      .where(
        'schoolId',
        'in',
        withPeriod.map((s) => s.schoolId),
      )
      .where('periodKind', '=', q.kind)
      .where('periodNumber', '=', q.number)
      .where('asOf', '=', today)
      .where('computedAt', '>', new Date(now.getTime() - maxAgeMs))
      .select(['schoolId', 'computedAt', 'input'])
      .execute();
    for (const r of rows) {
      inputs.set(Number(r.schoolId), r.input as FiguresInput);
      if (r.computedAt < computedAt) computedAt = new Date(r.computedAt);
    }
  }
  const missing = withPeriod.filter((s) => !inputs.has(s.schoolId));
  for (const m of await computeAndKeep(deps, missing, q, today, maxAgeMs > 0)) inputs.set(m[0], m[1]);
  return { inputs, computedAt };
}

/**
 * Computes the schools' parts chunk by chunk and, when keeping is on, stores each chunk's on the primary. Two
 * chunks are in progress at a time: one in the database while the other's term grades are computed here. No new
 * chunk is started once `signal` aborts.
 */
async function computeAndKeep(
  deps: AppDeps,
  schools: StatSchool[],
  q: Period,
  today: string,
  keep: boolean,
  signal?: AbortSignal,
) {
  const out = new Map<number, FiguresInput>();
  const chunks: StatSchool[][] = [];
  for (let i = 0; i < schools.length; i += SCHOOLS_PER_CHUNK) chunks.push(schools.slice(i, i + SCHOOLS_PER_CHUNK));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length && !signal?.aborted) {
      const chunk = chunks[next++]!;
      const computed = await computeSchoolInputs(reportsDb(deps), chunk, q.kind, today);
      if (keep) await keepParts(deps.db, computed, q, today, deps.clock.now());
      for (const [id, x] of computed) out.set(id, x);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

async function keepParts(db: Database, parts: Map<number, FiguresInput>, q: Period, today: string, at: Date) {
  if (parts.size === 0) return;
  await db
    .insertInto('statisticsSnapshots')
    .values(
      [...parts].map(([schoolId, input]) => ({
        schoolId,
        periodKind: q.kind,
        periodNumber: q.number,
        asOf: today,
        computedAt: at,
        input: JSON.stringify(input),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['schoolId', 'periodKind', 'periodNumber']).doUpdateSet({
        asOf: sql`excluded.as_of`,
        computedAt: sql`excluded.computed_at`,
        input: sql`excluded.input`,
      }),
    )
    .execute();
}

/**
 * Recomputes the parts that were read or computed today and are past half their age, so that a report opened
 * again finds them fresh. Per period kind and ordinal, chunk by chunk (computeAndKeep); stops between chunks when
 * asked to.
 */
export async function refreshSnapshots(deps: AppDeps, signal?: AbortSignal) {
  const maxAgeMs = maxAgeMsOf(deps);
  if (maxAgeMs === 0) return { schools: 0 };
  const now = deps.clock.now();
  const today = localDate(now);
  const due = await deps.db
    .selectFrom('statisticsSnapshots')
    .where('asOf', '=', today)
    .where('computedAt', '<', new Date(now.getTime() - maxAgeMs / 2))
    .select(['schoolId', 'periodKind', 'periodNumber'])
    .execute();
  const byPeriod = new Map<string, { q: Period; ids: number[] }>();
  for (const d of due) {
    const key = `${d.periodKind}:${d.periodNumber}`;
    const g = byPeriod.get(key) ?? { q: { kind: d.periodKind as Period['kind'], number: d.periodNumber }, ids: [] };
    g.ids.push(Number(d.schoolId));
    byPeriod.set(key, g);
  }
  let schools = 0;
  for (const { q, ids } of byPeriod.values()) {
    const list = (await subtreeSchools(reportsDb(deps), { schoolIds: ids }, q.kind, q.number, today)).filter(
      (s) => s.period,
    );
    schools += (await computeAndKeep(deps, list, q, today, true, signal)).size;
  }
  return { schools };
}

export function statisticsJobs(deps: AppDeps): Job[] {
  const maxAgeMs = maxAgeMsOf(deps);
  if (maxAgeMs === 0) return [];
  return [
    {
      name: 'statistics.refresh',
      everyMs: Math.max(60_000, maxAgeMs / 4),
      run: (signal) => refreshSnapshots(deps, signal),
    },
  ];
}
