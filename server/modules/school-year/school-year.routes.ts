import { zError, zIdParam } from '@common/schemas/primitives.js';
import {
  zBellsReplace,
  zCalendarTemplateList,
  zDaysOffReplace,
  zPeriodsReplace,
  zSchoolYear,
  zSchoolYearCloseResult,
  zSchoolYearCreate,
  zSchoolYearList,
  zSchoolYearUpdate,
} from '@common/schemas/school-year.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import {
  closeSchoolYear,
  createSchoolYear,
  getSchoolYear,
  listCalendarTemplates,
  listSchoolYears,
  replaceYearBells,
  replaceYearDaysOff,
  replaceYearPeriods,
  updateSchoolYear,
} from './school-year.service.js';

const writeErrors = { 400: zError, 403: zError, 404: zError, 409: zError, 422: zError };

export const schoolYearRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const origin = (request: Parameters<typeof auditOrigin>[0]) => auditOrigin(request, deps.clock.now());

  app.get(
    '/calendar-templates',
    {
      schema: {
        tags: ['school-year'],
        summary: "The Ministry's school calendars a year can be created from",
        response: { 200: zCalendarTemplateList, 403: zError },
      },
    },
    async (request) => ({ items: await listCalendarTemplates(deps, actorOf(request)) }),
  );

  app.get(
    '/school-years',
    {
      schema: {
        tags: ['school-year'],
        summary: "The current school's years, closed ones included, newest first",
        response: { 200: zSchoolYearList, 403: zError },
      },
    },
    async (request) => listSchoolYears(deps, actorOf(request)),
  );

  app.get(
    '/school-years/:id',
    {
      schema: {
        tags: ['school-year'],
        summary: 'A school year with its periods, days off, bell schedules and week settings',
        params: zIdParam,
        response: { 200: zSchoolYear, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) => getSchoolYear(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/school-years',
    {
      schema: {
        tags: ['school-year'],
        summary: 'Create a year from the national calendar ({ templateStartYear }) or with its own dates',
        body: zSchoolYearCreate,
        response: { 201: zSchoolYear, ...writeErrors },
      },
    },
    async (request, reply) => {
      const year = await createSchoolYear(deps, actorOf(request), request.body, origin(request));
      return reply.status(201).send(year);
    },
  );

  app.patch(
    '/school-years/:id',
    {
      schema: {
        tags: ['school-year'],
        summary: 'Rename a year or change its week: days per week, shifts, maximum lessons a day per grade',
        params: zIdParam,
        body: zSchoolYearUpdate,
        response: { 200: zSchoolYear, ...writeErrors },
      },
    },
    async (request) => updateSchoolYear(deps, actorOf(request), request.params.id, request.body, origin(request)),
  );

  app.put(
    '/school-years/:id/periods',
    {
      schema: {
        tags: ['school-year'],
        summary: "Replace the year's quarters and half-years",
        params: zIdParam,
        body: zPeriodsReplace,
        response: { 200: zSchoolYear, ...writeErrors },
      },
    },
    async (request) =>
      replaceYearPeriods(deps, actorOf(request), request.params.id, request.body.periods, origin(request)),
  );

  app.put(
    '/school-years/:id/days-off',
    {
      schema: {
        tags: ['school-year'],
        summary: "Replace the year's holidays, breaks and other days off",
        params: zIdParam,
        body: zDaysOffReplace,
        response: { 200: zSchoolYear, ...writeErrors },
      },
    },
    async (request) =>
      replaceYearDaysOff(deps, actorOf(request), request.params.id, request.body.daysOff, origin(request)),
  );

  app.put(
    '/school-years/:id/bells',
    {
      schema: {
        tags: ['school-year'],
        summary: 'Replace the bell schedule of every shift',
        params: zIdParam,
        body: zBellsReplace,
        response: { 200: zSchoolYear, ...writeErrors },
      },
    },
    async (request) =>
      replaceYearBells(deps, actorOf(request), request.params.id, request.body.shifts, origin(request)),
  );

  app.post(
    '/school-years/:id/close',
    {
      schema: {
        tags: ['school-year'],
        summary: 'Close (archive) a year: it becomes read-only and its open class enrolments end on its last day',
        params: zIdParam,
        response: { 200: zSchoolYearCloseResult, ...writeErrors },
      },
    },
    async (request) => closeSchoolYear(deps, actorOf(request), request.params.id, origin(request)),
  );
};
