import {
  zClassDay,
  zClassDayQuery,
  zClassView,
  zClassViewClassesQuery,
  zClassViewClassList,
  zClassViewError,
  zClassViewParams,
  zClassViewQuery,
} from '@common/schemas/class-view.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { classDay } from './class-day.service.js';
import { classOverview, classViewClasses } from './class-view.service.js';

const tags = ['class-view'];
const errors = { 400: zClassViewError, 403: zClassViewError, 404: zClassViewError, 422: zClassViewError };

/** The class teacher's view (issue 5 §5): read-only; writes stay in the journal. */
export const classViewRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/class-view/classes',
    {
      schema: {
        tags,
        summary: "The classes the user may open: a class teacher's own, every class of the year for an administrator",
        querystring: zClassViewClassesQuery,
        response: { 200: zClassViewClassList, ...errors },
      },
    },
    async (request) => classViewClasses(deps, actorOf(request), request.query.yearId),
  );
  app.get(
    '/class-view/:classId',
    {
      schema: {
        tags,
        summary: 'One class across subjects for a period: results, attendance, pupils at risk',
        params: zClassViewParams,
        querystring: zClassViewQuery,
        response: { 200: zClassView, ...errors },
      },
    },
    async (request) => classOverview(deps, actorOf(request), request.params.classId, request.query.periodId),
  );
  app.get(
    '/class-view/:classId/day',
    {
      schema: {
        tags,
        summary: "One day's lessons × pupils with attendance, and the derived full-day absences",
        params: zClassViewParams,
        querystring: zClassDayQuery,
        response: { 200: zClassDay, ...errors },
      },
    },
    async (request) => classDay(deps, actorOf(request), request.params.classId, request.query.date),
  );
};
