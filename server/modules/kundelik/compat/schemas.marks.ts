import { arrayOf, BOOL, DATE_TIME, ID, INT, NINT, object, type Schema, STR, TEXT } from './schemas.common.js';
import { Subject } from './schemas.groups.js';
import { LessonLogEntry } from './schemas.lesson-log.js';
import { CompactLesson, CompactSubject, Work, WorkTypeInfo } from './schemas.lessons.js';

// ------------------------------------------------------------------------------------------------ §1.9 marks

/**
 * Mark: J2ME shows textValue and mood and matches a mark to its subject through lesson_str; value is a string.
 * CONFLICT on `number` (string in VL1/VL2, number in ACB): both accepted.
 */
export const Mark = object({
  required: ['type', 'value', 'textValue', 'mood', 'date'],
  ids: ['id', 'person'],
  nullableIds: ['lesson', 'work'],
  properties: {
    type: STR,
    value: TEXT,
    textValue: TEXT,
    number: { type: ['integer', 'string', 'null'] },
    date: DATE_TIME,
    workType: NINT,
    mood: { enum: ['Good', 'Average', 'Bad', 'NotSet'] },
    use_avg_calc: BOOL,
  },
});

/** recentmarks `criteriabasedmarks[{id, id_str, personid, section, value, date}]` (ACB). */
export const CriteriaBasedMark = object({
  required: ['value', 'date'],
  ids: ['id'],
  properties: {
    personid: ID,
    section: { type: ['integer', 'string', 'null'] },
    value: { type: ['string', 'number'] },
    date: DATE_TIME,
  },
});

/** persons/{p}/group/{g}/recentmarks: VL1 joins marks → lessons → works → subjects by id; J2ME reads marks. */
export const RecentMarks = object({
  required: ['marks', 'works', 'subjects', 'lessons'],
  properties: {
    marks: arrayOf(Mark),
    criteriabasedmarks: arrayOf(CriteriaBasedMark),
    works: arrayOf(Work),
    subjects: arrayOf(CompactSubject),
    workTypes: arrayOf(WorkTypeInfo),
    lessons: arrayOf(CompactLesson),
    lessonLogEntries: arrayOf(LessonLogEntry),
  },
});

/** marks/values: every mark scale and its values (ACB TMarkTypes; a TS type, so every key is expected). */
const MARK_SCALES = [
  'markna',
  'markdismiss',
  'mark5',
  'mark6',
  'mark10',
  'mark100',
  'markabcdf',
  'mark12',
  'mark7',
  'test',
  'markoral6band',
  'notset',
];
export const MarkValues: Schema = {
  type: 'object',
  required: MARK_SCALES,
  properties: Object.fromEntries(MARK_SCALES.map((k) => [k, arrayOf(STR)])),
};

const MarkNumbers = arrayOf(
  object({
    required: ['markNumber', 'marks'],
    properties: {
      markNumber: { type: ['integer', 'string'] },
      marks: arrayOf(object({ required: ['value', 'count'], properties: { value: STR, count: INT } })),
    },
  }),
);
export const WorkHistogram = object({ required: ['markNumbers'], properties: { markNumbers: MarkNumbers } });
export const PeriodHistogram = object({
  required: ['works'],
  properties: {
    works: arrayOf(object({ required: ['markNumbers'], ids: ['workId'], properties: { markNumbers: MarkNumbers } })),
  },
});

// --------------------------------------------------------------------------------- §1.10 averages, final marks

/** avg-mark: a BARE JSON string such as "4.25" (ALX-P Single<String>; ACB body: string). */
export const AvgMark: Schema = { type: 'string', pattern: '^[0-9]+([.,][0-9]+)?$' };

const PerSubjectAverage = object({
  required: ['avg-mark-value'],
  ids: ['subject'],
  properties: { 'avg-mark-value': { type: 'string', pattern: '^([0-9]+([.,][0-9]+)?)?$' } },
});
/** edu-groups/{g}/reporting-periods/{p}/avg-marks/{date} (ACB TAvgGroupMark): hyphenated keys. */
export const GroupAvgMark = object({
  required: ['per-subject-averages'],
  ids: ['person', 'group', 'reportingPeriod'],
  properties: { 'per-subject-averages': arrayOf(PerSubjectAverage) },
});
/** edu-groups/{g}/avg-marks/{from}/{to} (ALX-P TinyAverageMark). */
export const TinyAvgMark = object({
  required: ['per-subject-averages'],
  ids: ['person'],
  properties: { 'per-subject-averages': arrayOf(PerSubjectAverage) },
});
/** edu-groups/{g}/wa-marks/{from}/{to} (ALX-P, ACB TWeightedMarks). */
export const WeightedMarks = object({
  required: ['subjectMarks'],
  properties: {
    subjectMarks: arrayOf(
      object({
        required: ['marks'],
        ids: ['subject'],
        properties: {
          marks: arrayOf(object({ required: ['value'], ids: ['person'], properties: { value: { type: 'number' } } })),
        },
      }),
    ),
  },
});

const SubjectFinalMark = object({ required: ['final-mark'], ids: ['subject'], properties: { 'final-mark': Mark } });
/** edu-groups/{g}/final-marks (ACB TFinalMarks; ALX-P PersonFinalMark): hyphenated keys. */
export const GroupFinalMarks = object({
  required: ['per-subject-final-marks'],
  ids: ['person', 'group', 'reportingPeriod'],
  properties: { 'per-subject-final-marks': arrayOf(SubjectFinalMark) },
});
/** persons/{p}/edu-groups/{g}/final-marks: CONFLICT (ALX-P per-subject list vs ACB group shape) — either. */
export const PersonFinalMarks: Schema = { anyOf: [arrayOf(SubjectFinalMark), arrayOf(GroupFinalMarks)] };
/** persons/{p}/edu-groups/{g}/allfinalmarks (ALX-P FinalMarksResponse). */
export const AllFinalMarks = object({
  required: ['marks', 'works', 'subjects'],
  properties: {
    marks: arrayOf(Mark),
    works: arrayOf(Work),
    subjects: arrayOf(Subject),
    workTypes: arrayOf({ type: 'object' }),
  },
});
