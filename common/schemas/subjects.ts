import { z } from 'zod';
import { ASSESSMENT_MODES } from '../enums.js';
import { zWarning } from './classes.js';
import { zId } from './primitives.js';

/**
 * A school's subjects (copied from the national catalogue or its own), its curriculum (weekly hours per grade ×
 * language of instruction × subject) and how each subject is assessed per grade, both per school year.
 */
export const ASSESSMENT_PERIOD_KINDS = ['quarter', 'half_year'] as const;

export const zCatalogueCode = z.string().regex(/^[a-z0-9_]{1,40}$/, 'errors:subjects.unknownCode');
export const zCatalogueEntry = z.object({
  code: z.string(),
  nameKk: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  sort: z.number(),
});
export type CatalogueEntry = z.infer<typeof zCatalogueEntry>;
export const zCatalogue = z.object({ items: z.array(zCatalogueEntry) });

export const zSubject = z.object({
  id: zId,
  catalogueCode: z.string().nullable(),
  nameKk: z.string(),
  nameRu: z.string(),
  nameEn: z.string(),
  externalId: z.string().nullable(),
  archivedAt: z.string().nullable(),
});
export type Subject = z.infer<typeof zSubject>;
export const zSubjectList = z.object({ items: z.array(zSubject) });
export const zSubjectListQuery = z
  .object({ includeArchived: z.union([z.boolean(), z.stringbool()]).default(false) })
  .strict();

const zSubjectName = z.string().trim().min(1, 'errors:validation.required').max(200, 'errors:validation.tooLong');
const zExternalId = z.string().trim().min(1, 'errors:validation.required').max(200, 'errors:validation.tooLong');

/**
 * Either many subjects from the catalogue at once (`catalogueCodes`; codes the school already has are answered
 * as they are), or one subject of the school's own (three names).
 */
export const zSubjectCreate = z
  .object({
    catalogueCodes: z.array(zCatalogueCode).min(1).max(100).optional(),
    nameKk: zSubjectName.optional(),
    nameRu: zSubjectName.optional(),
    nameEn: zSubjectName.optional(),
    externalId: zExternalId.nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.catalogueCodes) {
      for (const k of ['nameKk', 'nameRu', 'nameEn', 'externalId'] as const) {
        if (v[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'errors:subjects.catalogueOrOwn' });
      }
      return;
    }
    for (const k of ['nameKk', 'nameRu', 'nameEn'] as const) {
      if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'errors:validation.required' });
    }
  });
export type SubjectCreate = z.infer<typeof zSubjectCreate>;

export const zSubjectUpdate = z
  .object({
    nameKk: zSubjectName.optional(),
    nameRu: zSubjectName.optional(),
    nameEn: zSubjectName.optional(),
    externalId: zExternalId.nullable().optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'errors:validation.emptyUpdate');
export type SubjectUpdate = z.infer<typeof zSubjectUpdate>;

/** Archive (default) or bring an archived subject back. */
export const zSubjectArchive = z.object({ archived: z.boolean().default(true) }).strict();

// ── Curriculum ─────────────────────────────────────────────────────────────────────────────────────────────
const zGrade = z.number().int().min(0).max(12);
const zLanguage = z.string().regex(/^[a-z]{2,3}$/, 'errors:classes.language');
/** 0.5 … 40 in steps of 0.5 (a half-hour subject is taught every other week). */
export const zHoursPerWeek = z
  .number()
  .min(0.5, 'errors:subjects.hours')
  .max(40, 'errors:subjects.hours')
  .refine((h) => Number.isInteger(h * 2), 'errors:subjects.hours');

export const zCurriculumSection = z
  .object({
    grade: zGrade,
    language: zLanguage,
    /** The whole section: subjects left out have no hours in this grade and language. */
    hours: z.array(z.object({ subjectId: zId, hoursPerWeek: zHoursPerWeek }).strict()).max(100),
  })
  .strict();
export const zCurriculumUpdate = z.object({ sections: z.array(zCurriculumSection).min(1).max(200) }).strict();
export type CurriculumUpdate = z.infer<typeof zCurriculumUpdate>;

export const zCurriculumRow = z.object({
  grade: z.number(),
  language: z.string(),
  subjectId: zId,
  hoursPerWeek: z.number(),
});
export type CurriculumRow = z.infer<typeof zCurriculumRow>;
export const zCurriculumTotal = z.object({
  grade: z.number(),
  language: z.string(),
  hours: z.number(),
  /** The weekly cap of kz-school-rules §2.2 for this grade (and language), when one is known. */
  cap: z.number().nullable(),
  overCap: z.boolean(),
});
export const zCurriculum = z.object({
  yearId: zId,
  yearClosed: z.boolean(),
  items: z.array(zCurriculumRow),
  totals: z.array(zCurriculumTotal),
  warnings: z.array(zWarning),
});
export type Curriculum = z.infer<typeof zCurriculum>;

// ── Assessment modes ───────────────────────────────────────────────────────────────────────────────────────
export const zAssessmentModeInput = z
  .object({
    subjectId: zId,
    grade: zGrade,
    mode: z.enum(ASSESSMENT_MODES),
    hasTermSummative: z.boolean(),
    periodKind: z.enum(ASSESSMENT_PERIOD_KINDS),
  })
  .strict();
export type AssessmentModeInput = z.infer<typeof zAssessmentModeInput>;
/** The year's whole table: rows left out go back to the defaults. */
export const zAssessmentModesUpdate = z.object({ items: z.array(zAssessmentModeInput).max(2000) }).strict();
export type AssessmentModesUpdate = z.infer<typeof zAssessmentModesUpdate>;
export const zAssessmentModeRow = z.object({
  subjectId: zId,
  grade: z.number(),
  mode: z.enum(ASSESSMENT_MODES),
  hasTermSummative: z.boolean(),
  periodKind: z.enum(ASSESSMENT_PERIOD_KINDS),
  /** Not stored: the suggestion from the subject, grade and weekly hours (defaultAssessmentMode). */
  isDefault: z.boolean(),
});
export type AssessmentModeRow = z.infer<typeof zAssessmentModeRow>;
export const zAssessmentModes = z.object({
  yearId: zId,
  yearClosed: z.boolean(),
  items: z.array(zAssessmentModeRow),
});
export type AssessmentModes = z.infer<typeof zAssessmentModes>;
