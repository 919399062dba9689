import { arrayOf, BOOL, DATE_TIME, ID, ID_STR, INT, object, type Schema, STR, TEXT } from './schemas.common.js';
import { CriteriaBasedMark } from './schemas.marks.js';

// ---------------------------------------------------------------- §1.10 criteria-based (СОр/СОч) marks, Kazakhstan
//
// The reference lists the `edu-group/…/criteria-*` paths (PYD, KUN) but no field list. These schemas are written
// from the shapes docs/kundelik-compat.md "Criteria-based marks" documents, built on the one field list the
// reference does give: recentmarks' `criteriabasedmarks[{id, id_str, personid, section, value, date}]` (ACB).

const PERCENT: Schema = { type: 'number', minimum: 0, maximum: 100 };
const NULLABLE_PERCENT: Schema = { anyOf: [PERCENT, { type: 'null' }] };

/** A section: one summative work — СОр (LessonTestWork, workType 2) or СОч (LessonExamination, workType 3). */
export const CriteriaSection = object({
  required: ['name', 'type', 'workType', 'maxValue', 'date'],
  ids: ['id', 'subject', 'reportingPeriod', 'eduGroup'],
  properties: {
    name: TEXT,
    type: { enum: ['LessonTestWork', 'LessonExamination'] },
    workType: { enum: [2, 3] },
    workTypeName: TEXT,
    maxValue: { type: 'integer', minimum: 1 },
    date: DATE_TIME,
  },
});

/** A score on a section: recentmarks' item (personid with its twin, `section` = the section id) plus the points. */
export const CriteriaMark: Schema = {
  allOf: [
    CriteriaBasedMark,
    object({
      required: ['personid', 'personid_str', 'section', 'section_str', 'textValue', 'maxValue', 'percent', 'workType'],
      ids: ['subject'],
      properties: {
        personid: ID,
        personid_str: ID_STR,
        section: ID,
        section_str: ID_STR,
        value: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' },
        textValue: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?/[0-9]+$' },
        maxValue: { type: 'integer', minimum: 1 },
        percent: PERCENT,
        workType: { enum: [2, 3] },
      },
    }),
  ],
};

/** A pupil's period result in a subject: component percentages, effective weights, the period % and mark. */
export const CriteriaTotal = object({
  required: [
    'personid',
    'personid_str',
    'foPercent',
    'sorPercent',
    'sochPercent',
    'foWeight',
    'sorWeight',
    'sochWeight',
    'totalPercent',
    'roundedPercent',
    'mark',
    'status',
    'isFinal',
  ],
  ids: ['subject', 'reportingPeriod'],
  properties: {
    personid: ID,
    personid_str: ID_STR,
    foPercent: NULLABLE_PERCENT,
    sorPercent: NULLABLE_PERCENT,
    sochPercent: NULLABLE_PERCENT,
    foWeight: NULLABLE_PERCENT,
    sorWeight: NULLABLE_PERCENT,
    sochWeight: NULLABLE_PERCENT,
    totalPercent: NULLABLE_PERCENT,
    roundedPercent: { anyOf: [{ ...INT, minimum: 0, maximum: 100 }, { type: 'null' }] },
    mark: { anyOf: [{ enum: ['2', '3', '4', '5', 'н/а', 'зч', 'нз', 'осв'] }, { type: 'null' }] },
    status: STR,
    isFinal: BOOL,
  },
});

export const CriteriaSections = arrayOf(CriteriaSection);
export const CriteriaMarks = arrayOf(CriteriaMark);
export const CriteriaTotals = arrayOf(CriteriaTotal);
