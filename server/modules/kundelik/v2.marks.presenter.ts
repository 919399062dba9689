import { policyFor, roundHalfUp } from '@common/assessment/index.js';
import type { Locale } from '@common/enums.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { ids, v2DateTime } from './v2.conventions.js';

/**
 * Our marks as Kundelik v2 Mark objects (kundelik-v2-api.md §1.9; mapping rules in docs/kundelik-compat.md
 * "Marks"). Pure: the rows come from v2.marks.repository.ts.
 *
 * For helper VA (schedules, works): `v2WorkTypes(schoolId, locale)` gives the `workTypes` list of schedules and
 * recentmarks; `workTypeOf(kind)` the id a Work's `workType` carries; `v2WorkIdOfLesson` / `v2WorkId` the
 * Work ids marks point to.
 */

export type V2Mood = 'Good' | 'Average' | 'Bad' | 'NotSet';

/** What the presenter needs of a mark (v2.marks.repository.ts MarkRow). */
export interface V2MarkSource {
  id: number;
  studentPersonId: number;
  lessonId: number | null;
  workId: number | null;
  kind: 'fo' | 'score' | 'pass_fail' | 'status';
  value: number | null;
  score: string | number | null;
  status: 'pass' | 'fail' | 'exempt' | 'na' | null;
  createdAt: Date | string;
  /** The lesson's or the work's date. */
  day: string;
  workKind: 'sor' | 'soch' | null;
  maxScore: number | null;
  /** The lesson the mark belongs to: its own, else the work's lesson, else the assignment's lesson that day. */
  lessonRef: number | null;
}

/**
 * Work types (the ACB shape inside schedules and recentmarks). Our journal has exactly these kinds of assessment,
 * so their ids are fixed and the same in every school: 1 ФО, 2 СОр, 3 СОч, 4 term grade, 5 year grade.
 */
export const V2_WORK_TYPE = { fo: 1, sor: 2, soch: 3, term: 4, year: 5 } as const;
export type V2WorkTypeKey = keyof typeof V2_WORK_TYPE;

const WORK_TYPE_NAMES: Record<Locale, Record<V2WorkTypeKey, [string, string]>> = {
  kk: {
    fo: ['ҚБ', 'Қалыптастырушы бағалау'],
    sor: ['БЖБ', 'Бөлім бойынша жиынтық бағалау'],
    soch: ['ТЖБ', 'Тоқсан бойынша жиынтық бағалау'],
    term: ['Тоқсан', 'Тоқсандық баға'],
    year: ['Жыл', 'Жылдық баға'],
  },
  ru: {
    fo: ['ФО', 'Формативное оценивание'],
    sor: ['СОр', 'Суммативное оценивание за раздел'],
    soch: ['СОч', 'Суммативное оценивание за четверть'],
    term: ['Четв', 'Четвертная оценка'],
    year: ['Год', 'Годовая оценка'],
  },
  en: {
    fo: ['FA', 'Formative assessment'],
    sor: ['SAU', 'Summative assessment for the unit'],
    soch: ['SAT', 'Summative assessment for the term'],
    term: ['Term', 'Term grade'],
    year: ['Year', 'Year grade'],
  },
};
/** Kundelik's Work.type for each of ours (§1.7 `type` values). */
const WORK_TYPE_KIND: Record<V2WorkTypeKey, string> = {
  fo: 'DefaultNewLessonWork',
  sor: 'LessonTestWork',
  soch: 'LessonExamination',
  term: 'PeriodMark',
  year: 'PeriodMark',
};

export function v2WorkType(schoolId: number, key: V2WorkTypeKey, locale: Locale) {
  const [abbreviation, name] = WORK_TYPE_NAMES[locale][key];
  return {
    id: V2_WORK_TYPE[key],
    id_str: String(V2_WORK_TYPE[key]),
    schoolId,
    abbreviation,
    name,
    isFinal: key === 'term' || key === 'year',
    isImportant: key === 'sor' || key === 'soch',
    kindId: V2_WORK_TYPE[key],
    kind: WORK_TYPE_KIND[key],
  };
}

/** All five work types of a school, for `workTypes` lists. */
export function v2WorkTypes(schoolId: number, locale: Locale, keys?: readonly V2WorkTypeKey[]) {
  return (keys ?? (Object.keys(V2_WORK_TYPE) as V2WorkTypeKey[])).map((k) => v2WorkType(schoolId, k, locale));
}

export function workTypeOf(workKind: 'sor' | 'soch' | null): V2WorkTypeKey {
  return workKind ?? 'fo';
}

/**
 * Work ids. A Kundelik mark always hangs on a Work; our ФО marks hang on the lesson itself, so each lesson has an
 * implicit ФО work ("DefaultNewLessonWork") whose id is the lesson id plus V2_LESSON_WORK_BASE (10^15, still
 * below 2^53) — distinct from every СОр/СОч, whose Work id is its assessment_works id. A client joining
 * `mark.work` to `works[].id` therefore never meets one number for two works.
 */
export const V2_LESSON_WORK_BASE = 1_000_000_000_000_000;
export const v2WorkIdOfLesson = (lessonId: number) => V2_LESSON_WORK_BASE + lessonId;
/** A v2 work id → our lesson (its ФО work) or assessment work. */
export function parseV2WorkId(id: number): { lessonId: number } | { workId: number } {
  // A homework Work (v2.ids.ts V2_HOMEWORK_WORK_BASE, 2·10^15 up) carries no marks: it matches no work.
  if (id > 2 * V2_LESSON_WORK_BASE) return { workId: 0 };
  return id > V2_LESSON_WORK_BASE ? { lessonId: id - V2_LESSON_WORK_BASE } : { workId: id };
}
export const v2WorkId = (m: Pick<V2MarkSource, 'workId' | 'lessonId'>) =>
  m.workId ?? (m.lessonId === null ? null : v2WorkIdOfLesson(m.lessonId));

/** The percent a mark stands for (ФО out of 10, a score out of its work's maximum), or null. */
export function markPercent(m: Pick<V2MarkSource, 'kind' | 'value' | 'score' | 'maxScore'>): number | null {
  if (m.kind === 'fo' && m.value !== null) return m.value * 10;
  if (m.kind === 'score' && m.score !== null && m.maxScore) return (Number(m.score) / m.maxScore) * 100;
  return null;
}

/**
 * Mood by the grade bands of the year's assessment policy (kz-school-rules §1.6: 40 / 65 / 85 %): the mark's
 * percent, rounded half-up like the engine rounds, in the «4»–«5» bands (≥ 65 %) is Good, in the «3» band
 * (40–64 %) Average, below 40 % Bad. For ФО that is 7–10 Good, 4–6 Average, 1–3 Bad — the same "textValue > 6 is
 * good" Kundelik users apply. зачёт Good, незачёт Bad; освобождён and н/а NotSet.
 */
export function markMood(m: Pick<V2MarkSource, 'kind' | 'value' | 'score' | 'maxScore' | 'status' | 'day'>): V2Mood {
  if (m.kind === 'pass_fail') return m.status === 'pass' ? 'Good' : m.status === 'fail' ? 'Bad' : 'NotSet';
  const pct = markPercent(m);
  if (pct === null) return 'NotSet';
  const th = policyFor(startYearOf(m.day))?.thresholds ?? { three: 40, four: 65, five: 85 };
  const r = roundHalfUp(pct);
  return r >= th.four ? 'Good' : r >= th.three ? 'Average' : 'Bad';
}

/** The written form of a number score ("7", "7.5"). */
const num = (x: string | number) => String(Number(x));

/**
 * `type` is the mark's scale (the keys of marks/values), `value` what a client parses as the mark, `textValue` what
 * it shows: ФО "8" / "8" on mark10; a СОр/СОч score "7" / "7/10" on mark100-like points (the maximum travels in
 * textValue, a KZ diary shows points of a maximum); зачёт/незачёт "зч"/"нз" (test); освобождён "осв"
 * (markdismiss); н/а "н/а" (markna).
 */
export function markValue(m: Pick<V2MarkSource, 'kind' | 'value' | 'score' | 'status' | 'maxScore'>) {
  if (m.kind === 'fo' && m.value !== null)
    return { type: 'mark10', value: String(m.value), textValue: String(m.value) };
  if (m.kind === 'score' && m.score !== null) {
    const v = num(m.score);
    return { type: 'mark100', value: v, textValue: m.maxScore ? `${v}/${m.maxScore}` : v };
  }
  if (m.kind === 'pass_fail') {
    const v = m.status === 'pass' ? 'зч' : 'нз';
    return { type: 'test', value: v, textValue: v };
  }
  if (m.status === 'exempt') return { type: 'markdismiss', value: 'осв', textValue: 'осв' };
  return { type: 'markna', value: 'н/а', textValue: 'н/а' };
}

/**
 * One Mark (§1.9). `number` is a JSON number (CONFLICT: ACB types it a number, VL1/VL2 a string — Gson reads a
 * number into a String field, the reverse fails in TypeScript clients); it is the mark's place within its work,
 * always 0 (our journal has one mark per pupil per lesson or work). `use_avg_calc`: whether avg-mark counts it
 * (ФО only, see v2.averages.service.ts).
 */
export function presentMark(m: V2MarkSource) {
  return {
    ...ids({ id: m.id }),
    ...markValue(m),
    ...ids({ person: m.studentPersonId, work: v2WorkId(m), lesson: m.lessonRef }),
    number: 0,
    date: v2DateTime(m.createdAt instanceof Date ? m.createdAt : new Date(m.createdAt)),
    workType: V2_WORK_TYPE[workTypeOf(m.workKind)],
    mood: markMood(m),
    use_avg_calc: m.kind === 'fo',
  };
}
export type V2Mark = ReturnType<typeof presentMark>;

/** Every mark scale and its values (GET marks/values, ACB TMarkTypes); ours are mark10, mark100, test, markna, markdismiss. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
export const V2_MARK_VALUES: Record<string, string[]> = {
  markna: ['н/а'],
  markdismiss: ['осв'],
  mark5: range(1, 5),
  mark6: range(1, 6),
  mark10: range(1, 10),
  mark100: range(0, 100),
  markabcdf: ['A', 'B', 'C', 'D', 'F'],
  mark12: range(1, 12),
  mark7: range(1, 7),
  test: ['зч', 'нз'],
  markoral6band: range(1, 6),
  notset: [],
};
