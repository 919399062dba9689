import type { StatisticsQuery, StatisticsReport } from '@common/schemas/statistics.js';
import { type AppDeps, reportsDb } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { statisticsRoot } from './statistics.access.js';
import { figures, mergeInputs } from './statistics.presenter.js';
import { subtreeSchools } from './statistics.repository.js';
import { schoolInputs } from './statistics.snapshots.js';

/**
 * Anonymised statistics over every school of the actor's subtree (issue 6 §2 "district statistics"): per school the
 * same figures as the school's own performance report total (§4.1: closed classes from the term grades fixed at the
 * close, running ones from the engine over the marks so far), its attendance (§3) and journal fill-in; subtotals per
 * district; the total. The subtree with each school's period is one statement; each school's part comes from
 * statistics.snapshots.ts (kept parts younger than STATISTICS_MAX_AGE_MINUTES, the others computed ten schools per
 * fixed set of statements by statistics.compute.ts); subtotals and the total are summed from the parts' counts.
 */
export async function subtreeStatistics(
  deps: AppDeps,
  actor: Actor,
  q: Omit<StatisticsQuery, 'format'>,
): Promise<StatisticsReport> {
  const db = reportsDb(deps);
  const root = await statisticsRoot(db, actor, q.institutionId);
  const today = localDate(deps.clock.now());
  const schools = await subtreeSchools(db, { rootId: root.id }, q.kind, q.number, today);

  const { inputs, computedAt } = await schoolInputs(deps, schools, q, today);

  const name = (kk: string, ru: string, en: string) => ({ kk, ru, en });
  const groups = new Map<number, { name: ReturnType<typeof name>; schools: number[] }>();
  for (const s of schools) {
    const g = groups.get(s.groupId) ?? {
      name: name(s.groupNameKk, s.groupNameRu, s.groupNameEn),
      schools: [],
    };
    g.schools.push(s.schoolId);
    groups.set(s.groupId, g);
  }
  return {
    kind: q.kind,
    number: q.number,
    asOf: today,
    computedAt: computedAt.toISOString(),
    institution: { id: root.id, kind: root.kind, name: name(root.nameKk, root.nameRu, root.nameEn) },
    schools: schools.map((s) => ({
      schoolId: s.schoolId,
      name: name(s.nameKk, s.nameRu, s.nameEn),
      groupId: s.groupId,
      period: s.period && { id: s.period.id, startsOn: s.period.startsOn, endsOn: s.period.endsOn },
      ...figures(inputs.get(s.schoolId)!),
    })),
    // A district's own report is its schools; above it, one subtotal per district (or directly subordinate body).
    groups:
      root.kind === 'district' || root.kind === 'school'
        ? []
        : [...groups].map(([institutionId, g]) => ({
            institutionId,
            name: g.name,
            schools: g.schools.length,
            ...figures(mergeInputs(g.schools.map((id) => inputs.get(id)!))),
          })),
    total: { schools: schools.length, ...figures(mergeInputs([...inputs.values()])) },
  };
}
