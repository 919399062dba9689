import type { ClassPerformance, ClassSummary, SubjectRow } from '@common/schemas/reports.js';
import {
  addCounts,
  type CategoryCounts,
  categoryRates,
  countGrades,
  emptyCategories,
  emptyCounts,
  type FinalGrade,
  type GradeCounts,
  gradeRates,
  pupilCategory,
  round1,
  round2,
  subjectRates,
} from './formulas.js';
import { byKazakh, type ClassGrades } from './performance.data.js';

/**
 * Turns a class's final grades into the report's rows (§4.1). Only pupils enrolled on the reference date count;
 * subjects are merged over sub-groups (a pupil has one final grade per subject).
 */

type Body = Omit<ClassPerformance, 'period' | 'classId' | 'label'>;

const rounded = (r: ReturnType<typeof gradeRates>) => ({
  n: r.n,
  average: round2(r.average),
  success: round1(r.success),
  quality: round1(r.quality),
  sou: round1(r.sou),
});

export function classPerformance(c: ClassGrades): Body {
  const pupilIds = new Set(c.pupils.map((p) => p.id));
  const subjects = new Map<number, { row: AssignmentLike; grades: Map<number, FinalGrade> }>();
  for (const a of c.assignments) {
    const s = subjects.get(a.subjectId) ?? { row: a, grades: new Map<number, FinalGrade>() };
    subjects.set(a.subjectId, s);
    for (const id of pupilIds) {
      const g = c.grades.get(`${a.id}:${id}`);
      if (g !== undefined && !s.grades.has(id)) s.grades.set(id, g);
    }
  }
  const subjectRows: SubjectRow[] = [...subjects.values()]
    .sort((x, y) => byKazakh.compare(x.row.nameKk, y.row.nameKk))
    .map(({ row, grades }) => {
      const counts = countGrades(grades.values());
      return {
        subjectId: row.subjectId,
        subject: { kk: row.nameKk, ru: row.nameRu, en: row.nameEn },
        counts,
        ...rounded(subjectRates(counts)),
      };
    });
  const categories: CategoryCounts = emptyCategories();
  const pupils = c.pupils.map((p) => {
    const grades: Record<string, FinalGrade> = {};
    for (const [subjectId, s] of subjects) {
      const g = s.grades.get(p.id);
      if (g !== undefined) grades[String(subjectId)] = g;
    }
    const category = pupilCategory(Object.values(grades));
    categories[category]++;
    return { studentId: p.id, name: p.name, category, grades };
  });
  const counts = subjectRows.reduce<GradeCounts>((acc, s) => addCounts(acc, s.counts), emptyCounts());
  const all = gradeRates(counts);
  const byPupil = categoryRates(categories);
  return {
    running: c.running,
    subjects: subjectRows,
    // Average and СОУ over all the class's grades; success and quality by pupil (lowest grade), N = pupils counted.
    total: {
      counts,
      n: byPupil.n,
      average: round2(all.average),
      sou: round1(all.sou),
      success: round1(byPupil.success),
      quality: round1(byPupil.quality),
    },
    pupils,
    categories,
  };
}

interface AssignmentLike {
  subjectId: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

export function classSummary(body: Body, cls: { classId: number; label: string; language: string }): ClassSummary {
  return {
    ...cls,
    pupils: body.pupils.length,
    categories: body.categories,
    n: body.total.n,
    success: body.total.success,
    quality: body.total.quality,
    average: body.total.average,
    sou: body.total.sou,
    running: body.running,
  };
}

/**
 * What a total row is computed from: pupils counted, pupils per category and grade counts, summed over classes —
 * anonymous, and summable again over schools (statistics keep one per school, statistics.snapshots.ts).
 */
export interface PerformanceSums {
  pupils: number;
  categories: CategoryCounts;
  counts: GradeCounts;
  running: boolean;
}

export const emptySums = (): PerformanceSums => ({
  pupils: 0,
  categories: emptyCategories(),
  counts: emptyCounts(),
  running: false,
});

/** Adds class bodies or other sums into `into` (returned). */
export function addSums(into: PerformanceSums, parts: Array<Body | PerformanceSums>): PerformanceSums {
  for (const p of parts) {
    const isBody = 'total' in p;
    for (const k of Object.keys(into.categories) as (keyof CategoryCounts)[]) into.categories[k] += p.categories[k];
    into.counts = addCounts(into.counts, isBody ? p.total.counts : p.counts);
    into.pupils += isBody ? p.pupils.length : p.pupils;
    into.running ||= p.running;
  }
  return into;
}

/** The total row of summed classes (or schools): the same formulas as a class's, applied to the sums. */
export function totalOfSums(s: PerformanceSums): Omit<ClassSummary, 'classId' | 'label' | 'language'> {
  const byPupil = categoryRates(s.categories);
  const all = gradeRates(s.counts);
  return {
    pupils: s.pupils,
    categories: s.categories,
    n: byPupil.n,
    success: round1(byPupil.success),
    quality: round1(byPupil.quality),
    average: round2(all.average),
    sou: round1(all.sou),
    running: s.running,
  };
}

/** The school's total row: categories and grade counts summed over its classes, the same formulas applied. */
export function schoolTotal(bodies: Body[]): Omit<ClassSummary, 'classId' | 'label' | 'language'> {
  return totalOfSums(addSums(emptySums(), bodies));
}
