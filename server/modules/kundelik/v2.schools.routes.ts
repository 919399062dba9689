import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { allow } from '../../policies/index.js';
import type { V2Scope } from './v2.access.js';
import { scopeOf } from './v2.auth.js';
import { v2DateTime, v2NotFound } from './v2.conventions.js';
import { bells, currentYears, groupsByIds, schoolSubjects } from './v2.groups.repository.js';
import { v2TimetableId } from './v2.ids.js';
import { V2_WORK_TYPE, v2WorkTypes } from './v2.marks.presenter.js';
import { groupTeachers, schoolsByIds } from './v2.people.repository.js';
import { presentGroups } from './v2.persons.routes.js';
import { presentPersonSchool, presentSchool, presentSubject, type SchoolRow, shortName } from './v2.presenter.js';
import {
  v2Errors,
  zV2EduGroup,
  zV2Id,
  zV2IdList,
  zV2PersonSchool,
  zV2School,
  zV2Subject,
  zV2Teacher,
  zV2Timetable,
  zV2WorkTypeShort,
} from './v2.schemas.js';

const zSchool = z.object({ school: zV2Id });

/** The schools among `ids` the caller may read: their own (any profile), or within a staff subtree. */
export async function readableSchools(deps: AppDeps, scope: V2Scope, ids: number[]): Promise<SchoolRow[]> {
  const rows = await schoolsByIds(deps.db, ids);
  return rows.filter(
    (s) => scope.schools.includes(s.id) || allow(scope.actor, 'school.read', { id: s.id, ancestors: s.ancestors }),
  );
}
async function readableSchool(deps: AppDeps, scope: V2Scope, id: number) {
  const [s] = await readableSchools(deps, scope, [id]);
  if (!s) throw v2NotFound('School');
  return s;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHIFT_NAMES = { kk: 'ауысым', ru: 'смена', en: 'shift' } as const;
const LESSON_NAMES = { kk: 'сабақ', ru: 'урок', en: 'lesson' } as const;
const hm = (t: string) => t.slice(0, 5);

/**
 * Bell schedules as Kundelik timetables (§1.8): PascalCase, an array (CONFLICT: VL1 parses one object; ALX-P
 * and ACB an array), one timetable per year × shift, items carrying `LessonNumber`.
 */
export async function timetables(
  deps: AppDeps,
  scope: V2Scope,
  schoolId: number,
  only?: { yearId: number; shift: number },
) {
  const years = only
    ? [{ schoolId, id: only.yearId, daysPerWeek: 6 }]
    : await currentYears(deps.db, [schoolId], scope.today);
  const yearStarts = await deps.db
    .selectFrom('academicYears')
    .where('schoolId', '=', schoolId)
    .where('id', 'in', years.map((y) => y.id).concat(0))
    .select(['id', 'startsOn', 'daysPerWeek'])
    .execute();
  const rows = await bells(
    deps.db,
    schoolId,
    years.map((y) => y.id),
    only?.shift,
  );
  const locale = scope.actor.locale;
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.yearId}:${r.shift}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  return [...byKey.entries()].map(([key, items]) => {
    const [yearId, shift] = key.split(':').map(Number) as [number, number];
    const year = yearStarts.find((y) => Number(y.id) === yearId);
    const days = WEEKDAYS.slice(0, year?.daysPerWeek ?? 6);
    return {
      Name: `${shift} ${SHIFT_NAMES[locale]}`,
      Start: year ? v2DateTime(String(year.startsOn).slice(0, 10)) : '',
      FirstLessonNumber: items[0]?.lessonNumber ?? 1,
      Items: items.map((b) => ({
        Id: v2TimetableId(yearId, shift) * 100 + b.lessonNumber,
        Start: hm(b.startsAt),
        Finish: hm(b.endsAt),
        Name: `${b.lessonNumber} ${LESSON_NAMES[locale]}`,
        Type: 'Lesson',
        DaysOfWeek: days,
        LessonNumber: b.lessonNumber,
      })),
    };
  });
}

/** schools/… and work-types (kundelik-v2-api.md §1.4). */
export const v2SchoolRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/schools/:school',
    { schema: { summary: 'A school', params: zSchool, response: { 200: zV2School, ...v2Errors } } },
    async (request) => {
      const scope = await scopeOf(deps, request);
      return presentSchool(await readableSchool(deps, scope, request.params.school), scope.actor.locale);
    },
  );
  app.get(
    '/schools',
    {
      schema: {
        summary: "Schools by id; without ids the caller's own",
        querystring: z.object({ schools: zV2IdList.optional() }),
        response: { 200: z.array(zV2School), ...v2Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const asked = request.query.schools?.length ? request.query.schools : scope.schools;
      return (await readableSchools(deps, scope, asked)).map((s) => presentSchool(s, scope.actor.locale));
    },
  );
  app.get(
    '/schools/person-schools',
    { schema: { summary: "The caller's schools", response: { 200: z.array(zV2PersonSchool), ...v2Errors } } },
    async (request) => {
      const scope = await scopeOf(deps, request);
      return (await schoolsByIds(deps.db, scope.schools)).map((s) => presentPersonSchool(s, scope.actor.locale));
    },
  );
  app.get(
    '/schools/:school/subjects',
    {
      schema: { summary: 'Subjects of a school', params: zSchool, response: { 200: z.array(zV2Subject), ...v2Errors } },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const s = await readableSchool(deps, scope, request.params.school);
      return (await schoolSubjects(deps.db, s.id)).map((x) => presentSubject(x, scope.actor.locale));
    },
  );
  app.get(
    '/schools/:school/edu-groups',
    {
      schema: {
        summary: 'The edu-groups of a school the caller may read',
        params: zSchool,
        response: { 200: z.array(zV2EduGroup), ...v2Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const s = await readableSchool(deps, scope, request.params.school);
      const classIds = [...scope.classes].filter(([, school]) => school === s.id).map(([id]) => id);
      return presentGroups(deps, await groupsByIds(deps.db, classIds, []), scope.actor.locale);
    },
  );
  app.get(
    '/schools/:school/timetables',
    {
      schema: {
        summary: 'Bell schedules of a school (PascalCase)',
        params: zSchool,
        response: { 200: z.array(zV2Timetable), ...v2Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const s = await readableSchool(deps, scope, request.params.school);
      return timetables(deps, scope, s.id);
    },
  );
  app.get(
    '/schools/:school/teachers',
    {
      schema: {
        summary: 'Teachers of a school (PascalCase)',
        params: zSchool,
        response: { 200: z.array(zV2Teacher), ...v2Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const s = await readableSchool(deps, scope, request.params.school);
      // Staff listing rights see every teacher of the school; pupils and parents those of their classes.
      const classIds = allow(scope.actor, 'person.list', { id: s.id, ancestors: s.ancestors })
        ? (await deps.db.selectFrom('classes').where('schoolId', '=', s.id).select('id').execute()).map((c) =>
            Number(c.id),
          )
        : [...scope.classes].filter(([, school]) => school === s.id).map(([id]) => id);
      const [people, subjects] = await Promise.all([
        groupTeachers(deps.db, classIds),
        deps.db
          .selectFrom('teachingAssignments as ta')
          .innerJoin('subjects as x', (j) =>
            j.onRef('x.schoolId', '=', 'ta.schoolId').onRef('x.id', '=', 'ta.subjectId'),
          )
          .where('ta.schoolId', '=', s.id)
          .where('ta.classId', 'in', classIds.length ? classIds : [0])
          .select(['ta.teacherPersonId', 'x.nameKk', 'x.nameRu', 'x.nameEn', 'ta.classId'])
          .distinct()
          .execute(),
      ]);
      const classTeachers = new Set(
        (
          await deps.db
            .selectFrom('classes')
            .where('id', 'in', classIds.length ? classIds : [0])
            .where('classTeacherPersonId', 'is not', null)
            .select('classTeacherPersonId')
            .execute()
        ).map((c) => Number(c.classTeacherPersonId)),
      );
      const locale = scope.actor.locale;
      return people.map((p) => {
        const names = [
          ...new Set(
            subjects
              .filter((x) => Number(x.teacherPersonId) === p.id)
              .map((x) => (locale === 'kk' ? x.nameKk : locale === 'en' ? x.nameEn : x.nameRu)),
          ),
        ];
        return {
          Id: p.id,
          IdStr: String(p.id),
          UserId: p.id,
          UserIdStr: String(p.id),
          FirstName: p.firstName,
          LastName: p.surname,
          MiddleName: p.patronymic ?? '',
          ShortName: shortName(p),
          Sex: p.gender === 'male' ? 'Male' : 'Female',
          DateBirth: null,
          Email: null,
          Subjects: names.join(', '),
          HouseMaster: classTeachers.has(p.id),
          Education: null,
          scientificDegree: null,
          StartDate: null,
          PedagogicalActivityDate: null,
          ManagingEmployee: false,
          NameManagingPosition: null,
          TeachingStaff: names.length > 0,
          NameTeacherPosition: null,
          TrainingAndSupportStaff: false,
          ServicePersonnel: false,
          MedicalWorker: false,
          NameMedicalPosition: null,
          ExternalPartTime: false,
        };
      });
    },
  );
  app.get(
    '/work-types/:school',
    {
      schema: {
        summary: 'Work (mark) types of a school',
        params: zSchool,
        response: { 200: z.array(zV2WorkTypeShort), ...v2Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const s = await readableSchool(deps, scope, request.params.school);
      // Quarter weights (kz-school-rules §4.1): ФО 25 %, СОр 25 %, СОч 50 %; final marks weigh nothing.
      const weight: Record<number, number> = { [V2_WORK_TYPE.fo]: 25, [V2_WORK_TYPE.sor]: 25, [V2_WORK_TYPE.soch]: 50 };
      return v2WorkTypes(s.id, scope.actor.locale).map((t) => ({
        id: t.id,
        id_str: t.id_str,
        schoolId: s.id,
        kindId: t.kindId,
        kind: t.kind,
        title: t.name,
        abbr: t.abbreviation,
        weight: weight[t.id] ?? 0,
      }));
    },
  );
};
