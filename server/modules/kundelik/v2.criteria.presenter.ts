import { roundHalfUp } from '@common/assessment/index.js';
import type { Locale } from '@common/enums.js';
import { z } from 'zod';
import type { MarksResult } from '../journal/marks-result.js';
import { ids, v2DateTime } from './v2.conventions.js';
import type { SectionRow } from './v2.criteria.repository.js';
import { v2GroupId } from './v2.ids.js';
import { V2_WORK_TYPE, v2WorkType } from './v2.marks.presenter.js';
import type { MarkRow } from './v2.marks.repository.js';

/**
 * Criteria-based (СОр/СОч) marks as the Kundelik Kazakhstan paths serve them (kundelik-v2-api.md §1.10; the
 * reference gives paths but no fields, so the shapes are ours — docs/kundelik-compat.md "Criteria-based marks").
 * Pure: rows from v2.marks.repository.ts and v2.criteria.repository.ts, results from the assessment engine.
 */

/** Percentages travel with two decimals (the engine keeps full precision until its one rounding). */
const pct2 = (x: number) => Math.round(x * 100) / 100;

/** recentmarks `criteriabasedmarks[]` (ACB): an СОр/СОч score; its section is the work. */
export const zV2CriteriaMark = z.object({
  id: z.number().nullable(),
  id_str: z.string().nullable(),
  personid: z.number(),
  personid_str: z.string(),
  section: z.number().nullable(),
  section_str: z.string().nullable(),
  value: z.string(),
  date: z.string(),
});

/** An СОр/СОч score as a criteria-based mark: its section is the work (criteria-marks-sections). */
export const presentCriteriaMark = (m: MarkRow) => ({
  ...ids({ id: m.id }),
  personid: m.studentPersonId,
  personid_str: String(m.studentPersonId),
  ...ids({ section: m.workId! }),
  value: String(Number(m.score)),
  date: v2DateTime(m.day),
});

/** The criteria-marks calls: the same item plus the maximum, the written form, the percentage and the subject. */
export const zV2CriteriaMarkFull = zV2CriteriaMark.extend({
  textValue: z.string(),
  maxValue: z.number(),
  percent: z.number(),
  workType: z.number(),
  subject: z.number(),
  subject_str: z.string(),
});

export function presentCriteriaMarkFull(m: MarkRow) {
  const max = m.maxScore ?? 0;
  const value = Number(m.score);
  return {
    ...presentCriteriaMark(m),
    textValue: `${value}/${max}`,
    maxValue: max,
    percent: max > 0 ? pct2((value / max) * 100) : 0,
    workType: m.workKind === 'soch' ? V2_WORK_TYPE.soch : V2_WORK_TYPE.sor,
    ...ids({ subject: m.subjectId }),
  } as ReturnType<typeof presentCriteriaMark> & {
    textValue: string;
    maxValue: number;
    percent: number;
    workType: number;
    subject: number;
    subject_str: string;
  };
}

/** A section: one summative work, СОр (LessonTestWork) or СОч (LessonExamination), with its maximum points. */
export const zV2CriteriaSection = z.object({
  id: z.number(),
  id_str: z.string(),
  name: z.string(),
  type: z.enum(['LessonTestWork', 'LessonExamination']),
  workType: z.number(),
  workTypeName: z.string(),
  maxValue: z.number(),
  date: z.string(),
  subject: z.number(),
  subject_str: z.string(),
  reportingPeriod: z.number(),
  reportingPeriod_str: z.string(),
  eduGroup: z.number(),
  eduGroup_str: z.string(),
});

export function presentSection(s: SectionRow, schoolId: number, locale: Locale) {
  const kind = v2WorkType(schoolId, s.kind, locale);
  return {
    ...ids({ id: s.id }),
    name: s.title,
    type: kind.kind as 'LessonTestWork' | 'LessonExamination',
    workType: kind.id,
    workTypeName: kind.name,
    maxValue: s.maxScore,
    date: v2DateTime(s.date),
    ...ids({ subject: s.subjectId, reportingPeriod: s.periodId, eduGroup: v2GroupId(s.classId, s.subgroupId) }),
  } as z.infer<typeof zV2CriteriaSection>;
}

/**
 * A pupil's period result in one subject: the component percentages, their effective weights (25/25/50, or 50/50
 * without an СОч) and the period percentage and mark — exactly what the assessment engine gives
 * (journal/marks-result.ts resultOfMarks → common/assessment termResult), as the journal shows it.
 */
export const zV2CriteriaTotal = z.object({
  personid: z.number(),
  personid_str: z.string(),
  subject: z.number(),
  subject_str: z.string(),
  reportingPeriod: z.number(),
  reportingPeriod_str: z.string(),
  foPercent: z.number().nullable(),
  sorPercent: z.number().nullable(),
  sochPercent: z.number().nullable(),
  foWeight: z.number().nullable(),
  sorWeight: z.number().nullable(),
  sochWeight: z.number().nullable(),
  totalPercent: z.number().nullable(),
  roundedPercent: z.number().nullable(),
  mark: z.string().nullable(),
  status: z.string(),
  isFinal: z.boolean(),
});

/** Our period grades in the Kundelik written forms (docs/kundelik-compat.md "Final marks"). */
const MARK_TEXT: Record<string, string> = { na: 'н/а', pass: 'зч', fail: 'нз' };

export function presentTotal(
  t: { personId: number; subjectId: number; periodId: number; closed: boolean },
  r: MarksResult,
): z.infer<typeof zV2CriteriaTotal> {
  const part = (p: { percent: number; weight: number } | null | undefined) => ({
    percent: p ? pct2(p.percent) : null,
    weight: p ? pct2(p.weight * 100) : null,
  });
  const fo = part(r.parts?.fo);
  const sor = part(r.parts?.sor);
  const soch = part(r.parts?.soch);
  return {
    personid: t.personId,
    personid_str: String(t.personId),
    ...ids({ subject: t.subjectId, reportingPeriod: t.periodId }),
    foPercent: fo.percent,
    sorPercent: sor.percent,
    sochPercent: soch.percent,
    foWeight: fo.weight,
    sorWeight: sor.weight,
    sochWeight: soch.weight,
    totalPercent: r.percent === null ? null : pct2(r.percent),
    // The engine's one rounding (half-up, §1.6 "Rounding"): the number the grade scale was applied to.
    roundedPercent: r.percent === null ? null : roundHalfUp(r.percent),
    mark: r.status === 'exempt' ? 'осв' : r.grade === null ? null : (MARK_TEXT[r.grade] ?? r.grade),
    status: r.status,
    isFinal: t.closed,
  } as z.infer<typeof zV2CriteriaTotal>;
}
