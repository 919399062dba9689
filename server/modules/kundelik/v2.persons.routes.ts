import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { classSchool, pupilSchool, rosterVisible, type V2Scope, visiblePerson } from './v2.access.js';
import { scopeOf } from './v2.auth.js';
import { v2NotFound } from './v2.conventions.js';
import { groupsByIds, groupsOfPupils, subjectsOfClasses, subjectsOfGroup } from './v2.groups.repository.js';
import { parseV2GroupId } from './v2.ids.js';
import { groupPupils, personsByIds } from './v2.people.repository.js';
import { type GroupRow, presentEduGroup, presentPerson } from './v2.presenter.js';
import { v2Errors, zV2EduGroup, zV2Id, zV2Person } from './v2.schemas.js';

const zPerson = z.object({ person: zV2Id });

/** A group id → our class (and sub-group), readable by the caller, else 404. */
export async function readableGroup(deps: AppDeps, scope: Awaited<ReturnType<typeof scopeOf>>, id: number) {
  const parsed = parseV2GroupId(id);
  const [g] =
    'classId' in parsed
      ? await groupsByIds(deps.db, [parsed.classId], [])
      : await groupsByIds(deps.db, [], [parsed.subgroupId]);
  if (!g) throw v2NotFound('EduGroup');
  classSchool(scope, g.classId);
  return g;
}

/** Pupils of a group as Person objects (a sub-group: its members) — those the actor may see (rosterVisible). */
export async function pupilsOfGroup(deps: AppDeps, scope: V2Scope, g: GroupRow, includeArchive = false) {
  const rows = await groupPupils(deps.db, {
    classIds: g.subgroupId === null ? [g.classId] : [],
    subgroupIds: g.subgroupId === null ? [] : [g.subgroupId],
    today: scope.today,
    includeArchive,
  });
  const seen = new Set<number>();
  return rosterVisible(scope, rows).filter((r) => !seen.has(r.id) && seen.add(r.id));
}

export async function presentGroups(deps: AppDeps, groups: GroupRow[], locale: Parameters<typeof presentEduGroup>[2]) {
  const subjects = await subjectsOfClasses(deps.db, [...new Set(groups.map((g) => g.classId))]);
  return groups.map((g) => presentEduGroup(g, subjectsOfGroup(subjects, g), locale));
}

/** persons/… (kundelik-v2-api.md §1.3, §1.5). */
export const v2PersonRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/persons/:person',
    { schema: { summary: 'A person', params: zPerson, response: { 200: zV2Person, ...v2Errors } } },
    async (request) => {
      const scope = await scopeOf(deps, request);
      await visiblePerson(deps.db, scope, request.params.person);
      const [row] = await personsByIds(deps.db, [request.params.person], scope.today);
      if (!row) throw v2NotFound('Person');
      return presentPerson(row);
    },
  );
  app.get(
    '/persons',
    {
      schema: {
        summary: 'The pupils of an edu-group',
        querystring: z.object({ eduGroup: zV2Id }),
        response: { 200: z.array(zV2Person), ...v2Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const g = await readableGroup(deps, scope, request.query.eduGroup);
      return (await pupilsOfGroup(deps, scope, g)).map(presentPerson);
    },
  );

  const personGroups = async (
    request: { params: { person: number } } & Parameters<typeof scopeOf>[1],
    all: boolean,
  ) => {
    const scope = await scopeOf(deps, request);
    const personId = request.params.person;
    let groups: GroupRow[];
    if (personId === scope.actor.personId && !scope.pupils.has(personId)) {
      // Staff: the classes they teach or lead.
      groups = scope.manage ? [] : await groupsByIds(deps.db, [...scope.classes.keys()], []);
    } else {
      await pupilSchool(deps.db, scope, personId);
      groups = await groupsOfPupils(deps.db, [personId], scope.today, all);
    }
    return { scope, groups };
  };
  app.get(
    '/persons/:person/edu-groups',
    {
      schema: {
        summary: "A person's current edu-groups",
        params: zPerson,
        response: { 200: z.array(zV2EduGroup), ...v2Errors },
      },
    },
    async (request) => {
      const { scope, groups } = await personGroups(request, false);
      return presentGroups(deps, groups, scope.actor.locale);
    },
  );
  app.get(
    '/persons/:person/edu-groups/all',
    {
      schema: {
        summary: "A person's edu-groups of every year",
        params: zPerson,
        response: { 200: z.array(zV2EduGroup), ...v2Errors },
      },
    },
    async (request) => {
      const { scope, groups } = await personGroups(request, true);
      return presentGroups(deps, groups, scope.actor.locale);
    },
  );
  app.get(
    '/persons/:person/schools/:school/edu-groups',
    {
      schema: {
        summary: "A person's edu-groups at a school",
        params: zPerson.extend({ school: zV2Id }),
        response: { 200: z.array(zV2EduGroup), ...v2Errors },
      },
    },
    async (request) => {
      const { scope, groups } = await personGroups(request, false);
      const at = groups.filter((g) => g.schoolId === request.params.school);
      return presentGroups(deps, at, scope.actor.locale);
    },
  );
};
