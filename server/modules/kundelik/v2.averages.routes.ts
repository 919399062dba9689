import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { v2Actor } from './v2.auth.js';
import { groupAverages, groupPeriodAverages, groupWeightedAverages, personAverage } from './v2.averages.service.js';
import {
  groupFinalMarks,
  groupSubjectFinalMarks,
  personAllFinalMarks,
  personFinalMarks,
} from './v2.final-marks.service.js';
import { zV2Work } from './v2.lessons.schemas.js';
import { v2Errors, zV2Day, zV2Id, zV2Mark, zV2Marks, zV2WorkType } from './v2.marks.schemas.js';
import { zV2Subject } from './v2.schemas.js';

/**
 * Averages and final marks (kundelik-v2-api.md §1.10) with their odd shapes: bare-string avg-mark, hyphenated
 * keys. What the numbers mean: v2.averages.service.ts and v2.final-marks.service.ts.
 */

const idN = z.number().nullable();
const idS = z.string().nullable();
const zSubjectAverage = z.object({ subject: idN, subject_str: idS, 'avg-mark-value': z.string() });
const zPersonAverages = z.object({ person: idN, person_str: idS, 'per-subject-averages': z.array(zSubjectAverage) });
const zPeriodAverages = zPersonAverages.extend({
  group: idN,
  group_str: idS,
  reportingPeriod: idN,
  reportingPeriod_str: idS,
});
const zWeighted = z.object({
  subjectMarks: z.array(
    z.object({
      subject: idN,
      subject_str: idS,
      marks: z.array(z.object({ person: idN, person_str: idS, value: z.number() })),
    }),
  ),
});
const zSubjectFinal = z.object({ subject: idN, subject_str: idS, 'final-mark': zV2Mark });
const zGroupFinal = z.object({
  person: idN,
  person_str: idS,
  group: idN,
  group_str: idS,
  reportingPeriod: idN,
  reportingPeriod_str: idS,
  'per-subject-final-marks': z.array(zSubjectFinal),
});
const zAllFinal = z.object({
  marks: zV2Marks,
  works: z.array(zV2Work),
  subjects: z.array(zV2Subject),
  workTypes: z.array(zV2WorkType),
});
/**
 * A bare JSON string body (`"7.25"`, quotes included): Fastify would send a returned string as plain text, so it
 * is written already serialised with the JSON content type.
 */
function bareString(reply: FastifyReply, value: string) {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

const ok = <T extends z.ZodType>(schema: T) => ({ response: { 200: schema, ...v2Errors } });

export const v2AveragesRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/persons/:person/reporting-periods/:period/avg-mark',
    {
      schema: {
        summary: "A pupil's mean ФО mark in a period, as a bare JSON string",
        params: z.object({ person: zV2Id, period: zV2Id }),
        ...ok(z.string()),
      },
    },
    async (request, reply) =>
      bareString(reply, await personAverage(deps, v2Actor(request), request.params.person, request.params.period)),
  );
  app.get(
    '/persons/:person/reporting-periods/:period/subjects/:subject/avg-mark',
    {
      schema: {
        summary: "A pupil's mean ФО mark in a subject and period, as a bare JSON string",
        params: z.object({ person: zV2Id, period: zV2Id, subject: zV2Id }),
        ...ok(z.string()),
      },
    },
    async (request, reply) => {
      const p = request.params;
      return bareString(reply, await personAverage(deps, v2Actor(request), p.person, p.period, p.subject));
    },
  );
  app.get(
    '/edu-groups/:group/reporting-periods/:period/avg-marks/:date',
    {
      schema: {
        summary: "An edu-group's ФО means per pupil and subject in a period, up to a date",
        params: z.object({ group: zV2Id, period: zV2Id, date: zV2Day }),
        ...ok(z.array(zPeriodAverages)),
      },
    },
    async (request) => {
      const p = request.params;
      return groupPeriodAverages(deps, v2Actor(request), p.group, p.period, p.date);
    },
  );
  /**
   * An edu-group's read over a date range (avg-marks, wa-marks): the same params, the service called alike. `load`
   * must answer what `response` describes (NoInfer: R comes from the schema alone). The route sees the schema as a
   * plain ZodType because the type provider cannot resolve a generic schema's reply type; the check is R's, here.
   */
  const groupRange = <R>(
    what: string,
    summary: string,
    response: z.ZodType<R>,
    load: (deps: AppDeps, actor: Actor, groupId: number, from: string, to: string) => Promise<NoInfer<R>>,
  ) => {
    const reply: z.ZodType = response;
    app.get(
      `/edu-groups/:group/${what}/:from/:to`,
      { schema: { summary, params: z.object({ group: zV2Id, from: zV2Day, to: zV2Day }), ...ok(reply) } },
      async (request) => {
        const p = request.params;
        return load(deps, v2Actor(request), p.group, p.from, p.to);
      },
    );
  };
  groupRange(
    'avg-marks',
    "An edu-group's ФО means per pupil and subject over dates",
    z.array(zPersonAverages),
    groupAverages,
  );
  groupRange(
    'wa-marks',
    "An edu-group's weighted results (the engine's ФО/СОр/СОч term result, out of 10) over dates",
    zWeighted,
    groupWeightedAverages,
  );

  app.get(
    '/edu-groups/:group/final-marks',
    {
      schema: {
        summary: "An edu-group's fixed term grades per pupil and period",
        params: z.object({ group: zV2Id }),
        ...ok(z.array(zGroupFinal)),
      },
    },
    async (request) => groupFinalMarks(deps, v2Actor(request), request.params.group),
  );
  app.get(
    '/edu-groups/:group/subjects/:subject/final-marks',
    {
      schema: {
        summary: "An edu-group's fixed term and year grades in a subject",
        params: z.object({ group: zV2Id, subject: zV2Id }),
        ...ok(zV2Marks),
      },
    },
    async (request) => groupSubjectFinalMarks(deps, v2Actor(request), request.params.group, request.params.subject),
  );
  app.get(
    '/persons/:person/edu-groups/:group/final-marks',
    {
      schema: {
        summary: "A pupil's fixed term and year grades per subject",
        params: z.object({ person: zV2Id, group: zV2Id }),
        ...ok(z.array(zSubjectFinal)),
      },
    },
    async (request) => personFinalMarks(deps, v2Actor(request), request.params.person, request.params.group),
  );
  app.get(
    '/persons/:person/edu-groups/:group/allfinalmarks',
    {
      schema: {
        summary: "A pupil's fixed grades with their works, subjects and work types",
        params: z.object({ person: zV2Id, group: zV2Id }),
        ...ok(zAllFinal),
      },
    },
    async (request) => personAllFinalMarks(deps, v2Actor(request), request.params.person, request.params.group),
  );
};
