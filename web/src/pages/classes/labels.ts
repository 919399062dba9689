import { INSTRUCTION_LANGUAGES } from '@common/enums.js';
import type { TFunction } from 'i18next';

/** A language of instruction by name ("Kazakh"); a code outside the usual list shows as it is. */
export function languageLabel(t: TFunction, code: string): string {
  return (INSTRUCTION_LANGUAGES as readonly string[]).includes(code) ? t(`classes:language.${code}`) : code;
}

export const languageOptions = (t: TFunction) =>
  INSTRUCTION_LANGUAGES.map((l) => ({ value: l, label: languageLabel(t, l) }));

/** "Grade 5", and the pre-school class for grade 0. */
export const gradeLabel = (t: TFunction, grade: number) =>
  grade === 0 ? t('classes:grade0') : t('classes:gradeN', { grade });

export const GRADES = Array.from({ length: 13 }, (_, g) => g);
