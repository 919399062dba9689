import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { v2AuthRoutes } from '../api-clients/v2-auth.routes.js';
import { DESCRIPTIONS, presentedToken, tokenActor, v2Error } from './v2.auth.js';
import { v2AveragesRoutes } from './v2.averages.routes.js';
import { V2Error } from './v2.conventions.js';
import { v2CriteriaRoutes } from './v2.criteria.routes.js';
import { v2EduGroupRoutes } from './v2.edu-groups.routes.js';
import { v2FeedRoutes } from './v2.feed.routes.js';
import { v2HistogramRoutes } from './v2.histogram.routes.js';
import { v2LessonLogRoutes } from './v2.lesson-log.routes.js';
import { v2LessonRoutes } from './v2.lessons.routes.js';
import { v2MarksRoutes } from './v2.marks.routes.js';
import { v2PersonRoutes } from './v2.persons.routes.js';
import { v2RecentMarksRoutes } from './v2.recent-marks.routes.js';
import { v2ScheduleRoutes } from './v2.schedules.routes.js';
import { v2SchoolRoutes } from './v2.schools.routes.js';
import { v2TaskRoutes } from './v2.tasks.routes.js';
import { v2UserRoutes } from './v2.users.routes.js';
import { v2WriteRoutes } from './v2.writes.routes.js';

/** Both version prefixes the clients use (kundelik-v2-api.md §1.0); the same plugin is registered under each. */
export const V2_PREFIXES = ['/v2', '/v2.0'] as const;
/** OpenAPI tag of the compatibility surface (the /v2.0 copy is hidden so /api/docs lists each route once). */
export const V2_TAG = 'kundelik-v2';

/** Maps any failure onto the `{type, description}` body every v2 client parses (§1.0 "Errors"). */
function toV2Error(error: FastifyError): V2Error | null {
  if (error instanceof V2Error) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return v2Error(400, 'parameterInvalid');
  const status = error instanceof AppError ? error.statusCode : (error.statusCode ?? 500);
  if (status === 401) return v2Error(401, 'invalidToken');
  if (status === 403) return v2Error(403, 'accessDenied');
  if (status === 404) return v2Error(404, 'notFound');
  if (status === 429) return v2Error(429, 'apiRequestLimit');
  if (status >= 400 && status < 500) return v2Error(status, 'parameterInvalid');
  // PostgreSQL refusing client input (an out-of-range id…) is the client's fault too.
  const pgCode = (error as { code?: unknown }).code;
  if (typeof pgCode === 'string' && /^22/.test(pgCode)) return v2Error(400, 'parameterInvalid');
  return null;
}

/**
 * The Kundelik-compatible surface (issue 8 §2). Encapsulated: its error and not-found handlers and its auth
 * guard apply to v2 routes only. Route modules live one area per file (v2.<area>.routes.ts).
 */
export async function kundelikV2Plugin(app: FastifyInstance, opts: AppDeps & { prefix?: string }) {
  // The prefix is Fastify's register option; route modules get the bare deps (or they would nest it again).
  const { prefix, ...deps } = opts;
  const hidden = prefix === '/v2.0';
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    route.schema = { ...schema, tags: [V2_TAG], ...(hidden ? { hide: true } : {}) };
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = toV2Error(error);
    if (mapped) {
      if (mapped.statusCode === 429) {
        const retry = error instanceof AppError ? error.params.seconds : undefined;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
      }
      return reply.status(mapped.statusCode).send({ type: mapped.type, description: mapped.message });
    }
    // Logged without the request (tokens and personal data travel in it).
    request.log.error({ err: error, route: request.routeOptions.url }, 'v2 unhandled error');
    return reply.status(500).send({ type: 'apiServerError', description: DESCRIPTIONS.apiServerError });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ type: 'notFound', description: 'Method not found' }),
  );

  // Deny by default: every v2 route but the public login needs a token actor.
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.public) return;
    if (tokenActor(request)) return;
    throw v2Error(401, presentedToken(request) ? 'invalidToken' : 'tokenRequired');
  });

  // Public: the password grant and the refresh (helper T's module).
  await app.register(v2AuthRoutes, deps);

  // Route modules, one area per file. Helper VB adds the marks, averages, lesson-log and feed modules here.
  await app.register(v2UserRoutes, deps);
  await app.register(v2PersonRoutes, deps);
  await app.register(v2SchoolRoutes, deps);
  await app.register(v2EduGroupRoutes, deps);
  await app.register(v2LessonRoutes, deps);
  await app.register(v2TaskRoutes, deps);
  await app.register(v2WriteRoutes, deps);
  await app.register(v2ScheduleRoutes, deps);
  await app.register(v2MarksRoutes, deps);
  await app.register(v2LessonLogRoutes, deps);
  await app.register(v2RecentMarksRoutes, deps);
  await app.register(v2AveragesRoutes, deps);
  await app.register(v2HistogramRoutes, deps);
  await app.register(v2FeedRoutes, deps);
  await app.register(v2CriteriaRoutes, deps);
}
