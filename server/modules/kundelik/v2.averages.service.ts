import { policyFor } from '@common/assessment/index.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import { listAssignments } from '../journal/journal.repository.js';
import { type MarkSet, resultOfMarks } from '../journal/marks-result.js';
import { ids, v2NotFound } from './v2.conventions.js';
import { addMark, NO_MARKS } from './v2.mark-set.js';
import { groupScope, pupilScope, readable } from './v2.marks.access.js';
import { assignmentKey, type MarkRow, markRows } from './v2.marks.repository.js';
import { groupFilter } from './v2.marks.service.js';

/**
 * Averages (kundelik-v2-api.md §1.10; docs/kundelik-compat.md "Averages"):
 * - avg-mark / avg-marks / per-subject-averages: the plain mean of the ФО points (1–10), the marks a KZ diary
 *   shows as "marks" and `use_avg_calc` flags — written with two decimals ("7.25"); "0.00" when there are none.
 *   СОр/СОч scores are out of varying maxima and would not average with them.
 * - wa-marks (weighted): the assessment engine's running term result (ФО 25 % / СОр 25 % / СОч 50 %, the year's
 *   policy; term-results.ts resultOfMarks, as the journal shows it while the period runs) over [from, to], on the
 *   10-point scale (percent / 10, two decimals).
 * Each is the access check, at most two statements, and arithmetic in memory.
 */

const fixed2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

/** The mean of the ФО points among the rows, as the bare string clients parse. */
export function foAverage(rows: Pick<MarkRow, 'kind' | 'value'>[]): string {
  const fo = rows.filter((r) => r.kind === 'fo' && r.value !== null).map((r) => r.value as number);
  return fo.length === 0 ? '0.00' : fixed2(fo.reduce((a, b) => a + b, 0) / fo.length);
}

async function periodOf(deps: AppDeps, schoolId: number, periodId: number) {
  const p = await deps.db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId', 'kind', 'number', 'startsOn', 'endsOn'])
    .executeTakeFirst();
  if (!p) throw v2NotFound('ReportingPeriod');
  return { ...p, startsOn: String(p.startsOn).slice(0, 10), endsOn: String(p.endsOn).slice(0, 10) };
}

/** GET persons/{p}/reporting-periods/{rp}[/subjects/{s}]/avg-mark. */
export async function personAverage(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  periodId: number,
  subjectId?: number,
): Promise<string> {
  const scope = await pupilScope(deps, actor, personId);
  const period = await periodOf(deps, scope.schoolId, periodId);
  const rows = await markRows(deps.db, {
    schoolId: scope.schoolId,
    personIds: [personId],
    from: period.startsOn,
    to: period.endsOn,
    ...(subjectId ? { subjectId } : {}),
  });
  return foAverage(readable(rows, scope, (r) => r.studentPersonId));
}

/** Per pupil, per subject ФО means, pupils in id order, subjects in id order. */
function perSubject(rows: MarkRow[]) {
  const by = new Map<number, Map<number, MarkRow[]>>();
  for (const r of rows) {
    if (r.kind !== 'fo') continue;
    const subjects = by.get(r.studentPersonId) ?? new Map<number, MarkRow[]>();
    by.set(r.studentPersonId, subjects);
    subjects.set(r.subjectId, [...(subjects.get(r.subjectId) ?? []), r]);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .map(([person, subjects]) => ({
      person,
      averages: [...subjects.entries()]
        .sort(([a], [b]) => a - b)
        .map(([subject, marks]) => ({ ...ids({ subject }), 'avg-mark-value': foAverage(marks) })),
    }));
}

type GroupScope = Awaited<ReturnType<typeof groupScope>>;

async function groupRows(deps: AppDeps, scope: GroupScope, groupId: number, from: string, to: string) {
  const rows = await markRows(deps.db, {
    schoolId: scope.schoolId,
    ...groupFilter(groupId),
    from,
    to,
    ...(scope.pupils ? { personIds: [...scope.pupils] } : {}),
  });
  return { scope, rows: readable(rows, scope, (r) => r.studentPersonId) };
}

/** GET edu-groups/{g}/reporting-periods/{rp}/avg-marks/{date}: the period's ФО means up to `date`. */
export async function groupPeriodAverages(deps: AppDeps, actor: Actor, groupId: number, periodId: number, day: string) {
  const scope = await groupScope(deps, actor, groupId);
  const period = await periodOf(deps, scope.schoolId, periodId);
  const to = day < period.endsOn ? day : period.endsOn;
  const { rows } = await groupRows(deps, scope, groupId, period.startsOn, to);
  return perSubject(rows).map((p) => ({
    ...ids({ person: p.person, group: groupId, reportingPeriod: periodId }),
    'per-subject-averages': p.averages,
  }));
}

/** GET edu-groups/{g}/avg-marks/{from}/{to}. */
export async function groupAverages(deps: AppDeps, actor: Actor, groupId: number, from: string, to: string) {
  const { rows } = await groupRows(deps, await groupScope(deps, actor, groupId), groupId, from, to);
  return perSubject(rows).map((p) => ({ ...ids({ person: p.person }), 'per-subject-averages': p.averages }));
}

/** GET edu-groups/{g}/wa-marks/{from}/{to}: the engine's running result per subject and pupil, out of 10. */
export async function groupWeightedAverages(deps: AppDeps, actor: Actor, groupId: number, from: string, to: string) {
  const { scope, rows } = await groupRows(deps, await groupScope(deps, actor, groupId), groupId, from, to);
  const assignments = (
    await listAssignments(deps.db, scope.schoolId, actor.personId, { all: true, classId: scope.cls.classId })
  ).filter((a) => a.yearId === scope.cls.yearId);
  const byKey = new Map(assignments.map((a) => [assignmentKey(a), a]));
  const sets = new Map<string, { a: (typeof assignments)[number]; person: number; x: MarkSet }>();
  for (const r of rows) {
    const a = byKey.get(assignmentKey(r));
    if (!a) continue;
    const k = `${a.id}:${r.studentPersonId}`;
    const entry = sets.get(k) ?? {
      a,
      person: r.studentPersonId,
      x: NO_MARKS(),
    };
    sets.set(k, entry);
    addMark(entry.x, r);
  }
  const policy = policyFor(startYearOf(from));
  const bySubject = new Map<number, { person: number; value: number }[]>();
  for (const { a, person, x } of sets.values()) {
    const r = resultOfMarks(x, assessmentModeOf(a), a.grade, policy, false);
    if (r.percent === null) continue;
    const list = bySubject.get(a.subjectId) ?? [];
    list.push({ person, value: Math.round(r.percent * 10) / 100 });
    bySubject.set(a.subjectId, list);
  }
  return {
    subjectMarks: [...bySubject.entries()]
      .sort(([a], [b]) => a - b)
      .map(([subject, marks]) => ({
        ...ids({ subject }),
        marks: marks.sort((a, b) => a.person - b.person).map((m) => ({ ...ids({ person: m.person }), value: m.value })),
      })),
  };
}
