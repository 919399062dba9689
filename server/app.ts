import { existsSync } from 'node:fs';
import { zError } from '@common/schemas/primitives.js';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppDeps } from './deps.js';
import { fromRoot } from './lib/project-root.js';
import { rateLimitBackend } from './lib/rate-limit-store.js';
import { Scheduler } from './lib/scheduler.js';
import { sha256 } from './lib/tokens.js';
import { agreementRoutes } from './modules/agreements/agreements.routes.js';
import { apiClientRoutes } from './modules/api-clients/api-clients.routes.js';
import { registerApiCors } from './modules/api-clients/api-cors.js';
import { apiRateLimitKey, apiTokenRateLimit, rateLimitedError } from './modules/api-clients/api-rate-limit.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { classViewRoutes } from './modules/class-view/class-view.routes.js';
import { classRoutes } from './modules/classes/classes.routes.js';
import { contactRoutes } from './modules/contacts/contacts.routes.js';
import { correctionRoutes } from './modules/corrections/corrections.routes.js';
import { credentialRoutes } from './modules/credentials/credentials.routes.js';
import { deletionJobs } from './modules/deletion/deletion.jobs.js';
import { deletionRoutes } from './modules/deletion/deletion.routes.js';
import { diaryRoutes } from './modules/diary/diary.routes.js';
import { guardianshipRoutes } from './modules/guardianships/guardianships.routes.js';
import { importJobs } from './modules/imports/imports.jobs.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { institutionRoutes } from './modules/institutions/institutions.routes.js';
import { journalRoutes } from './modules/journal/journal.routes.js';
import { journalJobs } from './modules/journal/mark-partitions.js';
import { topicPlanRoutes } from './modules/journal/topic-plans.routes.js';
import { kundelikV2Plugin, V2_PREFIXES } from './modules/kundelik/v2.plugin.js';
import { outboxRoutes } from './modules/mail/outbox.routes.js';
import { meRoutes } from './modules/me/me.routes.js';
import { notificationJobs } from './modules/notifications/notifications.jobs.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { passwordRoutes } from './modules/passwords/passwords.routes.js';
import { personRoutes } from './modules/persons/persons.routes.js';
import { recoveryRoutes } from './modules/recovery/recovery.routes.js';
import { registrationRoutes } from './modules/registration/registration.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { schoolYearRoutes } from './modules/school-year/school-year.routes.js';
import { sessionRoutes } from './modules/sessions/sessions.routes.js';
import { statisticsRoutes } from './modules/statistics/statistics.routes.js';
import { statisticsJobs } from './modules/statistics/statistics.snapshots.js';
import { subjectRoutes } from './modules/subjects/subjects.routes.js';
import { icalRoutes, timetableRoutes } from './modules/timetable/timetable.routes.js';
import { authPlugin, SESSION_COOKIE } from './plugins/auth.js';
import { drainPlugin } from './plugins/drain.js';
import { errorsPlugin } from './plugins/errors.js';
import { i18nPlugin } from './plugins/i18n.js';

// From the checkout's root: the same directory under tsx and in the bundle (lib/project-root.ts).
export const WEB_DIST = `${fromRoot('web', 'dist')}/`;

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Serve the built SPA from web/dist (off in API tests). */
  serveWeb?: boolean;
  /** Sees every route as it is added (the cross-tenant and malformed-input tests enumerate the API with it). */
  onRoute?: (route: { method: string | string[]; url: string; config?: unknown }) => void;
  /** Run the periodic jobs (purge of deleted profiles…) while the app is up: `npm start` does, API tests don't. */
  jobs?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The periodic jobs, when built with `jobs: true` (started on ready, stopped — and awaited — on close). */
    scheduler: Scheduler | null;
  }
}

/** Builds the whole HTTP app on the given dependencies; nothing listens until the caller says so. */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}) {
  const { config, db } = deps;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // Ids in URLs are numbers; anything else is a 400 from the schema, not a lookup.
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // First: app.close() then waits for every request in flight (its onRequest runs before any other).
  await app.register(drainPlugin);
  await app.register(fastifyCookie);
  await app.register(i18nPlugin);
  await app.register(errorsPlugin);

  // Every write route is rate limited per caller (session, else address); sign-in sets its own stricter limit.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const writes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    if (writes && route.url.startsWith('/api/') && route.config?.rateLimit === undefined) {
      route.config = { ...route.config, rateLimit: { max: config.RATE_LIMIT_WRITES_PER_MINUTE, timeWindow: 60_000 } };
    }
  });
  // Counters shared by every process (database or Redis) unless this is the one-process embedded setup.
  const rateLimits = await rateLimitBackend(config, db);
  app.addHook('onClose', async () => rateLimits.close());
  await app.register(fastifyRateLimit, {
    ...rateLimits.options,
    global: false,
    keyGenerator: (request) => {
      const apiKey = apiRateLimitKey(request);
      if (apiKey) return apiKey;
      const token = request.cookies[SESSION_COOKIE];
      return token ? `s:${sha256(token)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (request, context) => rateLimitedError(request, context.ttl),
  });
  // API tokens (issue 8): every request, reads included, counts against its token's own limit.
  app.addHook('onRequest', apiTokenRateLimit(app, config));
  await registerApiCors(app, db);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dapter API',
        version: '1',
        description:
          'School e-journal API. Authenticate with POST /api/v1/auth/sign-in (session cookie); send the ' +
          'csrfToken from GET /api/v1/me in the X-CSRF-Token header on every write. Non-browser clients send an ' +
          'API token instead (POST /v2/authorizations/bycredentials): `Authorization: Bearer <token>` (or the ' +
          "Access-Token header) on every request, no cookie and no CSRF header; it acts with the person's own " +
          'permissions, narrowed to its scopes.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          // Issue 8 §3: an API token (POST /v2/authorizations/bycredentials) works on every route, no CSRF header.
          bearer: { type: 'http', scheme: 'bearer' },
          accessToken: { type: 'apiKey', in: 'header', name: 'Access-Token' },
        },
      },
      security: [{ session: [] }, { bearer: [] }, { accessToken: [] }],
    },
    // Deny-by-default (plugins/auth.ts) answers 401 on every non-public /api/v1 route: say so in the document.
    transform: (doc) => {
      const { schema, url, route } = doc;
      const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
      if (!schema || isPublic || !url.startsWith('/api/v1/')) return jsonSchemaTransform(doc);
      const response = { 401: zError, ...(schema.response as object | undefined) };
      return jsonSchemaTransform({ ...doc, schema: { ...schema, response } });
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { db, clock: deps.clock, config });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes, deps);
      await api.register(meRoutes, deps);
      await api.register(institutionRoutes, deps);
      await api.register(personRoutes, deps);
      await api.register(credentialRoutes, deps);
      await api.register(guardianshipRoutes, deps);
      await api.register(auditRoutes, deps);
      await api.register(sessionRoutes, deps);
      await api.register(passwordRoutes, deps);
      await api.register(recoveryRoutes, deps);
      await api.register(outboxRoutes, deps);
      await api.register(deletionRoutes, deps);
      await api.register(registrationRoutes, deps);
      await api.register(agreementRoutes, deps);
      await api.register(correctionRoutes, deps);
      await api.register(schoolYearRoutes, deps);
      await api.register(classRoutes, deps);
      await api.register(subjectRoutes, deps);
      await api.register(timetableRoutes, deps);
      await api.register(importRoutes, deps);
      await api.register(journalRoutes, deps);
      await api.register(reportRoutes, deps);
      await api.register(statisticsRoutes, deps);
      await api.register(classViewRoutes, deps);
      await api.register(topicPlanRoutes, deps);
      await api.register(diaryRoutes, deps);
      await api.register(notificationRoutes, deps);
      await api.register(contactRoutes, deps);
      await api.register(apiClientRoutes, deps);
    },
    { prefix: '/api/v1' },
  );
  // The secret calendar feed lives outside the API: phone calendars fetch it without a session.
  await app.register(icalRoutes, deps);
  // The Kundelik-compatible v2 surface (issue 8 §2): one plugin, served identically under /v2 and /v2.0.
  for (const prefix of V2_PREFIXES) await app.register(kundelikV2Plugin, { ...deps, prefix });

  // app.close() waits for a job in progress (graceful shutdown never cuts a purge batch in half).
  const scheduler = options.jobs
    ? new Scheduler(
        [
          ...deletionJobs(deps),
          ...rateLimits.jobs,
          ...importJobs(deps),
          ...journalJobs(deps),
          ...notificationJobs(deps),
          ...statisticsJobs(deps),
        ],
        app.log,
      )
    : null;
  app.decorate('scheduler', scheduler);
  if (scheduler) {
    app.addHook('onReady', async () => scheduler.start());
    app.addHook('onClose', async () => scheduler.stop());
  }

  const serveWeb = options.serveWeb === true && existsSync(`${WEB_DIST}index.html`);
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: false,
      maxAge: '1h',
      // The service worker and the manifest must be re-checked on every load, or a fixed worker would take an hour
      // to reach phones (browsers cap a worker's own HTTP cache at 24 h, but an hour of a broken one is too long).
      setHeaders: (reply, path) => {
        if (path.endsWith('/sw.js') || path.endsWith('.webmanifest')) reply.header('cache-control', 'no-cache');
      },
    });
  }
  // Client-side routes (/people/42 …) get the SPA shell; unknown /api paths stay JSON 404s.
  app.setNotFoundHandler((request, reply) => {
    // Hashed assets that do not exist (an old page after a rebuild) must 404, not get the HTML shell.
    if (
      serveWeb &&
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !request.url.startsWith('/assets/')
    ) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ code: 'notFound', message: request.t('notFound', { ns: 'errors' }) });
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
