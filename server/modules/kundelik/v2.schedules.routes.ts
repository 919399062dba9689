import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { v2Actor } from './v2.auth.js';
import { ids, v2DateTime, v2NotFound } from './v2.conventions.js';
import { groupsOfPupils } from './v2.groups.repository.js';
import { v2GroupId } from './v2.ids.js';
import { compactSubjectOf, lessonWorks, presentCompactLesson, presentHomework } from './v2.lessons.presenter.js';
import { homeworkFiles, homeworkOf, type LessonRow, lessonRows, worksOf } from './v2.lessons.repository.js';
import { zV2CompactLesson, zV2Work } from './v2.lessons.schemas.js';
import { checkRange } from './v2.lessons.service.js';
import { pupilScope, type ReadScope } from './v2.marks.access.js';
import { v2WorkTypes } from './v2.marks.presenter.js';
import { assignmentKey, marksAndLogForPerson } from './v2.marks.repository.js';
import { personsByIds } from './v2.people.repository.js';
import { presentPerson } from './v2.presenter.js';
import { v2Errors, zV2CompactSubject, zV2Date, zV2Id, zV2Person } from './v2.schemas.js';

/** persons/{p}/groups/{g}/schedules and the homeworks calls (kundelik-v2-api.md §1.7, §1.8). */

const ok = <T extends z.ZodTypeAny>(body: T) => ({ 200: body, ...v2Errors });
const zRange = z.object({ startDate: zV2Date.optional(), endDate: zV2Date.optional() });
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The pupil's lessons at their school over [from, to]: their class's whole-class lessons and those of their
 * sub-groups; a teacher limited to their subjects (v2.marks.access.ts pupilScope) sees those only.
 */
async function pupilLessons(
  deps: AppDeps,
  scope: ReadScope,
  personId: number,
  from: string,
  to: string,
  groupId?: number,
) {
  const groups = (await groupsOfPupils(deps.db, [personId], localDate(deps.clock.now()))).filter(
    (g) => g.schoolId === scope.schoolId,
  );
  const cls = groups.find((g) => g.subgroupId === null);
  if (!cls) throw v2NotFound('EduGroup');
  if (groupId !== undefined && !groups.some((g) => v2GroupId(g.classId, g.subgroupId) === groupId)) {
    throw v2NotFound('EduGroup');
  }
  const subs = groups.flatMap((g) => (g.subgroupId === null ? [] : [g.subgroupId]));
  const lessons = await lessonRows(deps.db, {
    schoolId: scope.schoolId,
    classId: cls.classId,
    pupilSubgroups: subs,
    from,
    to,
  });
  const ok = (l: { classId: number; subjectId: number; subgroupId: number | null }) =>
    scope.keys === null || scope.keys.has(assignmentKey(l)) || scope.keys.has(`${l.classId}:*`);
  return { cls, subs, lessons: lessons.filter(ok), ok };
}

async function teachersOf(deps: AppDeps, lessons: LessonRow[], today: string) {
  const idsOf = [...new Set(lessons.map((l) => l.substituteTeacherPersonId ?? l.teacherPersonId))];
  return personsByIds(deps.db, idsOf, today);
}

async function schedule(deps: AppDeps, actor: Actor, personId: number, groupId: number, from: string, to: string) {
  checkRange(from, to);
  const scope = await pupilScope(deps, actor, personId);
  const today = localDate(deps.clock.now());
  const { lessons } = await pupilLessons(deps, scope, personId, from, to, groupId);
  const lessonIds = lessons.map((l) => l.id);
  const [works, homework, marksLog, teachers] = await Promise.all([
    worksOf(deps.db, scope.schoolId, { lessonIds }),
    homeworkOf(deps.db, scope.schoolId, { lessonIds, personId }),
    marksAndLogForPerson(deps.db, { schoolId: scope.schoolId, personId, from, to, readable: scope.keys }),
    teachersOf(deps, lessons, today),
  ]);
  const all = { works, homework };
  const dayOf = new Map(lessons.map((l) => [l.id, l.date]));
  const workTypes = v2WorkTypes(scope.schoolId, actor.locale);
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const ls = lessons.filter((l) => l.date === day);
    const subjects = [...new Map(ls.map((l) => [l.subjectId, compactSubjectOf(l, actor.locale)])).values()];
    const tIds = new Set(ls.map((l) => l.substituteTeacherPersonId ?? l.teacherPersonId));
    days.push({
      // DaySchedule dates carry the offset (ALX-P parses OffsetDateTime).
      date: `${v2DateTime(day)}+05:00`,
      nextDate: `${v2DateTime(addDays(day, 1))}+05:00`,
      lessons: ls.map((l) => presentCompactLesson(l, all, today)),
      marks: marksLog.marks.filter((m) => m.lesson !== null && dayOf.get(m.lesson) === day),
      works: ls.flatMap((l) => lessonWorks(l, { works, homework: [] })),
      homeworks: homework.filter((h) => dayOf.get(h.lessonId) === day).map((h) => presentHomework(h, personId)),
      subjects,
      workTypes,
      lessonLogEntries: marksLog.lessonLogEntries.filter(
        (e) => e.lesson !== null && dayOf.get(Number(e.lesson)) === day,
      ),
      teachers: teachers.filter((t) => tIds.has(t.id)).map((t) => ({ person: presentPerson(t), role: 'Teacher' })),
    });
  }
  return { days };
}

/** The homework of a pupil due in [from, to] with what clients join it to (ACB THomework). */
async function homeworks(deps: AppDeps, actor: Actor, personId: number, schoolId: number, from: string, to: string) {
  checkRange(from, to);
  const scope = await pupilScope(deps, actor, personId, schoolId);
  const today = localDate(deps.clock.now());
  const groups = (await groupsOfPupils(deps.db, [personId], today)).filter((g) => g.schoolId === scope.schoolId);
  const cls = groups.find((g) => g.subgroupId === null);
  if (!cls) return { works: [], subjects: [], lessons: [], files: [], teachers: [] };
  const hw = (
    await homeworkOf(deps.db, scope.schoolId, {
      classId: cls.classId,
      pupilSubgroups: groups.flatMap((g) => (g.subgroupId === null ? [] : [g.subgroupId])),
      from,
      to,
      personId,
    })
  ).filter((h) => scope.keys === null || scope.keys.has(assignmentKey(h)) || scope.keys.has(`${h.classId}:*`));
  const lessonIds = [...new Set(hw.map((h) => h.lessonId))];
  const [lessons, files] = await Promise.all([
    lessonRows(deps.db, { schoolId: scope.schoolId, lessonIds }),
    homeworkFiles(deps.db, scope.schoolId, lessonIds),
  ]);
  const teachers = await teachersOf(deps, lessons, today);
  const all = { works: [], homework: hw };
  return {
    works: hw.map((h) => presentHomework(h, personId)),
    subjects: [...new Map(lessons.map((l) => [l.subjectId, compactSubjectOf(l, actor.locale)])).values()],
    lessons: lessons.map((l) => presentCompactLesson(l, all, today)),
    // The file itself stays behind the web app's signed-in download; clients get its name and size.
    files: files.map((f) => ({
      ...ids({ id: f.id }),
      name: f.fileName,
      typeGroup: f.contentType.split('/')[0] ?? 'other',
      type: f.contentType,
      pageUrl: null,
      downloadUrl: null,
      user: null,
      size: f.size,
      vote: null,
      uploadedDate: v2DateTime(f.createdAt instanceof Date ? f.createdAt : new Date(f.createdAt)),
      storageType: 'Database',
    })),
    teachers: teachers.map(presentPerson),
  };
}

const zDaySchedule = z.object({
  date: z.string(),
  nextDate: z.string(),
  lessons: z.array(zV2CompactLesson),
  marks: z.array(z.looseObject({ id: z.number().nullable() })),
  works: z.array(zV2Work),
  homeworks: z.array(zV2Work),
  subjects: z.array(zV2CompactSubject),
  workTypes: z.array(z.looseObject({ id: z.number() })),
  lessonLogEntries: z.array(z.looseObject({ person: z.number().nullable() })),
  teachers: z.array(z.object({ person: zV2Person, role: z.string() })),
});
const zHomeworks = z.object({
  works: z.array(zV2Work),
  subjects: z.array(zV2CompactSubject),
  lessons: z.array(zV2CompactLesson),
  files: z.array(
    z.object({
      id: z.number().nullable(),
      id_str: z.string().nullable(),
      name: z.string(),
      typeGroup: z.string(),
      type: z.string(),
      pageUrl: z.null(),
      downloadUrl: z.null(),
      user: z.null(),
      size: z.number(),
      vote: z.null(),
      uploadedDate: z.string(),
      storageType: z.string(),
    }),
  ),
  teachers: z.array(zV2Person),
});

export const v2ScheduleRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const range = (q: { startDate?: string | undefined; endDate?: string | undefined }) => {
    const from = q.startDate ?? localDate(deps.clock.now());
    return { from, to: q.endDate ?? from };
  };
  app.get(
    '/persons/:person/groups/:group/schedules',
    {
      schema: {
        summary: "A pupil's diary days: lessons, marks, works, homework, attendance",
        params: z.object({ person: zV2Id, group: zV2Id }),
        querystring: zRange,
        response: ok(z.object({ days: z.array(zDaySchedule) })),
      },
    },
    async (request) => {
      const { from, to } = range(request.query);
      return schedule(deps, v2Actor(request), request.params.person, request.params.group, from, to);
    },
  );
  app.get(
    '/users/me/school/:school/homeworks',
    {
      schema: {
        summary: "The caller's homework (a pupil)",
        params: z.object({ school: zV2Id }),
        querystring: zRange,
        response: ok(zHomeworks),
      },
    },
    async (request) => {
      const { from, to } = range(request.query);
      const actor = v2Actor(request);
      return homeworks(deps, actor, actor.personId, request.params.school, from, to);
    },
  );
  app.get(
    '/persons/:person/school/:school/homeworks',
    {
      schema: {
        summary: "A pupil's homework (for a parent)",
        params: z.object({ person: zV2Id, school: zV2Id }),
        querystring: zRange,
        response: ok(zHomeworks),
      },
    },
    async (request) => {
      const { from, to } = range(request.query);
      return homeworks(deps, v2Actor(request), request.params.person, request.params.school, from, to);
    },
  );
};
