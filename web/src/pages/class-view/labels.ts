import type { ClassViewCell } from '@common/schemas/class-view.js';
import type { TFunction } from 'i18next';

/** The same label as the journal's period picker. */
export { periodLabel } from '../journal/JournalPageParts.js';

/** A cell's grade as shown: «2»–«5», н/а, зачёт/незачёт, exempt, or a dash. */
export function gradeLabel(t: TFunction, c: Pick<ClassViewCell, 'grade' | 'status'>): string {
  if (c.grade === null) return c.status === 'exempt' ? t('classView:grades.exempt') : t('classView:grades.none');
  if (c.grade === 'na' || c.grade === 'pass' || c.grade === 'fail') return t(`classView:grades.${c.grade}`);
  return c.grade;
}

export const fmtPercent = (n: number | null) => (n === null ? '' : n.toFixed(1));
