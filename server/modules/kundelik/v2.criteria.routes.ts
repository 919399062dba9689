import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { v2Actor } from './v2.auth.js';
import { zV2CriteriaMarkFull, zV2CriteriaSection, zV2CriteriaTotal } from './v2.criteria.presenter.js';
import { criteriaMarks, criteriaSections, criteriaTotals } from './v2.criteria.service.js';
import { v2Errors, zV2Id } from './v2.marks.schemas.js';

/**
 * The Kazakhstan criteria-based (СОр/СОч) paths of kundelik-v2-api.md §1.10 — singular `edu-group`, as the PYD
 * and KUN clients spell them. Shapes and rules: v2.criteria.presenter.ts, docs/kundelik-compat.md.
 */
const ok = <T extends z.ZodTypeAny>(body: T) => ({ 200: body, ...v2Errors });
const zMarks = z.array(zV2CriteriaMarkFull);
const zTotals = z.array(zV2CriteriaTotal);

export const v2CriteriaRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/edu-group/:group/subject/:subject/period/:period/criteria-marks-sections',
    {
      schema: {
        summary: "A class's summative works (СОр/СОч) of a subject and period, as criteria-marks sections",
        params: z.object({ group: zV2Id, subject: zV2Id, period: zV2Id }),
        response: ok(z.array(zV2CriteriaSection)),
      },
    },
    async (request) => {
      const p = request.params;
      return criteriaSections(deps, v2Actor(request), p.group, p.subject, p.period);
    },
  );

  app.get(
    '/edu-group/:group/person/:person/subject/:subject/period/:period/criteria-marks',
    {
      schema: {
        summary: "A pupil's СОр/СОч scores in a subject and period",
        params: z.object({ group: zV2Id, person: zV2Id, subject: zV2Id, period: zV2Id }),
        response: ok(zMarks),
      },
    },
    async (request) => {
      const p = request.params;
      return criteriaMarks(deps, v2Actor(request), p.group, {
        personId: p.person,
        subjectId: p.subject,
        periodId: p.period,
      });
    },
  );

  app.get(
    '/edu-group/:group/period/:period/criteria-marks',
    {
      schema: {
        summary: "A class's СОр/СОч scores of a period, every subject",
        params: z.object({ group: zV2Id, period: zV2Id }),
        response: ok(zMarks),
      },
    },
    async (request) => criteriaMarks(deps, v2Actor(request), request.params.group, { periodId: request.params.period }),
  );

  app.get(
    '/edu-group/:group/subject/:subject/period/:period/criteria-marks',
    {
      schema: {
        summary: "A class's СОр/СОч scores in a subject and period",
        params: z.object({ group: zV2Id, subject: zV2Id, period: zV2Id }),
        response: ok(zMarks),
      },
    },
    async (request) => {
      const p = request.params;
      return criteriaMarks(deps, v2Actor(request), p.group, { subjectId: p.subject, periodId: p.period });
    },
  );

  app.get(
    '/edu-group/:group/criteriajournalsection/:section/criteria-marks',
    {
      schema: {
        summary: 'The scores of one summative work (section)',
        params: z.object({ group: zV2Id, section: zV2Id }),
        response: ok(zMarks),
      },
    },
    async (request) =>
      criteriaMarks(deps, v2Actor(request), request.params.group, { sectionId: request.params.section }),
  );

  app.get(
    '/edu-group/:group/criteria-marks-totals',
    {
      schema: {
        summary: 'Per pupil and subject the period results (ФО/СОр/СОч %, term % and mark) of the year',
        params: z.object({ group: zV2Id }),
        response: ok(zTotals),
      },
    },
    async (request) => criteriaTotals(deps, v2Actor(request), request.params.group, {}),
  );

  app.get(
    '/edu-group/:group/subject/:subject/criteria-marks-totals',
    {
      schema: {
        summary: 'Per pupil the period results of one subject',
        params: z.object({ group: zV2Id, subject: zV2Id }),
        response: ok(zTotals),
      },
    },
    async (request) =>
      criteriaTotals(deps, v2Actor(request), request.params.group, { subjectId: request.params.subject }),
  );

  app.get(
    '/edu-group/:group/criteriajournalsection/:section/criteria-marks-totals',
    {
      schema: {
        summary: "Per pupil the results of the section's subject and period",
        params: z.object({ group: zV2Id, section: zV2Id }),
        response: ok(zTotals),
      },
    },
    async (request) =>
      criteriaTotals(deps, v2Actor(request), request.params.group, { sectionId: request.params.section }),
  );
};
