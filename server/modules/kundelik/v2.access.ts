import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { DB } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { diaryStudents } from '../diary/diary.access.js';
import { v2NotFound } from './v2.conventions.js';

/**
 * What a v2 token may read — exactly the web app's rules, computed once per request in two statements:
 * - pupils: the diary's readable students (a student themself, a parent their linked current children at each
 *   school where the parent is a member; diary/diary.access.ts);
 * - staff: the journal's rule at the token's context school (journal/journal.access.ts): an administrator
 *   (journal.manage) every class of the school, a teacher the classes they teach (an assignment) or lead (class
 *   teacher). Their pupils are readable like the journal shows them.
 * Readable classes are the pupils' current classes (and their sub-groups) plus the staff classes. Anything else
 * answers 404 notFound: a foreign id is never confirmed.
 */
export interface V2Scope {
  actor: Actor;
  today: string;
  /** Diary pupils (self or children): person → school. */
  pupils: Map<number, number>;
  /** Readable classes: class id → school id (current year only for pupils; every year for staff). */
  classes: Map<number, number>;
  /**
   * The classes read as staff (taught, led or managed): only there is the whole roster visible. A pupil or parent
   * sees their own class's lessons and teachers but not the classmates — the web app shows them no roster either.
   */
  staffClasses: Set<number>;
  /** Schools the actor is an active member of (any profile). */
  schools: number[];
  /** The staff context school, when the token acts as staff there. */
  staffSchool: number | null;
  manage: boolean;
}

export async function v2Scope(deps: AppDeps, actor: Actor): Promise<V2Scope> {
  const today = localDate(deps.clock.now());
  const pupilsList = await diaryStudents(deps, actor);
  const pupils = new Map(pupilsList.map((p) => [p.personId, p.schoolId]));
  const m = actor.context;
  const staffSchool =
    m && m.institutionKind === 'school' && allow(actor, 'journal.read', { id: m.institutionId, ancestors: m.ancestors })
      ? m.institutionId
      : null;
  const manage = staffSchool !== null && allow(actor, 'journal.manage', { id: staffSchool, ancestors: m!.ancestors });
  const classes = await readableClasses(deps.db, {
    pupils: pupilsList.map((p) => ({ personId: p.personId, schoolId: p.schoolId })),
    staffSchool,
    manage,
    personId: actor.personId,
    today,
  });
  const schools = [
    ...new Set(actor.memberships.filter((x) => x.institutionKind === 'school').map((x) => x.institutionId)),
  ];
  return {
    actor,
    today,
    pupils,
    classes: new Map([...classes].map(([id, c]) => [id, c.schoolId])),
    staffClasses: new Set([...classes].filter(([, c]) => c.staff).map(([id]) => id)),
    schools,
    staffSchool,
    manage,
  };
}

/** Pupils' current classes plus the staff classes (flagged), one statement. */
async function readableClasses(
  db: Database,
  v: {
    pupils: { personId: number; schoolId: number }[];
    staffSchool: number | null;
    manage: boolean;
    personId: number;
    today: string;
  },
): Promise<Map<number, { schoolId: number; staff: boolean }>> {
  const pupilSchools = v.pupils.map((p) => p.schoolId);
  const pupilIds = v.pupils.map((p) => p.personId);
  const staffOnly = (w: ExpressionBuilder<DB, 'classes'>) =>
    v.staffSchool === null
      ? w.lit(false)
      : v.manage
        ? w('classes.schoolId', '=', v.staffSchool)
        : w.and([
            w('classes.schoolId', '=', v.staffSchool),
            w.or([
              w('classes.classTeacherPersonId', '=', v.personId),
              w.exists(
                w
                  .selectFrom('teachingAssignments as ta')
                  .whereRef('ta.schoolId', '=', 'classes.schoolId')
                  .whereRef('ta.classId', '=', 'classes.id')
                  .where('ta.teacherPersonId', '=', v.personId),
              ),
            ]),
          ]);
  const rows = await db
    .selectFrom('classes')
    .select((w) => ['classes.id', 'classes.schoolId', staffOnly(w).as('staff')])
    .where((w) =>
      w.or([
        w.exists(
          w
            .selectFrom('classEnrollments as e')
            .whereRef('e.schoolId', '=', 'classes.schoolId')
            .whereRef('e.classId', '=', 'classes.id')
            .where('e.schoolId', 'in', pupilSchools.length ? pupilSchools : [0])
            .where('e.studentPersonId', 'in', pupilIds.length ? pupilIds : [0])
            .where('e.startsOn', '<=', v.today)
            .where((x) => x.or([x('e.endsOn', 'is', null), x('e.endsOn', '>=', v.today)])),
        ),
        staffOnly(w),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [Number(r.id), { schoolId: Number(r.schoolId), staff: Boolean(r.staff) }]));
}

/** The school of a readable class, else 404. */
export function classSchool(scope: V2Scope, classId: number): number {
  const school = scope.classes.get(classId);
  if (school === undefined) throw v2NotFound('EduGroup');
  return school;
}

/**
 * The school of a pupil the actor may read (their diary pupil, or a pupil of a staff class), else 404. One
 * statement for staff; none for a student or parent.
 */
export async function pupilSchool(db: Database, scope: V2Scope, personId: number): Promise<number> {
  const own = scope.pupils.get(personId);
  if (own !== undefined) return own;
  if (scope.staffSchool !== null) {
    const classIds = [...scope.classes.keys()];
    const row = await db
      .selectFrom('classEnrollments as e')
      .where('e.schoolId', '=', scope.staffSchool)
      .where('e.studentPersonId', '=', personId)
      .where('e.classId', 'in', classIds.length ? classIds : [0])
      .select('e.schoolId')
      .executeTakeFirst();
    if (row) return Number(row.schoolId);
  }
  throw v2NotFound('Person');
}

/**
 * Persons the actor may see the card of (name, sex): themself, their pupils, the teachers of readable classes
 * and the pupils of the classes they read as staff (never a pupil's or parent's classmates). Filters `ids` in one
 * statement.
 */
export async function visiblePersons(db: Database, scope: V2Scope, ids: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  const rest: number[] = [];
  for (const id of ids) {
    if (id === scope.actor.personId || scope.pupils.has(id)) out.add(id);
    else rest.push(id);
  }
  const classIds = [...scope.classes.keys()];
  if (rest.length === 0 || classIds.length === 0) return out;
  const rows = await db
    .selectFrom('classes as c')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('classEnrollments as e')
          .where('e.classId', 'in', scope.staffClasses.size ? [...scope.staffClasses] : [0])
          .select(['e.schoolId', 'e.classId', 'e.studentPersonId as personId'])
          .union(
            eb
              .selectFrom('teachingAssignments as ta')
              .select(['ta.schoolId', 'ta.classId', 'ta.teacherPersonId as personId']),
          )
          .union(
            eb
              .selectFrom('classes as k')
              .where('k.classTeacherPersonId', 'is not', null)
              .select(['k.schoolId', 'k.id as classId', sql<number>`k.class_teacher_person_id`.as('personId')]),
          )
          .as('x'),
      (j) => j.onRef('x.schoolId', '=', 'c.schoolId').onRef('x.classId', '=', 'c.id'),
    )
    .where('c.id', 'in', classIds)
    .where('x.personId', 'in', rest)
    .select('x.personId')
    .distinct()
    .execute();
  for (const r of rows) out.add(Number(r.personId));
  return out;
}

/** One visible person or 404. */
export async function visiblePerson(db: Database, scope: V2Scope, id: number) {
  if (!(await visiblePersons(db, scope, [id])).has(id)) throw v2NotFound('Person');
}

/** Roster rows the actor may see: every pupil of a class read as staff, else only themself and their children. */
export function rosterVisible<T extends { id: number; classId: number }>(scope: V2Scope, rows: T[]): T[] {
  return rows.filter(
    (r) => scope.staffClasses.has(r.classId) || r.id === scope.actor.personId || scope.pupils.has(r.id),
  );
}
