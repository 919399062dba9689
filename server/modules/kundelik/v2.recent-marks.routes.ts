import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { v2Actor } from './v2.auth.js';
import { presentCriteriaMark, zV2CriteriaMark } from './v2.criteria.presenter.js';
import { presentLogEntry } from './v2.lesson-log.presenter.js';
import { compactSubjectOf, lessonWorks, presentAssessmentWork, presentCompactLesson } from './v2.lessons.presenter.js';
import { lessonRows, worksOf } from './v2.lessons.repository.js';
import { zV2CompactLesson, zV2Work } from './v2.lessons.schemas.js';
import { pupilScope, readable } from './v2.marks.access.js';
import { presentMark, type V2WorkTypeKey, v2WorkTypes, workTypeOf } from './v2.marks.presenter.js';
import { logRows, markRows } from './v2.marks.repository.js';
import {
  v2Errors,
  zV2CompactSubject,
  zV2Day,
  zV2Id,
  zV2LogEntries,
  zV2Marks,
  zV2WorkType,
} from './v2.marks.schemas.js';
import { groupFilter } from './v2.marks.service.js';

/**
 * GET persons/{p}/group/{g}/recentmarks (kundelik-v2-api.md §1.9; note the singular `group`): a pupil's latest
 * marks with everything a client joins them to — works, subjects, work types, compact lessons, the pupil's log
 * entries on those lessons and the СОр/СОч scores again as criteria-based marks. Five statements after the access
 * check whatever the limit.
 */

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

const zRecentMarks = z.object({
  marks: zV2Marks,
  criteriabasedmarks: z.array(zV2CriteriaMark),
  works: z.array(zV2Work),
  subjects: z.array(zV2CompactSubject),
  workTypes: z.array(zV2WorkType),
  lessons: z.array(zV2CompactLesson),
  lessonLogEntries: zV2LogEntries,
});

export async function recentMarks(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  groupId: number,
  q: { fromDate?: string; subject?: number; limit?: number },
) {
  const scope = await pupilScope(deps, actor, personId);
  const rows = readable(
    await markRows(deps.db, {
      schoolId: scope.schoolId,
      personIds: [personId],
      ...groupFilter(groupId),
      ...(q.subject ? { subjectId: q.subject } : {}),
      ...(q.fromDate ? { givenFrom: q.fromDate } : {}),
      latest: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
    }),
    scope,
    (r) => r.studentPersonId,
  );
  const lessonIds = [...new Set(rows.flatMap((r) => (r.lessonRef === null ? [] : [r.lessonRef])))];
  const workIds = [...new Set(rows.flatMap((r) => (r.workId === null ? [] : [r.workId])))];
  const [lessons, works, log] = await Promise.all([
    lessonIds.length ? lessonRows(deps.db, { schoolId: scope.schoolId, lessonIds }) : [],
    workIds.length ? worksOf(deps.db, scope.schoolId, { workIds }) : [],
    lessonIds.length ? logRows(deps.db, { schoolId: scope.schoolId, personIds: [personId], lessonIds }) : [],
  ]);
  const today = localDate(deps.clock.now());
  const all = { works, homework: [] };
  const byLesson = new Map(lessons.map((l) => [l.id, l]));
  // The works the marks hang on: an СОр/СОч itself, or the ФО work of the mark's lesson.
  const foLessons = new Set(rows.filter((r) => r.workId === null).map((r) => r.lessonId));
  const foWorks = lessons
    .filter((l) => foLessons.has(l.id))
    .map((l) => lessonWorks(l, { works: [], homework: [] })[0]!);
  const subjects = new Map(lessons.map((l) => [l.subjectId, compactSubjectOf(l, actor.locale)]));
  const kinds = [...new Set(rows.map((r) => workTypeOf(r.workKind)))] as V2WorkTypeKey[];
  return {
    marks: rows.map(presentMark),
    criteriabasedmarks: rows.filter((r) => r.kind === 'score' && r.workId !== null).map(presentCriteriaMark),
    works: [...foWorks, ...works.map(presentAssessmentWork)],
    subjects: [...subjects.values()],
    workTypes: v2WorkTypes(scope.schoolId, actor.locale, kinds),
    lessons: lessonIds.flatMap((id) => {
      const l = byLesson.get(id);
      return l ? [presentCompactLesson(l, all, today)] : [];
    }),
    lessonLogEntries: log.map(presentLogEntry),
  };
}

export const v2RecentMarksRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/persons/:person/group/:group/recentmarks',
    {
      schema: {
        summary: "A pupil's latest marks with their works, subjects, lessons and log entries",
        params: z.object({ person: zV2Id, group: zV2Id }),
        querystring: z.object({
          fromDate: zV2Day.optional(),
          subject: zV2Id.optional(),
          limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
        }),
        response: { 200: zRecentMarks, ...v2Errors },
      },
    },
    async (request) => {
      const q = request.query;
      return recentMarks(deps, v2Actor(request), request.params.person, request.params.group, {
        ...(q.fromDate ? { fromDate: q.fromDate } : {}),
        ...(q.subject ? { subject: q.subject } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
    },
  );
};
