import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import {
  zCalendarFeed,
  zCalendarFeedCreated,
  zConflictError,
  zGenerateResult,
  zLesson,
  zLessonCancel,
  zLessonChangeList,
  zLessonList,
  zLessonListQuery,
  zLessonMove,
  zLessonRoom,
  zLessonSubstitute,
  zMyTimetable,
  zMyTimetableQuery,
  zPeriodParam,
  zRoom,
  zRoomCreate,
  zRoomList,
  zRoomListQuery,
  zRoomUpdate,
  zTimetable,
  zTimetableChanges,
  zTimetableCheckResult,
  zTimetableQuery,
  zTimetableSaveResult,
  zYearParam,
} from '@common/schemas/timetable.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { createFeed, feedStatus, renderFeed, revokeFeed } from './calendar-feed.service.js';
import {
  cancelLesson,
  changeRoom,
  lessonHistory,
  listLessons,
  moveLesson,
  restoreLesson,
  substituteLesson,
} from './lessons.service.js';
import { myTimetable } from './my-timetable.service.js';
import { archiveRoom, createRoom, listRooms, updateRoom } from './rooms.service.js';
import { checkChanges, generateLessons, getTimetable, saveChanges } from './timetable.service.js';

const errors = { 400: zError, 403: zError, 404: zError, 409: zError, 422: zError };
const tags = ['timetable'];

/** Rooms, the weekly timetable, lessons and one-off changes, my timetable, the calendar feed (under /api/v1). */
export const timetableRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const origin = (request: Parameters<typeof auditOrigin>[0]) => auditOrigin(request, deps.clock.now());

  // ── Rooms ──
  app.get(
    '/rooms',
    {
      schema: {
        tags,
        summary: 'Rooms of the current school',
        querystring: zRoomListQuery,
        response: { 200: zRoomList, ...errors },
      },
    },
    async (request) => ({ items: await listRooms(deps, actorOf(request), request.query.includeArchived) }),
  );
  app.post(
    '/rooms',
    { schema: { tags, summary: 'Add a room', body: zRoomCreate, response: { 201: zRoom, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await createRoom(deps, actorOf(request), request.body, origin(request))),
  );
  app.patch(
    '/rooms/:id',
    {
      schema: {
        tags,
        summary: 'Rename a room or change its capacity',
        params: zIdParam,
        body: zRoomUpdate,
        response: { 200: zRoom, ...errors },
      },
    },
    async (request) => updateRoom(deps, actorOf(request), request.params.id, request.body, origin(request)),
  );
  app.post(
    '/rooms/:id/archive',
    {
      schema: {
        tags,
        summary: 'Archive a room (kept for history, no longer offered)',
        params: zIdParam,
        response: { 200: zRoom, ...errors },
      },
    },
    async (request) => archiveRoom(deps, actorOf(request), request.params.id, origin(request)),
  );

  // ── The weekly timetable ──
  app.get(
    '/school-years/:yearId/timetable',
    {
      schema: {
        tags,
        summary: "A year's weekly timetable per class, teacher or room, with its conflicts",
        params: zYearParam,
        querystring: zTimetableQuery,
        response: { 200: zTimetable, ...errors },
      },
    },
    async (request) => getTimetable(deps, actorOf(request), request.params.yearId, request.query, request.locale),
  );
  app.post(
    '/school-years/:yearId/timetable/check',
    {
      schema: {
        tags,
        summary: 'The conflicts a change set would leave (nothing is written)',
        params: zYearParam,
        body: zTimetableChanges,
        response: { 200: zTimetableCheckResult, ...errors },
      },
    },
    async (request) =>
      checkChanges(deps, actorOf(request), request.params.yearId, request.body.changes, request.locale),
  );
  app.put(
    '/school-years/:yearId/timetable',
    {
      schema: {
        tags,
        summary: 'Apply a change set in one transaction; 409 with the conflicts it would cause',
        params: zYearParam,
        body: zTimetableChanges,
        response: { 200: zTimetableSaveResult, ...errors, 409: zConflictError },
      },
    },
    async (request) =>
      saveChanges(deps, actorOf(request), request.params.yearId, request.body.changes, request.locale, origin(request)),
  );
  app.post(
    '/school-years/:yearId/periods/:periodId/generate-lessons',
    {
      schema: {
        tags,
        summary: "Generate (or regenerate from today on) a period's lessons from the timetable",
        params: zPeriodParam,
        response: { 200: zGenerateResult, ...errors },
      },
    },
    async (request) =>
      generateLessons(deps, actorOf(request), request.params.yearId, request.params.periodId, origin(request)),
  );

  // ── Lessons and one-off changes ──
  app.get(
    '/lessons',
    {
      schema: {
        tags,
        summary: 'Lessons of the current school between two dates (per class, teacher or room)',
        querystring: zLessonListQuery,
        response: { 200: zLessonList, ...errors },
      },
    },
    async (request) => listLessons(deps, actorOf(request), request.query),
  );
  app.get(
    '/lessons/:id/changes',
    {
      schema: {
        tags,
        summary: "A lesson's one-off changes",
        params: zIdParam,
        response: { 200: zLessonChangeList, ...errors },
      },
    },
    async (request) => ({ items: await lessonHistory(deps, actorOf(request), request.params.id) }),
  );
  app.post(
    '/lessons/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a lesson',
        params: zIdParam,
        body: zLessonCancel,
        response: { 200: zLesson, ...errors },
      },
    },
    async (request) => cancelLesson(deps, actorOf(request), request.params.id, request.body.note, origin(request)),
  );
  app.post(
    '/lessons/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a cancelled lesson',
        params: zIdParam,
        body: zLessonCancel,
        response: { 200: zLesson, ...errors, 409: zConflictError },
      },
    },
    async (request) =>
      restoreLesson(deps, actorOf(request), request.params.id, request.body.note, request.locale, origin(request)),
  );
  app.post(
    '/lessons/:id/substitute',
    {
      schema: {
        tags,
        summary: 'Give a lesson to a substitute teacher (null: back to its own teacher)',
        params: zIdParam,
        body: zLessonSubstitute,
        response: { 200: zLesson, ...errors, 409: zConflictError },
      },
    },
    async (request) =>
      substituteLesson(deps, actorOf(request), request.params.id, request.body, request.locale, origin(request)),
  );
  app.post(
    '/lessons/:id/room',
    {
      schema: {
        tags,
        summary: "Change a lesson's room",
        params: zIdParam,
        body: zLessonRoom,
        response: { 200: zLesson, ...errors, 409: zConflictError },
      },
    },
    async (request) =>
      changeRoom(deps, actorOf(request), request.params.id, request.body, request.locale, origin(request)),
  );
  app.post(
    '/lessons/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a lesson to another date or lesson number',
        params: zIdParam,
        body: zLessonMove,
        response: { 200: zLesson, ...errors, 409: zConflictError },
      },
    },
    async (request) =>
      moveLesson(deps, actorOf(request), request.params.id, request.body, request.locale, origin(request)),
  );

  // ── My timetable and the calendar feed ──
  app.get(
    '/me/timetable',
    {
      schema: {
        tags,
        summary: "My lessons (a teacher's, a student's, or a parent's chosen child's)",
        querystring: zMyTimetableQuery,
        response: { 200: zMyTimetable, ...errors },
      },
    },
    async (request) => myTimetable(deps, actorOf(request), request.query),
  );
  app.get(
    '/me/calendar-feed',
    { schema: { tags, summary: 'Whether I have a calendar feed', response: { 200: zCalendarFeed, ...errors } } },
    async (request) => feedStatus(deps, actorOf(request)),
  );
  app.post(
    '/me/calendar-feed',
    {
      schema: {
        tags,
        summary: 'Create (or replace) my secret calendar feed address, shown once',
        response: { 201: zCalendarFeedCreated, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createFeed(deps, actorOf(request), origin(request))),
  );
  app.delete(
    '/me/calendar-feed',
    { schema: { tags, summary: 'Revoke my calendar feed', response: { 200: zOk, ...errors } } },
    async (request) => {
      await revokeFeed(deps, actorOf(request), origin(request));
      return { ok: true as const };
    },
  );
};

/** Calendar apps fetch the feed without a session: the secret in the address is the credential. */
export const icalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/ical/:token.ics',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
    },
    async (request, reply) => {
      const text = await renderFeed(deps, request.params.token);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('referrer-policy', 'no-referrer')
        .send(text);
    },
  );
};
