import { zError, zIdParam } from '@common/schemas/primitives.js';
import {
  zCorrection,
  zCorrectionList,
  zCorrectionListQuery,
  zCorrectionReject,
  zCorrectionResolve,
} from '@common/schemas/registration.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { listForInstitution, reject, resolve } from './corrections.service.js';

/** The administrators' side of data-correction requests (the person's side is under /registration). */
export const correctionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/corrections',
    {
      schema: {
        tags: ['corrections'],
        summary: 'Data-correction requests filed at my institution (its administrators)',
        querystring: zCorrectionListQuery,
        response: { 200: zCorrectionList, 400: zError, 403: zError },
      },
    },
    async (request) => listForInstitution(deps, actorOf(request), request.query),
  );

  app.post(
    '/corrections/:id/resolve',
    {
      schema: {
        tags: ['corrections'],
        summary: "Apply the proposed values to the person's data and close the request",
        params: zIdParam,
        body: zCorrectionResolve,
        response: { 200: zCorrection, 400: zError, 403: zError, 404: zError, 409: zError, 422: zError },
      },
    },
    async (request) =>
      resolve(deps, actorOf(request), request.params.id, request.body.answer, auditOrigin(request, deps.clock.now())),
  );

  app.post(
    '/corrections/:id/reject',
    {
      schema: {
        tags: ['corrections'],
        summary: 'Close the request without changes, with an answer to the person',
        params: zIdParam,
        body: zCorrectionReject,
        response: { 200: zCorrection, 400: zError, 403: zError, 404: zError, 409: zError },
      },
    },
    async (request) =>
      reject(deps, actorOf(request), request.params.id, request.body.answer, auditOrigin(request, deps.clock.now())),
  );
};
