import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { allow } from '../../policies/index.js';
import { rosterVisible, type V2Scope } from './v2.access.js';
import { scopeOf } from './v2.auth.js';
import { ids, v2DateTime, v2NotFound } from './v2.conventions.js';
import {
  daysOffOfYear,
  groupsByIds,
  periodsOfYear,
  subjectsOfClasses,
  subjectsOfGroup,
} from './v2.groups.repository.js';
import { parseV2GroupId } from './v2.ids.js';
import { zV2Lesson } from './v2.lessons.schemas.js';
import { groupLessons } from './v2.lessons.service.js';
import { groupPupils, groupTeachers, schoolsByIds } from './v2.people.repository.js';
import { presentGroups, pupilsOfGroup, readableGroup } from './v2.persons.routes.js';
import { type GroupRow, presentEduGroup, presentPeriod, presentPerson, presentSubject } from './v2.presenter.js';
import {
  v2Errors,
  zV2Date,
  zV2EduGroup,
  zV2GroupStudents,
  zV2Id,
  zV2IdBody,
  zV2IdList,
  zV2Period,
  zV2PeriodGroup,
  zV2Person,
  zV2Subject,
  zV2Timetable,
} from './v2.schemas.js';
import { timetables } from './v2.schools.routes.js';

const zGroup = z.object({ group: zV2Id });
const ok = <T extends z.ZodTypeAny>(body: T) => ({ 200: body, ...v2Errors });

/** Groups with their pupils (the StudentsWrapper of ALX-P / ACB TEduGroupWithStudents), readable ones only. */
async function groupsWithStudents(deps: AppDeps, scope: V2Scope, groupIds: number[]) {
  const parsed = groupIds.map(parseV2GroupId);
  const groups = (
    await groupsByIds(
      deps.db,
      parsed.flatMap((p) => ('classId' in p ? [p.classId] : [])),
      parsed.flatMap((p) => ('subgroupId' in p ? [p.subgroupId] : [])),
    )
  ).filter((g) => scope.classes.has(g.classId));
  const present = await presentGroups(deps, groups, scope.actor.locale);
  const pupils = rosterVisible(scope, await pupilsOfGroupsAll(deps, groups, scope.today));
  return groups.map((g, i) => ({
    group: present[i]!,
    students: pupils
      .filter((p) => p.classId === g.classId && (g.subgroupId === null || p.subgroupId === g.subgroupId))
      .filter((p, j, all) => all.findIndex((x) => x.id === p.id) === j)
      .map((p) => ({ person: presentPerson(p), membershipstatus: p.active ? 'Active' : 'Archive' })),
  }));
}
async function pupilsOfGroupsAll(deps: AppDeps, groups: GroupRow[], today: string) {
  return groupPupils(deps.db, { classIds: [...new Set(groups.map((g) => g.classId))], today, includeArchive: true });
}

/** edu-groups/… (kundelik-v2-api.md §1.5, §1.6, §1.8). */
export const v2EduGroupRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const group = async (request: { params: { group: number } } & Parameters<typeof scopeOf>[1]) => {
    const scope = await scopeOf(deps, request);
    return { scope, g: await readableGroup(deps, scope, request.params.group) };
  };

  app.get(
    '/edu-groups/:group',
    { schema: { summary: 'An edu-group', params: zGroup, response: ok(zV2EduGroup) } },
    async (request) => {
      const { scope, g } = await group(request);
      const subjects = await subjectsOfClasses(deps.db, [g.classId]);
      return presentEduGroup(g, subjectsOfGroup(subjects, g), scope.actor.locale);
    },
  );
  app.get(
    '/edu-groups',
    {
      schema: {
        summary: 'Edu-groups by id (readable ones)',
        querystring: z.object({ eduGroups: zV2IdList.optional() }),
        response: ok(z.array(zV2EduGroup)),
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const parsed = (request.query.eduGroups ?? []).map(parseV2GroupId);
      const groups = await groupsByIds(
        deps.db,
        parsed.flatMap((p) => ('classId' in p ? [p.classId] : [])),
        parsed.flatMap((p) => ('subgroupId' in p ? [p.subgroupId] : [])),
      );
      return presentGroups(
        deps,
        groups.filter((g) => scope.classes.has(g.classId)),
        scope.actor.locale,
      );
    },
  );
  for (const path of ['/edu-groups/:group/persons', '/edu-groups/:group/students']) {
    app.get(
      path,
      {
        schema: {
          summary: 'The pupils of an edu-group',
          params: zGroup,
          querystring: z.object({ includeArchive: z.enum(['true', 'false']).optional() }),
          response: ok(z.array(zV2Person)),
        },
      },
      async (request) => {
        const { scope, g } = await group(request);
        return (await pupilsOfGroup(deps, scope, g, request.query.includeArchive === 'true')).map(presentPerson);
      },
    );
  }
  // CONFLICT on method and path (ACB POST edu-groups/students, ALX-P POST edu-groups, PYD GET): all three.
  for (const url of ['/edu-groups/students', '/edu-groups']) {
    app.post(
      url,
      { schema: { summary: 'Edu-groups with their pupils', body: zV2IdBody, response: ok(z.array(zV2GroupStudents)) } },
      async (request) => groupsWithStudents(deps, await scopeOf(deps, request), request.body),
    );
  }
  app.get(
    '/edu-groups/students',
    {
      schema: {
        summary: 'Edu-groups with their pupils',
        querystring: z.object({ eduGroups: zV2IdList.optional() }),
        response: ok(z.array(zV2GroupStudents)),
      },
    },
    async (request) => groupsWithStudents(deps, await scopeOf(deps, request), request.query.eduGroups ?? []),
  );
  app.get(
    '/edu-groups/:group/subjects',
    { schema: { summary: 'Subjects of an edu-group', params: zGroup, response: ok(z.array(zV2Subject)) } },
    async (request) => {
      const { scope, g } = await group(request);
      const subjects = subjectsOfGroup(await subjectsOfClasses(deps.db, [g.classId]), g);
      return subjects.map((s) => presentSubject(s, scope.actor.locale));
    },
  );
  app.get(
    '/edu-groups/:group/reporting-periods',
    { schema: { summary: 'Reporting periods', params: zGroup, response: ok(z.array(zV2Period)) } },
    async (request) => {
      const { scope, g } = await group(request);
      return (await periodsOfYear(deps.db, g.schoolId, g.yearId)).map((p) => presentPeriod(p, scope.actor.locale));
    },
  );
  app.get(
    '/edu-groups/:group/reporting-period-group',
    { schema: { summary: 'Reporting periods and holidays', params: zGroup, response: ok(zV2PeriodGroup) } },
    async (request) => {
      const { scope, g } = await group(request);
      const [periods, off] = await Promise.all([
        periodsOfYear(deps.db, g.schoolId, g.yearId),
        daysOffOfYear(deps.db, g.schoolId, g.yearId),
      ]);
      return {
        // The group of periods is the academic year.
        ...ids({ id: g.yearId }),
        reportingPeriods: periods.map((p) => presentPeriod(p, scope.actor.locale)),
        holidays: off.map((d) => ({
          ...ids({ id: d.id, reportingPeriodGroupId: g.yearId }),
          dateStart: v2DateTime(d.startsOn),
          dateFinish: v2DateTime(d.endsOn),
          name: d.name,
          description: null,
        })),
      };
    },
  );
  app.get(
    '/edu-groups/:group/timetables',
    {
      schema: {
        summary: "The group's bell schedule (PascalCase)",
        params: zGroup,
        response: ok(z.array(zV2Timetable)),
      },
    },
    async (request) => {
      const { scope, g } = await group(request);
      return timetables(deps, scope, g.schoolId, { yearId: g.yearId, shift: g.shift });
    },
  );
  const zRange = zGroup.extend({ from: zV2Date, to: zV2Date });
  app.get(
    '/edu-groups/:group/lessons/:from/:to',
    { schema: { summary: 'Lessons of an edu-group', params: zRange, response: ok(z.array(zV2Lesson)) } },
    async (request) => {
      const { scope, g } = await group(request);
      return groupLessons(deps, scope, g, request.params.from, request.params.to);
    },
  );
  app.get(
    '/edu-groups/:group/subjects/:subject/lessons/:from/:to',
    {
      schema: {
        summary: 'Lessons of an edu-group in a subject',
        params: zRange.extend({ subject: zV2Id }),
        response: ok(z.array(zV2Lesson)),
      },
    },
    async (request) => {
      const { scope, g } = await group(request);
      const { from, to, subject } = request.params;
      return groupLessons(deps, scope, g, from, to, subject);
    },
  );
  app.get(
    '/edu-groups/:group/parallel',
    { schema: { summary: 'Classes of the same grade', params: zGroup, response: ok(z.array(zV2EduGroup)) } },
    async (request) => {
      const { scope, g } = await group(request);
      const [school] = await schoolsByIds(deps.db, [g.schoolId]);
      // The school's organisation (its classes) is readable to its own people (policy school.read).
      if (!school || !(scope.schools.includes(g.schoolId) || allow(scope.actor, 'school.read', school))) {
        throw v2NotFound('EduGroup');
      }
      const rows = await deps.db
        .selectFrom('classes')
        .where('schoolId', '=', g.schoolId)
        .where('yearId', '=', g.yearId)
        .where('grade', '=', g.grade)
        .select('id')
        .execute();
      return presentGroups(
        deps,
        await groupsByIds(
          deps.db,
          rows.map((r) => Number(r.id)),
          [],
        ),
        scope.actor.locale,
      );
    },
  );
  app.get(
    '/edu-groups/:group/teachers',
    { schema: { summary: 'Teachers of an edu-group', params: zGroup, response: ok(z.array(zV2Person)) } },
    async (request) => {
      const { g } = await group(request);
      return (await groupTeachers(deps.db, [g.classId])).map(presentPerson);
    },
  );
  app.get(
    '/edu-groups/:group/classteacher',
    { schema: { summary: 'The class teacher', params: zGroup, response: ok(zV2Person) } },
    async (request) => {
      const { g } = await group(request);
      const row = await deps.db
        .selectFrom('classes as c')
        .innerJoin('persons as p', 'p.id', 'c.classTeacherPersonId')
        .where('c.id', '=', g.classId)
        .where('p.deletedAt', 'is', null)
        .select(['p.id', 'p.surname', 'p.firstName', 'p.patronymic', 'p.gender'])
        .executeTakeFirst();
      if (!row) throw v2NotFound('Person');
      return presentPerson({ ...row, id: Number(row.id) });
    },
  );
};
