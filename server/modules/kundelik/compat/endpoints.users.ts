import { ALL, list, nonEmpty, type Obj, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.2 users/me, its context, users/{u}. */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/users/me',
    schema: S.User,
    actors: ALL,
    url: () => '/users/me',
    scope: 'self',
    priority: true,
  },
  {
    route: 'GET /v2/users/me/context',
    schema: S.Context,
    actors: ALL,
    url: () => '/users/me/context',
    scope: 'self',
    priority: true,
    check: (b, c, a) => {
      const ctx = b as Obj;
      if (a === 'student') {
        // J2ME: personId, shortName, groupIds[0], schools[0].name, eduGroups[0].name.
        if (ctx.personId !== c.student) return `context.personId ${String(ctx.personId)} is not the student`;
        if (!list(ctx.groupIds).length || !list(ctx.schools).length || !list(ctx.eduGroups).length)
          return "a pupil's context needs groupIds[0], schools[0] and eduGroups[0] (J2ME reads them)";
        if (!(ctx.groupIds as number[]).includes(c.group)) return `groupIds lacks the student's class ${c.group}`;
        if (!(ctx.roles as string[]).includes('EduStudent'))
          return 'a pupil without EduStudent (LIM lets only them in)';
      }
      if (a === 'parent') {
        const child = list(ctx.children).find((x) => x.personId === c.student);
        if (!child) return "the parent's context does not list her child in children[]";
        if (!(ctx.roles as string[]).includes('EduParent')) return 'a parent without EduParent';
      }
      return undefined;
    },
  },
  {
    route: 'GET /v2/users/me/roles',
    schema: S.Roles,
    actors: ALL,
    url: () => '/users/me/roles',
    scope: 'self',
    priority: true,
    check: (b, _c, a) => {
      const want = { student: 'EduStudent', parent: 'EduParent', teacher: 'EduStaff' }[a];
      return (b as string[]).includes(want) ? undefined : `roles of the demo ${a} lack ${want}`;
    },
  },
  {
    route: 'GET /v2/users/:user',
    schema: S.User,
    actors: ['student', 'parent'],
    url: (c) => `/users/${c.studentUser}`,
    scope: 'person',
    check: (b, c) => ((b as Obj).personId === c.student ? undefined : 'not the student'),
  },
  {
    route: 'GET /v2/users/:user/context',
    schema: S.Context,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/context`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/:user/roles',
    schema: S.Roles,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/roles`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/me/classmates',
    schema: S.ID_LIST,
    actors: ['student'],
    url: () => '/users/me/classmates',
    scope: 'self',
  },
  {
    route: 'GET /v2/users/me/relatives',
    schema: S.arrayOf(S.Relative),
    actors: ['student', 'parent'],
    url: () => '/users/me/relatives',
    scope: 'self',
  },
  {
    route: 'GET /v2/users/me/children',
    schema: S.ID_LIST,
    actors: ['parent'],
    url: () => '/users/me/children',
    scope: 'self',
    check: nonEmpty("the parent's children"),
  },
  {
    route: 'POST /v2/users/many',
    schema: S.arrayOf(S.User),
    actors: ['student'],
    url: () => '/users/many',
    body: (c) => [c.studentUser],
    scope: 'person',
    batch: true,
  },
];
