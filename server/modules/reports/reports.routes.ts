import { zError } from '@common/schemas/primitives.js';
import {
  zAttendanceExportQuery,
  zAttendanceQuery,
  zAttendanceSummary,
  zClassAttendance,
  zClassParams,
  zClassPerformance,
  zFillInReport,
  zPerformanceExportQuery,
  zPerformanceSummary,
  zPeriodQuery,
} from '@common/schemas/reports.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { sendFile } from '../../lib/send-file.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { attendanceOfClass, attendanceSummary } from './attendance.service.js';
import { fillInStatus } from './fill-in.service.js';
import { performanceOfClass, performanceSummary } from './performance.service.js';
import { auditExport, exportAttendance, exportPerformance } from './reports.export.js';

const tags = ['reports'];
const errors = { 400: zError, 403: zError, 404: zError };
const zFile = z.instanceof(Buffer).describe('The report as XLSX or PDF');

/** Issue 5 §5: the school administrator's reports (kz-school-rules §3, §4.1). Read-only. */
export const reportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/reports/performance',
    {
      schema: {
        tags,
        summary: 'Performance of every class for a period (§4.1: success %, quality %, СОУ, average, pupil categories)',
        querystring: zPeriodQuery,
        response: { 200: zPerformanceSummary, ...errors },
      },
    },
    async (request) => performanceSummary(deps, actorOf(request), request.query.periodId),
  );
  app.get(
    '/reports/performance/classes/:classId',
    {
      schema: {
        tags,
        summary: "One class's performance for a period: per subject, the class total, per pupil",
        params: zClassParams,
        querystring: zPeriodQuery,
        response: { 200: zClassPerformance, ...errors },
      },
    },
    async (request) => performanceOfClass(deps, actorOf(request), request.params.classId, request.query.periodId),
  );
  app.get(
    '/reports/performance/export',
    {
      schema: {
        tags,
        summary: 'The performance report (school summary, or one class) as XLSX or PDF',
        querystring: zPerformanceExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await exportPerformance(deps, actor, request.query, request.locale);
      await auditExport(deps, actor, auditOrigin(request, deps.clock.now()), {
        report: 'performance',
        ...request.query,
      });
      return sendFile(reply, file.body, file.contentType, file.fileName);
    },
  );
  app.get(
    '/reports/attendance',
    {
      schema: {
        tags,
        summary: 'Attendance of every class for a period or dates (§3: full days, lessons, of which illness; lates)',
        querystring: zAttendanceQuery,
        response: { 200: zAttendanceSummary, ...errors },
      },
    },
    async (request) => attendanceSummary(deps, actorOf(request), request.query),
  );
  app.get(
    '/reports/attendance/classes/:classId',
    {
      schema: {
        tags,
        summary: "One class's attendance per pupil for a period or dates",
        params: zClassParams,
        querystring: zAttendanceQuery,
        response: { 200: zClassAttendance, ...errors },
      },
    },
    async (request) => attendanceOfClass(deps, actorOf(request), request.params.classId, request.query),
  );
  app.get(
    '/reports/attendance/export',
    {
      schema: {
        tags,
        summary: 'The attendance report (school summary, or one class) as XLSX or PDF',
        querystring: zAttendanceExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await exportAttendance(deps, actor, request.query, request.locale);
      await auditExport(deps, actor, auditOrigin(request, deps.clock.now()), {
        report: 'attendance',
        ...request.query,
      });
      return sendFile(reply, file.body, file.contentType, file.fileName);
    },
  );
  app.get(
    '/reports/fill-in',
    {
      schema: {
        tags,
        summary: 'Journal fill-in status per teacher for a period (lessons without topic, empty lessons, missing СОч)',
        querystring: zPeriodQuery,
        response: { 200: zFillInReport, ...errors },
      },
    },
    async (request) => fillInStatus(deps, actorOf(request), request.query.periodId),
  );
};
