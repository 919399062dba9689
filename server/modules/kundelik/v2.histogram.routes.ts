import { policyFor, roundHalfUp } from '@common/assessment/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { MIN_SCORES } from '../diary/distribution.service.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { v2Actor } from './v2.auth.js';
import { workScope } from './v2.marks.access.js';
import { markPercent } from './v2.marks.presenter.js';
import { markRows } from './v2.marks.repository.js';
import { v2Errors, zV2Id } from './v2.marks.schemas.js';

/**
 * GET works/{w}/marks/histogram (ACB TLessonHistogram): the anonymised distribution of a work's marks, in the
 * grade bands of the diary's class distribution («2»–«5» by the year's 40/65/85 % thresholds), never per pupil.
 * For a pupil or parent the web app's rules apply (diary/distribution.service.ts): only where the school switched
 * the class distribution on, and only with at least MIN_SCORES marks — otherwise an empty `markNumbers`. Staff who
 * may read the work see the journal anyway and always get it. Three statements after the access check.
 */
const zHistogram = z.object({
  markNumbers: z.array(
    z.object({ markNumber: z.number(), marks: z.array(z.object({ value: z.string(), count: z.number() })) }),
  ),
});

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
      const [rows, setting] = await Promise.all([
        markRows(deps.db, { schoolId: scope.schoolId, workIds: [request.params.work] }),
        deps.db
          .selectFrom('institutionSettings')
          .where('institutionId', '=', scope.schoolId)
          .select('classDistribution')
          .executeTakeFirst(),
      ]);
      const pct = rows.flatMap((r) => {
        const p = markPercent(r);
        return p === null ? [] : [{ p, day: r.day }];
      });
      const pupilReader = scope.pupils !== null;
      if (pupilReader && (setting?.classDistribution !== true || pct.length < MIN_SCORES)) return { markNumbers: [] };
      const th = (pct[0] && policyFor(startYearOf(pct[0].day))?.thresholds) || { three: 40, four: 65, five: 85 };
      const counts = { '2': 0, '3': 0, '4': 0, '5': 0 };
      for (const { p } of pct) {
        const r = roundHalfUp(p);
        counts[r >= th.five ? '5' : r >= th.four ? '4' : r >= th.three ? '3' : '2']++;
      }
      if (pct.length === 0) return { markNumbers: [] };
      return {
        markNumbers: [{ markNumber: 0, marks: Object.entries(counts).map(([value, count]) => ({ value, count })) }],
      };
    },
  );
};
