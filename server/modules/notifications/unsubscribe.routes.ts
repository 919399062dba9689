import type { Locale } from '@common/enums.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { translatorFor } from '../../plugins/i18n.js';
import { turnOffEmail } from './settings.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';

/**
 * The one-click unsubscribe of notification e-mails (RFC 8058). Public: it is opened from a mailbox, without a
 * session; the signed token names the person and the kind. GET only shows a page with a button (mail scanners
 * follow links, so a GET must not change anything); the button — and a mail app's own unsubscribe, which POSTs
 * `List-Unsubscribe=One-Click` — turns e-mail of that kind off. In-app notifications stay.
 */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function unsubscribePage(
  locale: Locale,
  body: { title: string; message: string; form?: { token: string; action: string } },
) {
  const form = body.form
    ? `<form method="post" action="?token=${encodeURIComponent(body.form.token)}">` +
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
      `<button type="submit" style="padding:10px 18px;font-size:15px">${escapeHtml(body.form.action)}</button></form>`
    : '';
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(body.title)}</title></head>`,
    '<body style="font-family:Arial,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5">',
    `<h1 style="font-size:1.4rem">${escapeHtml(body.title)}</h1><p>${escapeHtml(body.message)}</p>${form}`,
    '</body></html>',
  ].join('');
}

const zQuery = z.object({ token: z.string().min(1).max(200) });
// A mail app posts the form field; a browser's button the same; some clients send nothing at all.
const zBody = z.object({ 'List-Unsubscribe': z.string().max(50).optional() }).nullish();

/** A person in a browser gets a page; an API client (and the tests of every route) the usual JSON error. */
function invalid(request: FastifyRequest, reply: FastifyReply) {
  if (!(request.headers.accept ?? '').includes('text/html'))
    throw new AppError(404, 'notifications.unsubscribeInvalid');
  const t = translatorFor(request.locale);
  const o = { ns: 'notifications' };
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(unsubscribePage(request.locale, { title: t('unsubscribe.title', o), message: t('unsubscribe.invalid', o) }));
}

export const unsubscribeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // Mail apps send the one-click POST as a form; only this plugin's routes read forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const config = { public: true, rateLimit: { max: 30, timeWindow: 60_000 } };

  app.get(
    '/notifications/unsubscribe',
    {
      config,
      schema: {
        tags: ['notifications'],
        summary: 'Unsubscribe page (from an e-mail link): a button, no change yet',
        querystring: zQuery,
      },
    },
    async (request, reply) => {
      const t = translatorFor(request.locale);
      const o = { ns: 'notifications' };
      const found = await readUnsubscribeToken(deps.db, request.query.token);
      if (!found) return invalid(request, reply);
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8');
      return reply.send(
        unsubscribePage(request.locale, {
          title: t('unsubscribe.title', o),
          message: t('unsubscribe.confirm', { ...o, kind: t(`kind.${found.kind}`, o) }),
          form: { token: request.query.token, action: t('unsubscribe.action', o) },
        }),
      );
    },
  );

  app.post(
    '/notifications/unsubscribe',
    {
      config,
      schema: {
        tags: ['notifications'],
        summary: "One-click unsubscribe (RFC 8058): turns e-mail of the link's kind off",
        querystring: zQuery,
        body: zBody,
      },
    },
    async (request, reply) => {
      const t = translatorFor(request.locale);
      const o = { ns: 'notifications' };
      const found = await readUnsubscribeToken(deps.db, request.query.token);
      if (!found) return invalid(request, reply);
      reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
      await turnOffEmail(deps.db, found.personId, found.kind, deps.clock.now());
      return reply.send(
        unsubscribePage(request.locale, {
          title: t('unsubscribe.title', o),
          message: t('unsubscribe.done', { ...o, kind: t(`kind.${found.kind}`, o) }),
        }),
      );
    },
  );
};
