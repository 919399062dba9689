import {
  zNotificationList,
  zNotificationSettings,
  zNotificationSettingsUpdate,
  zNotificationsQuery,
  zReadAllResult,
  zUnreadCount,
} from '@common/schemas/notifications.js';
import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import type { Actor } from '../auth/actor.js';
import { busOf } from './bus.js';
import { newsletterRoutes } from './newsletter.routes.js';
import { presentAll } from './notifications.presenter.js';
import { listNotifications, markAllRead, markRead, unreadCount } from './notifications.repository.js';
import { pushRoutes } from './push.routes.js';
import { readSettings, writeSettings } from './settings.js';
import { notificationStreamRoutes } from './stream.routes.js';
import { unsubscribeRoutes } from './unsubscribe.routes.js';

/** The institutions a person reads notifications at: those of their active memberships (from the session). */
const schoolsOf = (actor: Actor) => [...new Set(actor.memberships.map((m) => m.institutionId))];

export const notificationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first (the bell), with the unread count',
        querystring: zNotificationsQuery,
        response: { 200: zNotificationList, 400: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const schools = schoolsOf(actor);
      const q = request.query;
      const [rows, unread] = await Promise.all([
        listNotifications(deps.db, actor.personId, schools, q),
        unreadCount(deps.db, actor.personId, schools),
      ]);
      const page = rows.slice(0, q.limit);
      return {
        items: await presentAll(deps.db, page, actor.locale),
        unreadCount: unread,
        nextBefore: rows.length > q.limit ? page.at(-1)!.id : null,
      };
    },
  );

  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of my notifications are unread (cheap enough to poll)',
        response: { 200: zUnreadCount },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { unreadCount: await unreadCount(deps.db, actor.personId, schoolsOf(actor)) };
    },
  );

  app.put(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: zIdParam,
        response: { 200: zOk, 400: zError, 404: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const ok = await markRead(deps.db, actor.personId, schoolsOf(actor), request.params.id, deps.clock.now());
      if (!ok) throw notFound();
      // The person's other tabs and devices update their count too (stream.routes.ts).
      await busOf(deps).publish([actor.personId]);
      return { ok: true as const };
    },
  );

  app.put(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: zReadAllResult },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await markAllRead(deps.db, actor.personId, schoolsOf(actor), deps.clock.now());
      if (updated > 0) await busOf(deps).publish([actor.personId]);
      return { updated };
    },
  );

  app.get(
    '/me/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notification settings per kind and channel, quiet hours (defaults where I chose nothing)',
        response: { 200: zNotificationSettings },
      },
    },
    async (request) => readSettings(deps.db, actorOf(request).personId),
  );

  app.put(
    '/me/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change my notification settings (only the kinds listed; quietHours null turns them off)',
        body: zNotificationSettingsUpdate,
        response: { 200: zNotificationSettings, 400: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await writeSettings(deps.db, actor.personId, request.body, deps.clock.now());
      return readSettings(deps.db, actor.personId);
    },
  );

  await app.register(unsubscribeRoutes, deps);
  await app.register(pushRoutes, deps);
  await app.register(notificationStreamRoutes, deps);
  await app.register(newsletterRoutes, deps);
};
