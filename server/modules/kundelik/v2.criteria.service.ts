import { policyFor } from '@common/assessment/index.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import { type AssignmentRow, listAssignments, listPeriods } from '../journal/journal.repository.js';
import { type MarkSet, resultOfMarks } from '../journal/marks-result.js';
import { v2NotFound } from './v2.conventions.js';
import { presentCriteriaMarkFull, presentSection, presentTotal } from './v2.criteria.presenter.js';
import { type SectionRow, sectionRows } from './v2.criteria.repository.js';
import { addMark, NO_MARKS } from './v2.mark-set.js';
import { groupScope, readable } from './v2.marks.access.js';
import { assignmentKey, type MarkRow, markRows } from './v2.marks.repository.js';
import { groupFilter } from './v2.marks.service.js';

/**
 * The Kazakhstan criteria-marks paths (kundelik-v2-api.md §1.10, singular `edu-group`): sections (our СОр/СОч
 * works of a period), the scores on them, and per pupil and subject the period totals from the assessment engine.
 * Access is the class's (v2.marks.access.ts groupScope): staff as the journal allows (administrators and the class
 * teacher the class, a teacher their subjects), a pupil or parent only their own (their children's) rows — rows
 * are filtered, not only the path checked. A fixed number of statements whatever the class size.
 */

type Scope = Awaited<ReturnType<typeof groupScope>>;

/** The teacher-subject narrowing of a class-wide scope (pupil filtering happens on marks). */
const subjectReadable = <T extends { classId: number; subjectId: number; subgroupId: number | null }>(
  scope: Scope,
  rows: T[],
) => readable(rows, { ...scope, pupils: null }, () => 0);

/** The class's periods (with whether each is closed for it); 404 when `periodId` is not one of them. */
async function periodsOf(deps: AppDeps, scope: Scope, periodId?: number) {
  const all = (await listPeriods(deps.db, scope.schoolId, scope.cls.yearId, null, scope.cls.classId)).map((p) => ({
    ...p,
    id: Number(p.id),
    startsOn: String(p.startsOn).slice(0, 10),
    endsOn: String(p.endsOn).slice(0, 10),
  }));
  if (periodId !== undefined && !all.some((p) => p.id === periodId)) throw v2NotFound('ReportingPeriod');
  return all;
}

/** A section of the group the reader may see, else 404. */
async function sectionOf(deps: AppDeps, scope: Scope, groupId: number, sectionId: number) {
  const [s] = subjectReadable(
    scope,
    await sectionRows(deps.db, { schoolId: scope.schoolId, ...groupFilter(groupId), workIds: [sectionId] }),
  );
  if (!s) throw v2NotFound('Section');
  return s;
}

/** A pupil named in the path: one of the reader's own (children) or, for staff, enrolled in the class. */
async function checkPupil(deps: AppDeps, scope: Scope, personId: number) {
  if (scope.pupils) {
    if (!scope.pupils.has(personId)) throw v2NotFound('Person');
    return;
  }
  const row = await deps.db
    .selectFrom('classEnrollments')
    .where('schoolId', '=', scope.schoolId)
    .where('classId', '=', scope.cls.classId)
    .where('studentPersonId', '=', personId)
    .select('studentPersonId')
    .executeTakeFirst();
  if (!row) throw v2NotFound('Person');
}

/** GET edu-group/{g}/subject/{s}/period/{p}/criteria-marks-sections. */
export async function criteriaSections(
  deps: AppDeps,
  actor: Actor,
  groupId: number,
  subjectId: number,
  periodId: number,
) {
  const scope = await groupScope(deps, actor, groupId);
  const [, rows] = await Promise.all([
    periodsOf(deps, scope, periodId),
    sectionRows(deps.db, { schoolId: scope.schoolId, ...groupFilter(groupId), subjectId, periodIds: [periodId] }),
  ]);
  return subjectReadable(scope, rows).map((s) => presentSection(s, scope.schoolId, actor.locale));
}

/**
 * The scores on the group's sections: of a period (optionally one subject), or of one section; of one pupil when
 * `personId` is given. Only scores (points out of the maximum); н/а and освобождён show in the totals' status.
 */
export async function criteriaMarks(
  deps: AppDeps,
  actor: Actor,
  groupId: number,
  f: { periodId?: number; subjectId?: number; sectionId?: number; personId?: number },
) {
  const scope = await groupScope(deps, actor, groupId);
  const [, , sections] = await Promise.all([
    f.periodId === undefined ? null : periodsOf(deps, scope, f.periodId),
    f.personId === undefined ? null : checkPupil(deps, scope, f.personId),
    f.sectionId !== undefined
      ? sectionOf(deps, scope, groupId, f.sectionId).then((s) => [s])
      : sectionRows(deps.db, {
          schoolId: scope.schoolId,
          ...groupFilter(groupId),
          ...(f.subjectId !== undefined ? { subjectId: f.subjectId } : {}),
          ...(f.periodId !== undefined ? { periodIds: [f.periodId] } : {}),
        }).then((rows) => subjectReadable(scope, rows)),
  ]);
  if (sections.length === 0) return [];
  const pupils = f.personId !== undefined ? [f.personId] : scope.pupils ? [...scope.pupils] : undefined;
  const rows = await markRows(deps.db, {
    schoolId: scope.schoolId,
    workIds: sections.map((s) => s.id),
    yearStarts: [...new Set(sections.map((s) => startYearOf(s.date)))],
    ...(pupils ? { personIds: pupils } : {}),
  });
  return readable(rows, scope, (r) => r.studentPersonId)
    .filter((r) => r.kind === 'score' && r.score !== null && r.workId !== null)
    .map(presentCriteriaMarkFull);
}

type Period = Awaited<ReturnType<typeof periodsOf>>[number];

/**
 * GET edu-group/{g}[/subject/{s}]/criteria-marks-totals and …/criteriajournalsection/{section}/criteria-marks-totals:
 * per pupil with marks, per subject and period of the class's year (graded per that period's kind: a half-year
 * subject has no quarter total), the engine's result over the period's marks — running while the period is open,
 * as fixed at the close once it is closed (an unwritten СОч then is н/а).
 */
export async function criteriaTotals(
  deps: AppDeps,
  actor: Actor,
  groupId: number,
  f: { subjectId?: number; sectionId?: number },
) {
  const scope = await groupScope(deps, actor, groupId);
  const group = groupFilter(groupId);
  const section = f.sectionId === undefined ? null : await sectionOf(deps, scope, groupId, f.sectionId);
  const subjectId = section?.subjectId ?? f.subjectId;
  const [periods, assignmentRows, sections] = await Promise.all([
    periodsOf(deps, scope),
    listAssignments(deps.db, scope.schoolId, actor.personId, { all: true, classId: scope.cls.classId }),
    sectionRows(deps.db, {
      schoolId: scope.schoolId,
      ...group,
      ...(subjectId !== undefined ? { subjectId } : {}),
      ...(section ? { periodIds: [section.periodId] } : {}),
    }),
  ]);
  const wanted = section ? periods.filter((p) => p.id === section.periodId) : periods;
  if (wanted.length === 0) return [];
  const assignments = subjectReadable(
    scope,
    assignmentRows.filter(
      (a) =>
        a.yearId === scope.cls.yearId &&
        (subjectId === undefined || a.subjectId === subjectId) &&
        (!('subgroupId' in group) || a.subgroupId === group.subgroupId),
    ),
  );
  const from = wanted.map((p) => p.startsOn).sort()[0]!;
  const to = wanted
    .map((p) => p.endsOn)
    .sort()
    .at(-1)!;
  const rows = readable(
    await markRows(deps.db, {
      schoolId: scope.schoolId,
      ...group,
      ...(subjectId !== undefined ? { subjectId } : {}),
      ...(scope.pupils ? { personIds: [...scope.pupils] } : {}),
      from,
      to,
    }),
    scope,
    (r) => r.studentPersonId,
  );
  return totalsOf(rows, assignments, wanted, sections);
}

/** Buckets the marks by period × assignment × pupil and runs the engine on each (pure; exported for tests). */
export function totalsOf(rows: MarkRow[], assignments: AssignmentRow[], periods: Period[], sections: SectionRow[]) {
  const byKey = new Map(assignments.map((a) => [assignmentKey(a), a]));
  const periodOfWork = new Map(sections.map((s) => [s.id, s.periodId]));
  const periodById = new Map(periods.map((p) => [p.id, p]));
  const sets = new Map<string, { a: AssignmentRow; p: Period; person: number; x: MarkSet }>();
  for (const r of rows) {
    const a = byKey.get(assignmentKey(r));
    if (!a) continue;
    const kind = assessmentModeOf(a).periodKind;
    // Works count in their own period (the journal's rule), lesson marks in the period of the lesson's date.
    const p =
      r.workId !== null
        ? periodById.get(periodOfWork.get(r.workId) ?? 0)
        : periods.find((x) => x.kind === kind && x.startsOn <= r.day && r.day <= x.endsOn);
    if (!p || p.kind !== kind) continue;
    const k = `${p.id}:${a.id}:${r.studentPersonId}`;
    const entry = sets.get(k) ?? { a, p, person: r.studentPersonId, x: NO_MARKS() };
    sets.set(k, entry);
    addMark(entry.x, r);
  }
  return [...sets.values()]
    .sort(
      (u, v) =>
        u.person - v.person ||
        u.a.subjectId - v.a.subjectId ||
        v.p.kind.localeCompare(u.p.kind) || // quarters before half-years, as the journal lists them
        u.p.startsOn.localeCompare(v.p.startsOn),
    )
    .map(({ a, p, person, x }) =>
      presentTotal(
        { personId: person, subjectId: a.subjectId, periodId: p.id, closed: Boolean(p.closed) },
        resultOfMarks(x, assessmentModeOf(a), a.grade, policyFor(startYearOf(p.startsOn)), Boolean(p.closed)),
      ),
    );
}
