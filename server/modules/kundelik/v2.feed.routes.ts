import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { diaryStudents } from '../diary/diary.access.js';
import { subjectName } from '../timetable/timetable.access.js';
import { v2Actor } from './v2.auth.js';
import { ids, v2BadParameter, v2DateTime } from './v2.conventions.js';
import {
  addDays,
  feedDayLists,
  feedSources,
  IMPORTANT_DAYS,
  nextWorkingDay,
  zFeedLesson,
  zFeedWork,
} from './v2.feed.lists.js';
import { presentLogEntry } from './v2.lesson-log.presenter.js';
import { lessonRows } from './v2.lessons.repository.js';
import { pupilScope, readable } from './v2.marks.access.js';
import { presentMark, v2WorkType, workTypeOf } from './v2.marks.presenter.js';
import { logRows, markRows } from './v2.marks.repository.js';
import { v2Errors, zV2Day, zV2Id, zV2LogEntry, zV2Mark } from './v2.marks.schemas.js';

/**
 * GET users/me/feed (kundelik-v2-api.md §1.12): per day (from `date` back `limit` — ALX-P — or `dateLimit` — ACB —
 * days, default 1, at most 14) the pupil's marks as `markCards` (ALX-P) and also `marksCards` (ACB, CONFLICT: both
 * spellings, each in its own shape), the day's lesson-log entries, and the schedule, homework and important-works
 * lists of v2.feed.lists.ts. The pupil: `childPersonId`, else the caller (a pupil), else a parent's first child.
 * A fixed number of statements after the access check whatever the number of days (one per list).
 */
const MAX_DAYS = 14;
const zCard = z.object({
  marks: z.array(zV2Mark),
  lesson: z.object({ id: z.number().nullable(), id_str: z.string().nullable(), date: z.string() }),
  isImportant: z.boolean(),
  subjectName: z.string(),
  subjectId: z.number(),
  workTypeName: z.string(),
});
const zFeed = z.object({
  days: z.array(
    z.object({
      date: z.string(),
      nextWorkingDayDate: z.string(),
      summary: z.object({
        importantWorks: z.array(zFeedWork),
        markCards: z.array(zCard),
        marksCards: z.array(zCard.omit({ marks: true }).extend({ marks: z.array(z.object({ mark: zV2Mark })) })),
        dayEmotion: z.null(),
        feedMode: z.string(),
      }),
      todayHomeworks: z.array(zFeedWork),
      todaySchedule: z.array(zFeedLesson),
      nextDayHomeworks: z.array(zFeedWork),
      nextDaySchedule: z.array(zFeedLesson),
      logEntries: z.array(z.object({ lessonLogEntry: zV2LogEntry, subjectName: z.string(), lessonTitle: z.string() })),
    }),
  ),
});

type FeedQuery = { date?: string; childPersonId?: number; limit?: number; dateLimit?: number };

/** The feed of `actor` (the route's handler; a function so the statement count can be tested). */
export async function userFeed(deps: AppDeps, actor: Actor, q: FeedQuery) {
  const personId =
    q.childPersonId ?? (await diaryStudents(deps, actor)).sort((a, b) => Number(b.self) - Number(a.self))[0]?.personId;
  if (personId === undefined) throw v2BadParameter('childPersonId');
  const scope = await pupilScope(deps, actor, personId);
  const last = q.date ?? localDate(deps.clock.now());
  const first = addDays(last, -((q.limit ?? q.dateLimit ?? 1) - 1));
  const range = { schoolId: scope.schoolId, personIds: [personId], from: first, to: last };
  const today = localDate(deps.clock.now());
  const [marks, log, sources] = await Promise.all([
    markRows(deps.db, range),
    logRows(deps.db, range),
    // A week past the last day: its next working day and its important works ahead.
    feedSources(deps, scope, personId, { from: first, to: addDays(last, IMPORTANT_DAYS), asOf: last }),
  ]);
  const mine = readable(marks, scope, (r) => r.studentPersonId);
  const entries = readable(log, scope, (r) => r.studentPersonId);
  const lessonIds = [
    ...new Set([...mine.flatMap((m) => (m.lessonRef ? [m.lessonRef] : [])), ...entries.map((e) => e.lessonId)]),
  ];
  // The marks' and entries' lessons are the pupil's lessons of those days, already read; any other (a sub-group
  // lesson the pupil has left) is read once.
  const lessons = new Map(sources.lessons.map((l) => [l.id, l]));
  const missing = lessonIds.filter((id) => !lessons.has(id));
  if (missing.length) {
    for (const l of await lessonRows(deps.db, { schoolId: scope.schoolId, lessonIds: missing })) lessons.set(l.id, l);
  }
  const days = [];
  for (let day = last; day >= first; day = addDays(day, -1)) {
    const cards = new Map<string, z.infer<typeof zCard>>();
    for (const m of mine.filter((x) => x.day === day)) {
      const l = m.lessonRef ? lessons.get(m.lessonRef) : undefined;
      const kind = workTypeOf(m.workKind);
      const key = `${m.lessonRef}:${kind}`;
      const card = cards.get(key) ?? {
        marks: [],
        lesson: { ...ids({ id: m.lessonRef }), date: v2DateTime(day) },
        isImportant: kind !== 'fo',
        subjectName: l ? subjectName(l, actor.locale) : '',
        subjectId: m.subjectId,
        workTypeName: v2WorkType(scope.schoolId, kind, actor.locale).name,
      };
      card.marks.push(presentMark(m));
      cards.set(key, card);
    }
    const markCards = [...cards.values()];
    const next = nextWorkingDay(day, sources.lessons);
    const lists = feedDayLists(sources, personId, actor.locale, day, next, today);
    days.push({
      date: v2DateTime(day),
      nextWorkingDayDate: v2DateTime(next),
      summary: {
        importantWorks: lists.importantWorks,
        markCards,
        marksCards: markCards.map((c) => ({ ...c, marks: c.marks.map((mark) => ({ mark })) })),
        dayEmotion: null,
        feedMode: 'Full',
      },
      todayHomeworks: lists.todayHomeworks,
      todaySchedule: lists.todaySchedule,
      nextDayHomeworks: lists.nextDayHomeworks,
      nextDaySchedule: lists.nextDaySchedule,
      logEntries: entries
        .filter((e) => e.date === day)
        .map((e) => {
          const l = lessons.get(e.lessonId);
          return {
            lessonLogEntry: presentLogEntry(e),
            subjectName: l ? subjectName(l, actor.locale) : '',
            lessonTitle: l?.topic ?? '',
          };
        }),
    });
  }
  return { days };
}

export const v2FeedRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/users/me/feed',
    {
      schema: {
        summary:
          "The caller's (or a child's) feed: marks, log entries, schedules, homework and important works per day",
        querystring: z.object({
          date: zV2Day.optional(),
          childPersonId: zV2Id.optional(),
          limit: z.coerce.number().int().min(1).max(MAX_DAYS).optional(),
          dateLimit: z.coerce.number().int().min(1).max(MAX_DAYS).optional(),
        }),
        response: { 200: zFeed, ...v2Errors },
      },
    },
    async (request) => userFeed(deps, v2Actor(request), request.query),
  );
};
