import { policyFor, roundHalfUp } from '@common/assessment/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { MIN_SCORES } from '../diary/distribution.service.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { v2Actor } from './v2.auth.js';
import { ids, v2NotFound } from './v2.conventions.js';
import { groupScope, readable, workScope } from './v2.marks.access.js';
import { markPercent, v2WorkId } from './v2.marks.presenter.js';
import { type MarkRow, markRows } from './v2.marks.repository.js';
import { v2Errors, zV2Id } from './v2.marks.schemas.js';
import { groupFilter } from './v2.marks.service.js';

/**
 * Anonymised mark distributions (ACB TLessonHistogram, TClassmatesHistogram): counts per grade band of the diary's
 * class distribution («2»–«5» by the year's 40/65/85 % thresholds), never per pupil.
 * - GET works/{w}/marks/histogram: one work;
 * - GET periods/{p}/subjects/{s}/groups/{g}/marks/histogram: every work of a class's subject in a period that has
 *   marks — its СОр/СОч and each lesson's ФО work — in date order, each counted like the single work.
 * For a pupil or parent the web app's rules apply (diary/distribution.service.ts), per work: only where the school
 * switched the class distribution on, and only with at least MIN_SCORES marks — otherwise an empty `markNumbers`.
 * Staff who may read the work see the journal anyway and always get it. Three statements after the access check.
 */
const zMarkNumbers = z.array(
  z.object({ markNumber: z.number(), marks: z.array(z.object({ value: z.string(), count: z.number() })) }),
);
const zHistogram = z.object({ markNumbers: zMarkNumbers });
const zPeriodHistogram = z.object({
  works: z.array(z.object({ workId: z.number(), workId_str: z.string(), markNumbers: zMarkNumbers })),
});

/** Whether the school shows pupils and parents the class distribution (institution_settings). */
async function classDistributionOn(deps: AppDeps, schoolId: number) {
  const setting = await deps.db
    .selectFrom('institutionSettings')
    .where('institutionId', '=', schoolId)
    .select('classDistribution')
    .executeTakeFirst();
  return setting?.classDistribution === true;
}

/** One work's marks in grade bands; `pupilReader` hides it unless the school shows it and enough marks exist. */
export function markNumbersOf(rows: MarkRow[], pupilReader: boolean, distributionOn: boolean) {
  const pct = rows.flatMap((r) => {
    const p = markPercent(r);
    return p === null ? [] : [{ p, day: r.day }];
  });
  if (pct.length === 0) return [];
  if (pupilReader && (!distributionOn || pct.length < MIN_SCORES)) return [];
  const th = policyFor(startYearOf(pct[0]!.day))?.thresholds ?? { three: 40, four: 65, five: 85 };
  const counts = { '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const { p } of pct) {
    const r = roundHalfUp(p);
    counts[r >= th.five ? '5' : r >= th.four ? '4' : r >= th.three ? '3' : '2']++;
  }
  return [{ markNumber: 0, marks: Object.entries(counts).map(([value, count]) => ({ value, count })) }];
}

export const v2HistogramRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/works/:work/marks/histogram',
    {
      schema: {
        summary: "A work's anonymised mark distribution (grade bands)",
        params: z.object({ work: zV2Id }),
        response: { 200: zHistogram, ...v2Errors },
      },
    },
    async (request) => {
      const scope = await workScope(deps, v2Actor(request), request.params.work);
      const [rows, on] = await Promise.all([
        markRows(deps.db, { schoolId: scope.schoolId, workIds: [request.params.work] }),
        classDistributionOn(deps, scope.schoolId),
      ]);
      return { markNumbers: markNumbersOf(rows, scope.pupils !== null, on) };
    },
  );

  app.get(
    '/periods/:period/subjects/:subject/groups/:group/marks/histogram',
    {
      schema: {
        summary: "Anonymised mark distributions of every work of a class's subject in a period",
        params: z.object({ period: zV2Id, subject: zV2Id, group: zV2Id }),
        response: { 200: zPeriodHistogram, ...v2Errors },
      },
    },
    async (request) => {
      const { period: periodId, subject, group } = request.params;
      const scope = await groupScope(deps, v2Actor(request), group);
      const period = await deps.db
        .selectFrom('academicPeriods')
        .where('schoolId', '=', scope.schoolId)
        .where('yearId', '=', scope.cls.yearId)
        .where('id', '=', periodId)
        .select(['startsOn', 'endsOn'])
        .executeTakeFirst();
      if (!period) throw v2NotFound('ReportingPeriod');
      // Every pupil's marks are counted (anonymised); a teacher is narrowed to the subjects they read.
      const [all, on] = await Promise.all([
        markRows(deps.db, {
          schoolId: scope.schoolId,
          ...groupFilter(group),
          subjectId: subject,
          from: String(period.startsOn).slice(0, 10),
          to: String(period.endsOn).slice(0, 10),
        }),
        classDistributionOn(deps, scope.schoolId),
      ]);
      const rows = readable(all, { ...scope, pupils: null }, () => 0);
      const byWork = new Map<number, MarkRow[]>();
      for (const r of rows) {
        const id = v2WorkId(r);
        if (id === null) continue;
        const list = byWork.get(id);
        if (list) list.push(r);
        else byWork.set(id, [r]);
      }
      return {
        works: [...byWork].map(([workId, marks]) => ({
          ...(ids({ workId }) as { workId: number; workId_str: string }),
          markNumbers: markNumbersOf(marks, scope.pupils !== null, on),
        })),
      };
    },
  );
};
