import { zContextSwitch, zMe, zPreferences } from '@common/schemas/auth.js';
import { zChild } from '@common/schemas/guardianships.js';
import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { presentMe } from './me.presenter.js';
import { listMyChildren, setLocale, switchContext } from './me.service.js';

export const meRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/me',
    {
      config: { allowPending: true },
      schema: {
        tags: ['me'],
        summary: 'The signed-in person, memberships and current context',
        response: { 200: zMe },
      },
    },
    async (request) => presentMe(actorOf(request)),
  );

  app.patch(
    '/me/preferences',
    {
      config: { allowPending: true },
      schema: { tags: ['me'], summary: 'Change interface language', body: zPreferences, response: { 200: zMe } },
    },
    async (request) => {
      const actor = actorOf(request);
      await setLocale(deps, actor, request.body.locale, auditOrigin(request, deps.clock.now()));
      return presentMe({ ...actor, locale: request.body.locale });
    },
  );

  app.put(
    '/me/context',
    {
      schema: {
        tags: ['me'],
        summary: 'Act through another of my memberships (with an API token: kept on the token)',
        body: zContextSwitch,
        response: { 200: zMe, 403: zError, 404: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const origin = auditOrigin(request, deps.clock.now());
      const context = await switchContext(deps, actor, request.body.membershipId, origin);
      return presentMe({ ...actor, context });
    },
  );

  app.get(
    '/me/children',
    {
      schema: {
        tags: ['me'],
        summary: "A parent's children in the current school",
        response: { 200: z.object({ items: z.array(zChild) }) },
      },
    },
    async (request) => ({ items: await listMyChildren(deps, actorOf(request)) }),
  );
};
