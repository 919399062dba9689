import type { AppDeps } from '../../deps.js';
import { rosterVisible, type V2Scope, v2Scope, visiblePerson, visiblePersons } from './v2.access.js';
import { idList, ids, v2NotFound } from './v2.conventions.js';
import { groupsByIds, groupsOfPupils, subjectsOfClasses, subjectsOfGroup } from './v2.groups.repository.js';
import { v2GroupId } from './v2.ids.js';
import { groupPupils, personsByIds, relatives, schoolsByIds } from './v2.people.repository.js';
import { type GroupRow, presentEduGroup, presentPerson, presentUser, shortName, v2Roles } from './v2.presenter.js';

/** users/… (kundelik-v2-api.md §1.2): the caller, the users they may see, and the context every client loads first. */

/** `me` or a user id → the person id the caller may look at (themself, or a visible person), else 404. */
export async function resolveUser(deps: AppDeps, scope: V2Scope, user: number | 'me'): Promise<number> {
  if (user === 'me' || user === scope.actor.personId) return scope.actor.personId;
  await visiblePerson(deps.db, scope, user);
  return user;
}

export async function users(deps: AppDeps, scope: V2Scope, personIds: number[]) {
  const visible = await visiblePersons(deps.db, scope, personIds);
  const rows = await personsByIds(deps.db, [...visible], scope.today);
  return rows.map((r) => presentUser(r, r.id === scope.actor.personId));
}

export async function user(deps: AppDeps, scope: V2Scope, personId: number) {
  const [row] = await users(deps, scope, [personId]);
  if (!row) throw v2NotFound('User');
  return row;
}

/** The groups (classes, sub-groups) a user belongs to: a pupil's own; staff the classes they teach or lead. */
async function groupsOf(deps: AppDeps, scope: V2Scope, personId: number): Promise<GroupRow[]> {
  const own = await groupsOfPupils(deps.db, [personId], scope.today);
  if (own.length > 0 || personId !== scope.actor.personId || scope.staffSchool === null || scope.manage) return own;
  return groupsByIds(deps.db, [...scope.classes.keys()], []);
}

export async function userSchools(deps: AppDeps, scope: V2Scope, personId: number): Promise<number[]> {
  if (personId === scope.actor.personId) return scope.schools;
  const school = scope.pupils.get(personId);
  if (school !== undefined) return [school];
  const groups = await groupsOfPupils(deps.db, [personId], scope.today);
  return [...new Set(groups.filter((g) => scope.classes.has(g.classId)).map((g) => g.schoolId))];
}

export async function userGroups(deps: AppDeps, scope: V2Scope, personId: number): Promise<number[]> {
  return (await groupsOf(deps, scope, personId)).map((g) => v2GroupId(g.classId, g.subgroupId));
}

export async function userRoles(deps: AppDeps, scope: V2Scope, personId: number) {
  return (await user(deps, scope, personId)).roles;
}

/** Linked children (a parent) — person ids, which are also the user ids. */
export function children(scope: V2Scope, personId: number): number[] {
  if (personId !== scope.actor.personId) return [];
  return [...scope.pupils.keys()].filter((id) => id !== personId);
}

export async function userRelatives(deps: AppDeps, scope: V2Scope, personId: number) {
  if (personId !== scope.actor.personId) await visiblePerson(deps.db, scope, personId);
  const rows = personId === scope.actor.personId ? await relatives(deps.db, personId) : [];
  return rows.map((r) => ({ type: r.side === 'child' ? 'Child' : 'Parent', person: presentPerson(r) }));
}

/**
 * Classmates: the user ids of the pupils of the caller's current classes that the caller may see, the caller
 * excluded — empty for a pupil, as the web app shows pupils no class roster (rosterVisible).
 */
export async function classmates(deps: AppDeps, scope: V2Scope) {
  const own = await groupsOfPupils(deps.db, [scope.actor.personId], scope.today);
  const pupils = await groupPupils(deps.db, {
    classIds: [...new Set(own.map((g) => g.classId))],
    today: scope.today,
  });
  return [...new Set(rosterVisible(scope, pupils).map((p) => p.id))].filter((id) => id !== scope.actor.personId);
}

/**
 * The context (§1.2): who the caller is, their schools and groups, and their children. `children` are objects
 * (CONFLICT: ACB's object form, not VL1/VL2's strings — ACB is the Kundelik bot that reads them).
 */
export async function context(deps: AppDeps, scope: V2Scope, personId: number) {
  if (personId !== scope.actor.personId) throw v2NotFound('User');
  const kids = children(scope, personId);
  const [people, schoolRows, myGroups, kidGroups] = await Promise.all([
    personsByIds(deps.db, [personId, ...kids], scope.today),
    schoolsByIds(deps.db, scope.schools),
    groupsOf(deps, scope, personId),
    groupsOfPupils(deps.db, kids, scope.today),
  ]);
  const me = people.find((p) => p.id === personId);
  if (!me) throw v2NotFound('User');
  const subjects = await subjectsOfClasses(
    deps.db,
    myGroups.map((g) => g.classId),
  );
  const locale = scope.actor.locale;
  const groupId = (g: GroupRow) => v2GroupId(g.classId, g.subgroupId);
  const myGroupIds = myGroups.map(groupId);
  return {
    ...ids({ userId: personId, personId }),
    avatarUrl: null,
    roles: v2Roles(me.profiles ?? [], me.admin ?? false),
    shortName: shortName(me),
    firstName: me.firstName,
    lastName: me.surname,
    middleName: me.patronymic ?? '',
    splitId: null,
    ...idList('schoolIds', scope.schools),
    ...idList('groupIds', myGroupIds),
    schools: schoolRows.map((s) => {
      const name = locale === 'kk' ? s.nameKk : locale === 'en' ? s.nameEn : s.nameRu;
      return {
        ...ids({ id: s.id }),
        name,
        type: 'Regular',
        ...idList('groupIds', myGroups.filter((g) => g.schoolId === s.id).map(groupId)),
      };
    }),
    eduGroups: myGroups.map((g) => presentEduGroup(g, subjectsOfGroup(subjects, g), locale)),
    children: people
      .filter((p) => kids.includes(p.id))
      .map((p) => {
        const gs = kidGroups.filter((g) => g.personId === p.id);
        return {
          ...ids({ personId: p.id, userId: p.id }),
          firstName: p.firstName,
          lastName: p.surname,
          middleName: p.patronymic ?? '',
          shortName: shortName(p),
          sex: p.gender === 'male' ? 'Male' : 'Female',
          ...idList('schoolIds', [scope.pupils.get(p.id)!]),
          ...idList('groupIds', gs.map(groupId)),
        };
      }),
  };
}

export { v2Scope };
