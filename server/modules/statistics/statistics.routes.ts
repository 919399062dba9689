import { zError } from '@common/schemas/primitives.js';
import { zStatisticsExportQuery, zStatisticsQuery, zStatisticsReport } from '@common/schemas/statistics.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { sendFile } from '../../lib/send-file.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { statisticsRoot } from './statistics.access.js';
import { exportStatistics } from './statistics.export.js';
import { subtreeStatistics } from './statistics.service.js';

const tags = ['statistics'];
const errors = { 400: zError, 403: zError, 404: zError };

/** Issue 6 §2: anonymised statistics of every school under a district, region or the ministry. Read-only. */
export const statisticsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/statistics/schools',
    {
      schema: {
        tags,
        summary:
          'Per school of the subtree: pupils, success %, quality %, СОУ, average, pupil categories, attendance, journal fill-in; district subtotals and the total',
        querystring: zStatisticsQuery,
        response: { 200: zStatisticsReport, ...errors },
      },
    },
    async (request) => subtreeStatistics(deps, actorOf(request), request.query),
  );
  app.get(
    '/statistics/schools/export',
    {
      schema: {
        tags,
        summary: 'The schools statistics as XLSX',
        querystring: zStatisticsExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: z.instanceof(Buffer).describe('The statistics as XLSX'), ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await exportStatistics(deps, actor, request.query, request.locale);
      // Counts only, but a file leaves the system: recorded like the school reports' exports.
      const root = await statisticsRoot(deps.db, actor, request.query.institutionId);
      await recordAudit(deps.db, auditOrigin(request, deps.clock.now()), {
        institutionId: root.id,
        action: 'export.report',
        after: { report: 'statistics', ...request.query },
      });
      return sendFile(reply, file.body, file.contentType, file.fileName);
    },
  );
};
