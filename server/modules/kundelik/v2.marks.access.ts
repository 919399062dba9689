import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { allow } from '../../policies/index.js';
import type { Actor, ActorMembership } from '../auth/actor.js';
import { diaryStudents } from '../diary/diary.access.js';
import { v2NotFound } from './v2.conventions.js';
import { parseV2GroupId } from './v2.ids.js';
import { parseV2WorkId } from './v2.marks.presenter.js';
import { assignmentKey } from './v2.marks.repository.js';

/**
 * Who may read which marks and lesson-log entries through v2 — exactly the web app's rules, reused:
 * - a pupil's own, a parent's linked children's: the diary's check (diary.access.ts diaryStudents);
 * - staff of the pupil's / class's school (journal.read at that school): administrators (journal.manage) and the
 *   class teacher everything of the class, like the class view; a teacher (or a substitute) the subjects they teach
 *   there, like the journal (journal.access.ts).
 * Staff act through the token's context school (like a web session); pupils and parents at every school, like the
 * diary. Anything else — a foreign school, an unrelated pupil or class — is 404 notFound, so a
 * guessed id is never confirmed. A fixed number of statements per check.
 */
export interface ReadScope {
  schoolId: number;
  /** The pupils the reader may see; null: every pupil the query names (staff). */
  pupils: Set<number> | null;
  /** class:subject:subgroup keys (repository `assignmentKey`) a teacher may read; null: every subject. */
  keys: Set<string> | null;
}

/**
 * The token's context membership when it grants `action` at its school (and that school is `schoolId`, if given):
 * staff act through their context school only, like a web session (journal.access.ts journalSchool).
 */
function staffAt(actor: Actor, action: 'journal.read' | 'journal.manage', schoolId?: number): ActorMembership[] {
  const m = actor.context;
  if (m?.institutionKind !== 'school') return [];
  if (schoolId !== undefined && m.institutionId !== schoolId) return [];
  return allow(actor, action, { id: m.institutionId, ancestors: m.ancestors }) ? [m] : [];
}

/** Keeps the rows the scope allows (pupil and class × subject × sub-group). */
export function readable<T extends { classId: number; subjectId: number; subgroupId: number | null }>(
  rows: T[],
  scope: ReadScope,
  person: (r: T) => number,
): T[] {
  return rows.filter(
    (r) =>
      (scope.pupils === null || scope.pupils.has(person(r))) &&
      (scope.keys === null || scope.keys.has(assignmentKey(r)) || scope.keys.has(wholeClass(r.classId))),
  );
}

/** A key granting every subject of a class (its class teacher). */
const wholeClass = (classId: number) => `${classId}:*`;

/** The assignments of some classes a teacher reads: their own and those they substitute in. One statement. */
async function taughtKeys(deps: AppDeps, schoolId: number, classIds: number[], personId: number) {
  if (classIds.length === 0) return new Set<string>();
  const rows = await deps.db
    .selectFrom('teachingAssignments as ta')
    .where('ta.schoolId', '=', schoolId)
    .where('ta.classId', 'in', classIds)
    .where((eb) =>
      eb.or([
        eb('ta.teacherPersonId', '=', personId),
        eb.exists(
          eb
            .selectFrom('lessons as l')
            .whereRef('l.schoolId', '=', 'ta.schoolId')
            .whereRef('l.classId', '=', 'ta.classId')
            .whereRef('l.subjectId', '=', 'ta.subjectId')
            .where(sql<boolean>`l.subgroup_id is not distinct from ta.subgroup_id`)
            .where('l.substituteTeacherPersonId', '=', personId),
        ),
      ]),
    )
    .select(['ta.classId', 'ta.subjectId', 'ta.subgroupId'])
    .execute();
  return new Set(
    rows.map((r) =>
      assignmentKey({
        classId: Number(r.classId),
        subjectId: Number(r.subjectId),
        subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
      }),
    ),
  );
}

/** One pupil: at `schoolId` when the path names one. */
export async function pupilScope(deps: AppDeps, actor: Actor, personId: number, schoolId?: number): Promise<ReadScope> {
  const own = (await diaryStudents(deps, actor)).find(
    (s) => s.personId === personId && (schoolId === undefined || s.schoolId === schoolId),
  );
  if (own) return { schoolId: own.schoolId, pupils: new Set([personId]), keys: null };
  const staff = staffAt(actor, 'journal.read', schoolId);
  if (staff.length === 0) throw v2NotFound('Person');
  const enrolled = await deps.db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .where(
      'e.schoolId',
      'in',
      staff.map((m) => m.institutionId),
    )
    .where('e.studentPersonId', '=', personId)
    .where((w) => w.or([w('e.endReason', 'is', null), w('e.endReason', '!=', 'data_error')]))
    .select(['e.schoolId', 'e.classId', 'c.classTeacherPersonId'])
    .orderBy('e.startsOn', 'desc')
    .execute();
  const first = enrolled[0];
  if (!first) throw v2NotFound('Person');
  const school = Number(first.schoolId);
  const mine = enrolled.filter((e) => Number(e.schoolId) === school);
  const pupils = new Set([personId]);
  if (
    staffAt(actor, 'journal.manage', school).length > 0 ||
    mine.some((e) => e.classTeacherPersonId === actor.personId)
  ) {
    return { schoolId: school, pupils, keys: null };
  }
  const keys = await taughtKeys(
    deps,
    school,
    mine.map((e) => Number(e.classId)),
    actor.personId,
  );
  if (keys.size === 0) throw v2NotFound('Person');
  return { schoolId: school, pupils, keys };
}

export interface ClassRef {
  schoolId: number;
  classId: number;
  yearId: number;
  grade: number;
}

/**
 * Some classes of one school: staff as the journal and class view allow (administrators everything, a class
 * teacher their class, a teacher their subjects); a pupil or parent only their own (their children's) rows, never
 * classmates'. Null when the actor may read nothing there. Three statements at most.
 */
export async function classesScope(
  deps: AppDeps,
  actor: Actor,
  schoolId: number,
  classes: { classId: number; classTeacherPersonId: number | null }[],
): Promise<ReadScope | null> {
  if (staffAt(actor, 'journal.read', schoolId).length > 0) {
    if (staffAt(actor, 'journal.manage', schoolId).length > 0) return { schoolId, pupils: null, keys: null };
    const keys = await taughtKeys(
      deps,
      schoolId,
      classes.map((c) => c.classId),
      actor.personId,
    );
    for (const c of classes) if (c.classTeacherPersonId === actor.personId) keys.add(wholeClass(c.classId));
    if (keys.size > 0) return { schoolId, pupils: null, keys };
  }
  const own = (await diaryStudents(deps, actor)).filter((s) => s.schoolId === schoolId).map((s) => s.personId);
  if (own.length === 0 || classes.length === 0) return null;
  const inClass = await deps.db
    .selectFrom('classEnrollments')
    .where('schoolId', '=', schoolId)
    .where(
      'classId',
      'in',
      classes.map((c) => c.classId),
    )
    .where('studentPersonId', 'in', own)
    .where((w) => w.or([w('endReason', 'is', null), w('endReason', '!=', 'data_error')]))
    .select('studentPersonId')
    .execute();
  if (inClass.length === 0) return null;
  return { schoolId, pupils: new Set(inClass.map((r) => Number(r.studentPersonId))), keys: null };
}

/** The actor's schools (any profile): where a path's id is looked up, so a foreign id finds nothing. */
export const actorSchools = (actor: Actor) => [
  ...new Set(actor.memberships.filter((m) => m.institutionKind === 'school').map((m) => m.institutionId)),
];

/**
 * A whole edu-group: a class, or a sub-group (v2.ids.ts: V2_SUBGROUP_BASE + id), whose reads the caller narrows
 * to `subgroupId`.
 */
export async function groupScope(
  deps: AppDeps,
  actor: Actor,
  v2GroupId: number,
): Promise<ReadScope & { cls: ClassRef; subgroupId: number | null }> {
  const schools = actorSchools(actor);
  if (schools.length === 0) throw v2NotFound('EduGroup');
  const group = parseV2GroupId(v2GroupId);
  let q = deps.db.selectFrom('classes as c').where('c.schoolId', 'in', schools);
  q =
    'classId' in group
      ? q.where('c.id', '=', group.classId)
      : q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('subgroups as sg')
              .whereRef('sg.schoolId', '=', 'c.schoolId')
              .whereRef('sg.classId', '=', 'c.id')
              .where('sg.id', '=', group.subgroupId),
          ),
        );
  const c = await q.select(['c.schoolId', 'c.id', 'c.yearId', 'c.grade', 'c.classTeacherPersonId']).executeTakeFirst();
  if (!c) throw v2NotFound('EduGroup');
  const cls: ClassRef = {
    schoolId: Number(c.schoolId),
    classId: Number(c.id),
    yearId: Number(c.yearId),
    grade: c.grade,
  };
  const scope = await classesScope(deps, actor, cls.schoolId, [
    { classId: cls.classId, classTeacherPersonId: c.classTeacherPersonId },
  ]);
  if (!scope) throw v2NotFound('EduGroup');
  return { ...scope, cls, subgroupId: 'subgroupId' in group ? group.subgroupId : null };
}

/** A lesson: the scope of its class, narrowed to the lesson's subject; 404 when the reader may not see it. */
export async function lessonScope(deps: AppDeps, actor: Actor, lessonId: number) {
  const schools = actorSchools(actor);
  if (schools.length === 0) throw v2NotFound('Lesson');
  const l = await deps.db
    .selectFrom('lessons')
    .where('schoolId', 'in', schools)
    .where('id', '=', lessonId)
    .select([
      'schoolId',
      'id',
      'classId',
      'subjectId',
      'subgroupId',
      sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'),
    ])
    .executeTakeFirst();
  if (!l) throw v2NotFound('Lesson');
  const scope = await groupScope(deps, actor, Number(l.classId));
  // (a lesson's class id is its class's v2 group id)
  const lesson = {
    id: Number(l.id),
    classId: Number(l.classId),
    subjectId: Number(l.subjectId),
    subgroupId: l.subgroupId === null ? null : Number(l.subgroupId),
    date: l.date,
  };
  if (scope.keys && readable([lesson], { ...scope, pupils: null }, () => 0).length === 0) throw v2NotFound('Lesson');
  return { ...scope, lesson };
}

/**
 * A v2 work: a lesson's implicit ФО work (its lesson's scope) or a СОр/СОч (the scope of its assignment's class,
 * narrowed to its subject).
 */
export async function workScope(deps: AppDeps, actor: Actor, v2WorkId: number) {
  const parsed = parseV2WorkId(v2WorkId);
  if ('lessonId' in parsed) {
    const s = await lessonScope(deps, actor, parsed.lessonId);
    return { ...s, key: s.lesson, workId: null as number | null, lessonId: s.lesson.id };
  }
  const schools = actorSchools(actor);
  if (schools.length === 0) throw v2NotFound('Work');
  const w = await deps.db
    .selectFrom('assessmentWorks as w')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'w.schoolId').onRef('ta.id', '=', 'w.assignmentId'),
    )
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'ta.schoolId').onRef('c.id', '=', 'ta.classId'))
    .where('w.schoolId', 'in', schools)
    .where('w.id', '=', parsed.workId)
    .where('w.deletedAt', 'is', null)
    .select(['w.schoolId', 'w.id', 'ta.classId', 'ta.subjectId', 'ta.subgroupId', 'c.classTeacherPersonId'])
    .executeTakeFirst();
  if (!w) throw v2NotFound('Work');
  const key = {
    classId: Number(w.classId),
    subjectId: Number(w.subjectId),
    subgroupId: w.subgroupId === null ? null : Number(w.subgroupId),
  };
  const scope = await classesScope(deps, actor, Number(w.schoolId), [
    { classId: key.classId, classTeacherPersonId: w.classTeacherPersonId },
  ]);
  if (!scope || (scope.keys && readable([key], { ...scope, pupils: null }, () => 0).length === 0)) {
    throw v2NotFound('Work');
  }
  return { ...scope, key, workId: Number(w.id) as number | null, lessonId: null as number | null };
}

/**
 * Many lessons (POST lessons/marks, lesson-log-entries?lessons=): those of one school — the first of the actor's
 * schools that holds any — that the reader may see. Lessons they may not see are simply left out (one id must not
 * reveal which others exist). Null when nothing is readable. Four statements at most.
 */
export async function lessonsScope(deps: AppDeps, actor: Actor, lessonIds: number[]) {
  const schools = actorSchools(actor);
  if (schools.length === 0 || lessonIds.length === 0) return null;
  const lessons = await deps.db
    .selectFrom('lessons as l')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'l.schoolId').onRef('c.id', '=', 'l.classId'))
    .where('l.schoolId', 'in', schools)
    .where('l.id', 'in', lessonIds)
    .select([
      'l.schoolId',
      'l.id',
      'l.classId',
      'c.classTeacherPersonId',
      sql<string>`to_char(l.date, 'YYYY-MM-DD')`.as('date'),
    ])
    .orderBy('l.date')
    .execute();
  const schoolId = lessons[0] ? Number(lessons[0].schoolId) : null;
  if (schoolId === null) return null;
  const mine = lessons.filter((l) => Number(l.schoolId) === schoolId);
  const classes = new Map(mine.map((l) => [Number(l.classId), l.classTeacherPersonId]));
  const scope = await classesScope(
    deps,
    actor,
    schoolId,
    [...classes].map(([classId, classTeacherPersonId]) => ({ classId, classTeacherPersonId })),
  );
  if (!scope) return null;
  return { scope, lessonIds: mine.map((l) => Number(l.id)), from: mine[0]!.date, to: mine[mine.length - 1]!.date };
}
