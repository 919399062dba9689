import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import { untrackForDrain } from '../../plugins/drain.js';
import { busOf } from './bus.js';

/**
 * GET /api/v1/notifications/stream — a server-sent-events stream that says «something new» the moment the delivery
 * job has stored a notification for the signed-in person (bus.ts: in-process, or PostgreSQL LISTEN/NOTIFY across
 * processes). The events carry no data: the page refetches the bell and the diary with its session as usual, so
 * the stream never holds more than the person could already read.
 *
 * - A heartbeat comment every `heartbeatMs` keeps proxies from closing an idle connection; at each beat the session
 *   is checked, so a stream ends within one beat of a sign-out elsewhere (the page closes its own at once).
 * - Only `Accept: text/event-stream` (what EventSource sends) opens a stream; anything else gets 406 — a plain
 *   request would otherwise hang open.
 * - Shutdown does not wait for streams: they leave the drain count, and preClose ends them (the browser reconnects
 *   to another process, or to this one after the restart, by itself).
 */
export const streamTiming = { heartbeatMs: 15_000 };

export const notificationStreamRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const bus = busOf(deps);
  bus.log = app.log;
  // The delivery job (notifications.jobs.ts) runs as soon as an event is queued, not only on its 1 s poll.
  bus.wake = async () => app.scheduler?.runNow('deliver-notifications');
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.addHook('onClose', async () => bus.close());

  const sessionAlive = async (sessionId: number) => {
    if (sessionId <= 0) return true; // an API token: checked when the stream opened, like every request
    const now = deps.clock.now();
    const row = await deps.db
      .selectFrom('sessions')
      .where('id', '=', sessionId)
      .where('endedAt', 'is', null)
      .where('expiresAt', '>', now)
      .select('id')
      .executeTakeFirst();
    return row !== undefined;
  };

  app.get(
    '/notifications/stream',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Server-sent events: `notification` whenever I have a new or changed notification (no data: refetch). ' +
          'Needs Accept: text/event-stream.',
        response: { 406: zError },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!String(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new AppError(406, 'notifications.streamOnly');
      }
      untrackForDrain(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-store, no-transform',
        connection: 'keep-alive',
        // nginx and similar proxies would buffer the stream otherwise.
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\nevent: ready\ndata: {}\n\n');

      let ended = false;
      const unsubscribe = bus.subscribe(actor.personId, () => {
        if (!ended) res.write('event: notification\ndata: {}\n\n');
      });
      const beat = setInterval(() => {
        void sessionAlive(actor.sessionId).then(
          (alive) => (alive ? !ended && res.write(': heartbeat\n\n') : end()),
          () => {},
        );
      }, streamTiming.heartbeatMs);
      beat.unref();
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(beat);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      open.add(end);
      request.raw.on('close', end);
      res.on('error', end);
    },
  );
};
