import {
  zPushPublicKey,
  zPushSubscribed,
  zPushSubscriptionCreate,
  zPushSubscriptionDelete,
} from '@common/schemas/notifications.js';
import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { devicesOf, subscribe, unsubscribe, vapidOf } from './push.js';

/**
 * The device side of web push: the server's VAPID public key for PushManager.subscribe, and the person's
 * subscriptions. Self routes: a subscription always belongs to the signed-in person (the endpoint is the browser's
 * secret-ish capability URL; taking it over on subscribe is what a shared computer needs).
 */
export const pushRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/push/public-key',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The VAPID public key (base64url) to subscribe a browser to push notifications',
        response: { 200: zPushPublicKey },
      },
    },
    async () => ({ publicKey: (await vapidOf(deps)).publicKey }),
  );

  app.post(
    '/me/push-subscriptions',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Receive push notifications on this device (PushSubscription.toJSON())',
        body: zPushSubscriptionCreate,
        response: { 200: zPushSubscribed, 400: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const b = request.body;
      const ua = request.headers['user-agent'];
      const devices = await subscribe(
        deps.db,
        actor.personId,
        { endpoint: b.endpoint, p256dh: b.keys.p256dh, auth: b.keys.auth, userAgent: ua ? ua.slice(0, 300) : null },
        deps.clock.now(),
      );
      return { ok: true as const, devices };
    },
  );

  app.delete(
    '/me/push-subscriptions',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Stop push notifications on a device of mine (by its endpoint)',
        querystring: zPushSubscriptionDelete,
        response: { 200: zPushSubscribed, 400: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await unsubscribe(deps.db, actor.personId, request.query.endpoint);
      return { ok: true as const, devices: await devicesOf(deps.db, actor.personId) };
    },
  );
};
