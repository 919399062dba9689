import type { StatisticsFigures } from '@common/schemas/statistics.js';
import { round1 } from '../reports/formulas.js';
import { addSums, emptySums, type PerformanceSums, totalOfSums } from '../reports/performance.presenter.js';

/**
 * A school's, a district's or the subtree's figures: the school performance report's own total (totalOfSums over
 * class bodies — so a school's row here equals the total of its administrator's report), attendance and fill-in
 * sums, each level recomputed from the summed counts (never an average of percentages).
 */

/** A school's part (or a sum of schools'): anonymous counts only — what a statistics snapshot keeps. */
export interface FiguresInput {
  /** Pupils per category and grade counts summed over the school's classes (its performance report's total). */
  performance: PerformanceSums;
  /** No class to say so: the school's period is running unless closed for the whole school. */
  runningWithoutClasses: boolean;
  pupilLessons: number;
  missedLessons: number;
  days: number;
  sickDays: number;
  lessons: number;
  withoutTopic: number;
}

export const emptyInput = (): FiguresInput => ({
  performance: emptySums(),
  runningWithoutClasses: false,
  pupilLessons: 0,
  missedLessons: 0,
  days: 0,
  sickDays: 0,
  lessons: 0,
  withoutTopic: 0,
});

export function mergeInputs(xs: FiguresInput[]): FiguresInput {
  const out = emptyInput();
  for (const x of xs) {
    addSums(out.performance, [x.performance]);
    out.runningWithoutClasses ||= x.runningWithoutClasses;
    out.pupilLessons += x.pupilLessons;
    out.missedLessons += x.missedLessons;
    out.days += x.days;
    out.sickDays += x.sickDays;
    out.lessons += x.lessons;
    out.withoutTopic += x.withoutTopic;
  }
  return out;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : round1((part * 100) / whole));

export function figures(x: FiguresInput): StatisticsFigures {
  const total = totalOfSums(x.performance);
  return {
    pupils: total.pupils,
    categories: total.categories,
    n: total.n,
    success: total.success,
    quality: total.quality,
    sou: total.sou,
    average: total.average,
    running: total.running || x.runningWithoutClasses,
    attendance: {
      pupilLessons: x.pupilLessons,
      missedLessons: x.missedLessons,
      missedPercent: percent(x.missedLessons, x.pupilLessons),
      days: x.days,
      sickDays: x.sickDays,
    },
    fillIn: {
      lessons: x.lessons,
      withoutTopic: x.withoutTopic,
      withoutTopicPercent: percent(x.withoutTopic, x.lessons),
    },
  };
}
