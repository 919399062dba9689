import type { DiaryWeek } from '@common/schemas/diary.js';
import {
  zDiaryDistribution,
  zDiaryHomeworkDone,
  zDiaryHomeworkDoneResult,
  zDiaryHomeworkList,
  zDiaryHomeworkParams,
  zDiaryHomeworkQuery,
  zDiaryParams,
  zDiaryStudents,
  zDiarySubjects,
  zDiarySubjectsQuery,
  zDiaryWeek,
  zDiaryWeekQuery,
  zDiaryWorkParams,
  zDistributionSetting,
  zDistributionSettingUpdate,
} from '@common/schemas/diary.js';
import { zError, zIdParam } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { diaryStudents } from './diary.access.js';
import { getDistributionSetting, setDistributionSetting, workDistribution } from './distribution.service.js';
import { diaryHomework, setDone } from './homework.service.js';
import { diarySubjects } from './subjects.service.js';
import { diaryWeekJson } from './week.service.js';

const tags = ['diary'];
const errors = { 400: zError, 403: zError, 404: zError, 422: zError };

/** The student's and parent's diary (issue 7 §1): read-only but for the student's own homework tick. */
export const diaryRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/diary/students',
    {
      schema: {
        tags,
        summary: 'Whose diary the user may read: themself (a student) or their linked children (a parent)',
        response: { 200: zDiaryStudents, ...errors },
      },
    },
    async (request) => ({ items: await diaryStudents(deps, actorOf(request)) }),
  );
  app.get(
    '/diary/:studentId/week',
    {
      schema: {
        tags,
        summary: "A week (Monday–Sunday) of a student's diary: lessons, marks, attendance, homework, works",
        params: zDiaryParams,
        querystring: zDiaryWeekQuery,
        response: { 200: zDiaryWeek, ...errors },
      },
    },
    async (request, reply) => {
      const json = await diaryWeekJson(deps, actorOf(request), request.params.studentId, request.query.date);
      // The database built the response's JSON (week.repository.ts): sent as it is, not parsed and serialised
      // again. A string with a JSON content type skips the response serialiser (diary.test.ts checks the body
      // against zDiaryWeek instead).
      return reply.type('application/json; charset=utf-8').send(json as unknown as DiaryWeek);
    },
  );
  app.get(
    '/diary/:studentId/subjects',
    {
      schema: {
        tags,
        summary: "A student's marks by subject for a period: running grade, projection, fixed term and year grades",
        params: zDiaryParams,
        querystring: zDiarySubjectsQuery,
        response: { 200: zDiarySubjects, ...errors },
      },
    },
    async (request) => diarySubjects(deps, actorOf(request), request.params.studentId, request.query.periodId),
  );
  app.get(
    '/diary/:studentId/homework',
    {
      schema: {
        tags,
        summary: "A student's homework: due, overdue or done",
        params: zDiaryParams,
        querystring: zDiaryHomeworkQuery,
        response: { 200: zDiaryHomeworkList, ...errors },
      },
    },
    async (request) => ({
      items: await diaryHomework(deps, actorOf(request), request.params.studentId, request.query),
    }),
  );
  app.put(
    '/diary/:studentId/homework/:homeworkId/done',
    {
      schema: {
        tags,
        summary: 'The student ticks (or unticks) a homework as done (only the student themself)',
        params: zDiaryHomeworkParams,
        body: zDiaryHomeworkDone,
        response: { 200: zDiaryHomeworkDoneResult, ...errors },
      },
    },
    async (request) =>
      setDone(deps, actorOf(request), request.params.studentId, request.params.homeworkId, request.body.done),
  );
  app.get(
    '/diary/:studentId/works/:workId/distribution',
    {
      schema: {
        tags,
        summary: "The class's scores on a СОр / СОч as counts per grade band, without names (where the school allows)",
        params: zDiaryWorkParams,
        response: { 200: zDiaryDistribution, ...errors },
      },
    },
    async (request) => workDistribution(deps, actorOf(request), request.params.studentId, request.params.workId),
  );
  app.get(
    '/institutions/:id/diary-setting',
    {
      schema: {
        tags,
        summary: "Whether the school's diary shows the anonymised class distribution of a work",
        params: zIdParam,
        response: { 200: zDistributionSetting, ...errors },
      },
    },
    async (request) => getDistributionSetting(deps, actorOf(request), request.params.id),
  );
  app.put(
    '/institutions/:id/diary-setting',
    {
      schema: {
        tags,
        summary: "Switch the class distribution on or off (the school's administrators)",
        params: zIdParam,
        body: zDistributionSettingUpdate,
        response: { 200: zDistributionSetting, ...errors },
      },
    },
    async (request) =>
      setDistributionSetting(
        deps,
        actorOf(request),
        request.params.id,
        request.body.classDistribution,
        auditOrigin(request, deps.clock.now()),
      ),
  );
};
