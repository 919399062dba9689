import { createHash } from 'node:crypto';
import type { Locale } from '@common/enums.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { ids, v2DateTime } from './v2.conventions.js';
import { v2GroupId } from './v2.ids.js';
import { groupScope, pupilScope, type ReadScope, readable } from './v2.marks.access.js';
import { V2_WORK_TYPE, type V2Mood, v2WorkTypes } from './v2.marks.presenter.js';
import { groupFilter } from './v2.marks.service.js';
import { presentSubject } from './v2.presenter.js';

/**
 * Final marks (kundelik-v2-api.md §1.10): our fixed term grades (term_grades, written when a period closes —
 * term-grades.ts) and year grades (year_grades) as Kundelik PeriodMark marks on the 5-point scale. Running
 * (unfixed) results are not final marks: while a period is open it has none, as in the journal. One statement
 * after the access check.
 *
 * Ids: a final mark has no row id of its own (its key is period × assignment × pupil), so its Mark id is a stable
 * hash above V2_FINAL_MARK_BASE (not resolvable by marks/{mark}); its Work — one per period × assignment, type
 * PeriodMark — is V2_FINAL_WORK_BASE + assignment × 100 + (quarter n: n; half-year n: 10 + n; year: 20).
 */
export const V2_FINAL_WORK_BASE = 3_000_000_000_000_000;
export const V2_FINAL_MARK_BASE = 4_000_000_000_000_000;

export interface FinalRow {
  level: 'term' | 'year';
  periodId: number | null;
  periodKind: 'quarter' | 'half_year';
  periodNumber: number | null;
  periodEndsOn: string | null;
  yearId: number;
  assignmentId: number;
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  studentPersonId: number;
  grade: '2' | '3' | '4' | '5' | 'na' | 'pass' | 'fail' | null;
  status: string;
  computedAt: Date | string;
  computedBy: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  catalogueCode: string | null;
}

/** Term grades (and, unless `termsOnly`, year grades) of a school's class / sub-group / pupil / subject. */
export async function finalRows(
  db: Database,
  f: {
    schoolId: number;
    classId?: number;
    subgroupId?: number;
    personIds?: number[];
    subjectId?: number;
    termsOnly?: boolean;
  },
): Promise<FinalRow[]> {
  const where = sql.join(
    [
      sql`ta.school_id = ${f.schoolId}`,
      ...(f.classId !== undefined ? [sql`ta.class_id = ${f.classId}`] : []),
      ...(f.subgroupId !== undefined ? [sql`ta.subgroup_id = ${f.subgroupId}`] : []),
      ...(f.subjectId !== undefined ? [sql`ta.subject_id = ${f.subjectId}`] : []),
      ...(f.personIds ? [sql`g.student_person_id = any(${f.personIds.length ? f.personIds : [0]}::bigint[])`] : []),
    ],
    sql` and `,
  );
  const r = await sql<FinalRow>`
    select g.* , ta.class_id as "classId", ta.subject_id as "subjectId", ta.subgroup_id as "subgroupId",
           s.name_kk as "nameKk", s.name_ru as "nameRu", s.name_en as "nameEn", s.catalogue_code as "catalogueCode"
      from (
        select 'term' as level, tg.period_id as "periodId", p.kind as "periodKind", p.number as "periodNumber",
               to_char(p.ends_on, 'YYYY-MM-DD') as "periodEndsOn", p.year_id as "yearId", tg.school_id,
               tg.assignment_id as "assignmentId", tg.student_person_id as "studentPersonId", tg.grade, tg.status,
               tg.computed_at as "computedAt", tg.computed_by as "computedBy", tg.student_person_id
          from term_grades tg
          join academic_periods p on p.school_id = tg.school_id and p.id = tg.period_id
         where tg.school_id = ${f.schoolId}
        ${
          f.termsOnly
            ? sql``
            : sql`union all
        select 'year', null, yg.period_kind, null, null, yg.year_id, yg.school_id, yg.assignment_id,
               yg.student_person_id, yg.grade, yg.status, yg.computed_at, yg.computed_by, yg.student_person_id
          from year_grades yg
         where yg.school_id = ${f.schoolId}`
        }
      ) g
      join teaching_assignments ta on ta.school_id = g.school_id and ta.id = g."assignmentId"
      join subjects s on s.school_id = ta.school_id and s.id = ta.subject_id
     where ${where}
     order by g."studentPersonId", ta.subject_id, g.level, g."periodNumber"`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    periodId: x.periodId === null ? null : Number(x.periodId),
    periodNumber: x.periodNumber === null ? null : Number(x.periodNumber),
    yearId: Number(x.yearId),
    assignmentId: Number(x.assignmentId),
    classId: Number(x.classId),
    subjectId: Number(x.subjectId),
    subgroupId: x.subgroupId === null ? null : Number(x.subgroupId),
    studentPersonId: Number(x.studentPersonId),
    computedBy: Number(x.computedBy),
  }));
}

const periodCode = (r: Pick<FinalRow, 'level' | 'periodKind' | 'periodNumber'>) =>
  r.level === 'year' ? 20 : (r.periodKind === 'half_year' ? 10 : 0) + (r.periodNumber ?? 0);
export const finalWorkId = (r: FinalRow) => V2_FINAL_WORK_BASE + r.assignmentId * 100 + periodCode(r);
function finalMarkId(r: FinalRow) {
  const h = createHash('sha256')
    .update(`${r.level}:${r.periodId ?? r.yearId}:${r.assignmentId}:${r.studentPersonId}`)
    .digest();
  return V2_FINAL_MARK_BASE + h.readUIntBE(0, 6);
}

function finalValue(r: FinalRow): { type: string; value: string; mood: V2Mood } | null {
  switch (r.grade) {
    case '5':
    case '4':
      return { type: 'mark5', value: r.grade, mood: 'Good' };
    case '3':
      return { type: 'mark5', value: r.grade, mood: 'Average' };
    case '2':
      return { type: 'mark5', value: r.grade, mood: 'Bad' };
    case 'pass':
      return { type: 'test', value: 'зч', mood: 'Good' };
    case 'fail':
      return { type: 'test', value: 'нз', mood: 'Bad' };
    case 'na':
      return { type: 'markna', value: 'н/а', mood: 'NotSet' };
    default:
      return r.status === 'exempt' ? { type: 'markdismiss', value: 'осв', mood: 'NotSet' } : null;
  }
}

/** A fixed term or year grade as a Mark; null when nothing was fixed (an ungraded subject). */
export function presentFinalMark(r: FinalRow) {
  const v = finalValue(r);
  if (!v) return null;
  return {
    ...ids({ id: finalMarkId(r) }),
    type: v.type,
    value: v.value,
    textValue: v.value,
    ...ids({ person: r.studentPersonId, work: finalWorkId(r), lesson: null }),
    number: 0,
    date: v2DateTime(r.computedAt instanceof Date ? r.computedAt : new Date(r.computedAt)),
    workType: r.level === 'year' ? V2_WORK_TYPE.year : V2_WORK_TYPE.term,
    mood: v.mood,
    use_avg_calc: false,
  };
}

/** The PeriodMark work a final mark hangs on (the zV2Work shape). */
export function presentFinalWork(r: FinalRow) {
  return {
    ...ids({ id: finalWorkId(r) }),
    type: 'PeriodMark',
    workType: r.level === 'year' ? V2_WORK_TYPE.year : V2_WORK_TYPE.term,
    markType: 'mark5',
    markCount: 1,
    ...ids({ lesson: null }),
    displayInJournal: true,
    status: 'Sent',
    ...ids({ eduGroup: v2GroupId(r.classId, r.subgroupId) }),
    tasks: [],
    text: '',
    periodNumber: r.periodNumber === null ? null : r.periodNumber - 1,
    periodType: r.level === 'year' ? 'Year' : r.periodKind === 'half_year' ? 'HalfYear' : 'Quarter',
    ...ids({ subjectId: r.subjectId }),
    isImportant: false,
    targetDate: r.periodEndsOn
      ? v2DateTime(r.periodEndsOn)
      : v2DateTime(r.computedAt instanceof Date ? r.computedAt : new Date(r.computedAt)),
    sentDate: v2DateTime(r.computedAt instanceof Date ? r.computedAt : new Date(r.computedAt)),
    createdBy: r.computedBy,
    files: [] as number[],
    oneDriveLinks: [] as string[],
  };
}

const withMarks = (rows: FinalRow[]) =>
  rows.flatMap((r) => {
    const mark = presentFinalMark(r);
    return mark ? [{ r, mark }] : [];
  });

async function scopedFinal(deps: AppDeps, scope: ReadScope, f: Omit<Parameters<typeof finalRows>[1], 'schoolId'>) {
  const rows = await finalRows(deps.db, { ...f, schoolId: scope.schoolId });
  return withMarks(readable(rows, scope, (r) => r.studentPersonId));
}

/** GET edu-groups/{g}/final-marks: per pupil and period, the term grades of each subject. */
export async function groupFinalMarks(deps: AppDeps, actor: Actor, groupId: number) {
  const scope = await groupScope(deps, actor, groupId);
  const list = await scopedFinal(deps, scope, {
    ...groupFilter(groupId),
    ...(scope.pupils ? { personIds: [...scope.pupils] } : {}),
    termsOnly: true,
  });
  const rows = new Map<string, { person: number; period: number; items: typeof list }>();
  for (const x of list) {
    const key = `${x.r.studentPersonId}:${x.r.periodId}`;
    const row = rows.get(key) ?? { person: x.r.studentPersonId, period: x.r.periodId!, items: [] };
    row.items.push(x);
    rows.set(key, row);
  }
  return [...rows.values()].map((row) => ({
    ...ids({ person: row.person, group: groupId, reportingPeriod: row.period }),
    'per-subject-final-marks': row.items.map((x) => ({ ...ids({ subject: x.r.subjectId }), 'final-mark': x.mark })),
  }));
}

/** GET edu-groups/{g}/subjects/{s}/final-marks: Mark[] (term and year grades). */
export async function groupSubjectFinalMarks(deps: AppDeps, actor: Actor, groupId: number, subjectId: number) {
  const scope = await groupScope(deps, actor, groupId);
  const list = await scopedFinal(deps, scope, {
    ...groupFilter(groupId),
    subjectId,
    ...(scope.pupils ? { personIds: [...scope.pupils] } : {}),
  });
  return list.map((x) => x.mark);
}

/**
 * GET persons/{p}/edu-groups/{g}/final-marks — CONFLICT (ALX-P `[{subject, "final-mark"}]` vs ACB's group
 * shape): ALX-P's list, one entry per subject and fixed grade (terms in order, then the year).
 */
export async function personFinalMarks(deps: AppDeps, actor: Actor, personId: number, groupId: number) {
  const scope = await pupilScope(deps, actor, personId);
  const list = await scopedFinal(deps, scope, { ...groupFilter(groupId), personIds: [personId] });
  return list.map((x) => ({ ...ids({ subject: x.r.subjectId }), 'final-mark': x.mark }));
}

/** GET persons/{p}/edu-groups/{g}/allfinalmarks: `{marks, works, subjects, workTypes}` (ALX-P FinalMarksResponse). */
export async function personAllFinalMarks(
  deps: AppDeps,
  actor: Actor & { locale: Locale },
  personId: number,
  groupId: number,
) {
  const scope = await pupilScope(deps, actor, personId);
  const list = await scopedFinal(deps, scope, { ...groupFilter(groupId), personIds: [personId] });
  const works = new Map(list.map((x) => [finalWorkId(x.r), presentFinalWork(x.r)]));
  const subjects = new Map(
    list.map((x) => [x.r.subjectId, presentSubject({ ...x.r, id: x.r.subjectId }, actor.locale)]),
  );
  return {
    marks: list.map((x) => x.mark),
    works: [...works.values()],
    subjects: [...subjects.values()],
    workTypes: v2WorkTypes(scope.schoolId, actor.locale, ['term', 'year']),
  };
}
