import { zOutboxMessage, zOutboxQuery } from '@common/schemas/passwords.js';
import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { actorOf } from '../../plugins/auth.js';
import { allow } from '../../policies/index.js';

/**
 * The demo's window on the mail outbox (no SMTP server configured). Registered only outside production.
 * Who sees what: everyone their own messages; an administrator also the messages to people with an active
 * membership in their context's subtree — the people whose passwords they could reset anyway. Nobody sees
 * mail to anyone else.
 */
export const outboxRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  if (deps.config.NODE_ENV === 'production') return;

  app.get(
    '/dev/outbox',
    {
      schema: {
        tags: ['mail'],
        summary: 'Demo only (not in production): mail kept in the outbox for me or people I administer',
        querystring: zOutboxQuery,
        response: { 200: z.object({ items: z.array(zOutboxMessage) }), 400: zError },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const m = actor.context;
      const admin = !!m && allow(actor, 'person.manage', { id: m.institutionId, ancestors: m.ancestors });
      const today = localDate(deps.clock.now());
      const rows = await deps.db
        .selectFrom('mailOutbox as o')
        .where((eb) =>
          eb.or([
            eb('o.personId', '=', actor.personId),
            ...(admin && m
              ? [
                  eb.exists(
                    eb
                      .selectFrom('memberships as pm')
                      .innerJoin('institutions as i', 'i.id', 'pm.institutionId')
                      .whereRef('pm.personId', '=', 'o.personId')
                      .where('pm.startsOn', '<=', today)
                      .where((w) => w.or([w('pm.endsOn', 'is', null), w('pm.endsOn', '>', today)]))
                      .where(sql<boolean>`${sql.ref('i.ancestors')} @> array[${m.institutionId}]::bigint[]`)
                      .select('pm.id'),
                  ),
                ]
              : []),
          ]),
        )
        .select(['o.id', 'o.toAddress', 'o.subject', 'o.textBody', 'o.htmlBody', 'o.createdAt'])
        .orderBy('o.id', 'desc')
        .limit(request.query.limit)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          to: r.toAddress,
          subject: r.subject,
          text: r.textBody,
          html: r.htmlBody,
          createdAt: new Date(r.createdAt).toISOString(),
        })),
      };
    },
  );
};
