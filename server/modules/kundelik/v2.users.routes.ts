import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { scopeOf } from './v2.auth.js';
import { v2Errors, zV2Context, zV2Id, zV2IdBody, zV2Relative, zV2User } from './v2.schemas.js';
import {
  children,
  classmates,
  context,
  resolveUser,
  user,
  userGroups,
  userRelatives,
  userRoles,
  userSchools,
  users,
} from './v2.users.service.js';

const zUser = z.object({ user: z.union([z.literal('me'), zV2Id]) });
const zIds = z.array(z.number());

/** users/… (kundelik-v2-api.md §1.2). Every `me` route also answers as `/users/{id}` for the caller's own id. */
export const v2UserRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const who = async (request: { params: { user: number | 'me' } } & Parameters<typeof scopeOf>[1]) => {
    const scope = await scopeOf(deps, request);
    return { scope, personId: await resolveUser(deps, scope, request.params.user) };
  };
  const schema = <T extends z.ZodTypeAny>(summary: string, body: T) => ({
    summary,
    params: zUser,
    response: { 200: body, ...v2Errors },
  });

  app.get('/users/:user', { schema: schema('A user (the caller: me)', zV2User) }, async (request) => {
    const { scope, personId } = await who(request);
    return user(deps, scope, personId);
  });
  app.post(
    '/users/many',
    { schema: { summary: 'Users by id', body: zV2IdBody, response: { 200: z.array(zV2User), ...v2Errors } } },
    async (request) => users(deps, await scopeOf(deps, request), request.body),
  );
  app.get('/users/:user/roles', { schema: schema('Roles of a user', z.array(z.string())) }, async (request) => {
    const { scope, personId } = await who(request);
    return userRoles(deps, scope, personId);
  });
  app.get(
    '/users/:user/context',
    { schema: schema("The caller's context: schools, groups, children", zV2Context) },
    async (request) => {
      const { scope, personId } = await who(request);
      return context(deps, scope, personId);
    },
  );
  app.get('/users/:user/schools', { schema: schema('School ids of a user', zIds) }, async (request) => {
    const { scope, personId } = await who(request);
    return userSchools(deps, scope, personId);
  });
  app.get('/users/:user/edu-groups', { schema: schema('Edu-group ids of a user', zIds) }, async (request) => {
    const { scope, personId } = await who(request);
    return userGroups(deps, scope, personId);
  });
  app.get('/users/:user/children', { schema: schema('User ids of the linked children', zIds) }, async (request) => {
    const { scope, personId } = await who(request);
    return children(scope, personId);
  });
  app.get(
    '/users/:user/relatives',
    { schema: schema('Linked parents or children', z.array(zV2Relative)) },
    async (request) => {
      const { scope, personId } = await who(request);
      return userRelatives(deps, scope, personId);
    },
  );
  app.get(
    '/users/me/classmates',
    { schema: { summary: "User ids of the caller's classmates", response: { 200: zIds, ...v2Errors } } },
    async (request) => classmates(deps, await scopeOf(deps, request)),
  );
};
