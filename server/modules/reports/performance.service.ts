import type { ClassPerformance, PerformanceSummary } from '@common/schemas/reports.js';
import { type AppDeps, reportsDb } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { periodGrades } from './performance.data.js';
import { classPerformance, classSummary, schoolTotal } from './performance.presenter.js';
import { reportsSchool } from './reports.access.js';
import { findReportPeriod, type ReportPeriod, reportClasses } from './reports.repository.js';

/** The period (of the actor's school) a report is asked for; another school's id is simply not found. */
export async function reportPeriod(deps: AppDeps, schoolId: number, periodId: number) {
  const period = await findReportPeriod(reportsDb(deps), schoolId, periodId);
  if (!period) throw notFound();
  return period;
}

const presentPeriod = (p: ReportPeriod) => ({
  id: p.id,
  kind: p.kind,
  number: p.number,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
});

/** One row per class of the period's year, and the school's total. */
export async function performanceSummary(deps: AppDeps, actor: Actor, periodId: number): Promise<PerformanceSummary> {
  const school = reportsSchool(actor);
  const period = await reportPeriod(deps, school.id, periodId);
  const classes = await reportClasses(reportsDb(deps), school.id, { yearId: period.yearId });
  const today = localDate(deps.clock.now());
  const data = await periodGrades(
    reportsDb(deps),
    school.id,
    period,
    classes.map((c) => c.id),
    today,
  );
  const bodies = data.map(classPerformance);
  const rows = classes.map((c, i) =>
    classSummary(bodies[i]!, { classId: c.id, label: className(c), language: c.language }),
  );
  return {
    period: presentPeriod(period),
    running: rows.some((r) => r.running),
    classes: rows,
    total: schoolTotal(bodies),
  };
}

/** One class: subject rows, the class total, pupils with their categories. */
export async function performanceOfClass(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  periodId: number,
): Promise<ClassPerformance> {
  const school = reportsSchool(actor);
  const period = await reportPeriod(deps, school.id, periodId);
  const [cls] = await reportClasses(reportsDb(deps), school.id, { yearId: period.yearId }, classId);
  if (!cls) throw notFound();
  const [data] = await periodGrades(reportsDb(deps), school.id, period, [cls.id], localDate(deps.clock.now()));
  return { period: presentPeriod(period), classId: cls.id, label: className(cls), ...classPerformance(data!) };
}
