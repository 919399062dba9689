import { arrayOf, DATE_TIME, INT, NINT, NSTR, object, STR, TEXT } from './schemas.common.js';

// ------------------------------------------------------------------------------------------ §1.5 subjects, classes

/** Subject (§1.5): ALX-P Subject.java, VL2 SubjectV2.kt. */
export const Subject = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    name: TEXT,
    knowledgeArea: NSTR,
    fgosSubjectId: { type: ['integer', 'string', 'null'] },
    espSubjectName: NSTR,
  },
});

/**
 * EduGroup (§1.5): KEK filters `status === 'Active'` and reads id_str, fullName, timetable, subjects; J2ME reads
 * name. `journaltype` is the spelling the reference chose (CONFLICT with ALX-P's journalType).
 */
export const EduGroup = object({
  required: ['name', 'fullName', 'status', 'type', 'subjects'],
  ids: ['id'],
  nullableIds: ['timetable'],
  idLists: ['parentIds'],
  properties: {
    name: TEXT,
    fullName: TEXT,
    type: { enum: ['Group', 'Subgroup'] },
    status: STR,
    parallel: NINT,
    studyyear: NINT,
    educationType: NSTR,
    subjects: arrayOf(Subject),
    journaltype: NSTR,
  },
});

/**
 * Context (§1.2), the first call of nearly every client: J2ME reads personId, shortName, groupIds[0],
 * schools[0].name, eduGroups[0].name; LIM reads roles and eduGroups[0].id_str; ACB types children as objects
 * (the field list's reading of the children CONFLICT).
 */

// ------------------------------------------------------------------------------------------- §1.6 periods

/** SIRO picks the current period by `start[:10]`/`finish[:10]`; ALX-M's PeriodType enum names the types. */
export const ReportingPeriod = object({
  required: ['start', 'finish', 'number', 'type', 'name'],
  ids: ['id'],
  properties: {
    start: DATE_TIME,
    finish: DATE_TIME,
    number: INT,
    type: { enum: ['Trimester', 'Semester', 'HalfYear', 'Quarter', 'Module'] },
    name: TEXT,
    year: INT,
  },
});

export const ReportingPeriodGroup = object({
  required: ['reportingPeriods'],
  properties: {
    id: { type: ['integer', 'string', 'null'] },
    reportingPeriods: arrayOf(ReportingPeriod),
    holidays: arrayOf(
      object({
        required: ['dateStart', 'dateFinish'],
        properties: { dateStart: DATE_TIME, dateFinish: DATE_TIME, name: NSTR, description: NSTR },
      }),
    ),
  },
});

// ---------------------------------------------------------------------------------------------- §1.8 timetables

/** Bell timetables: a PascalCase ARRAY with `LessonNumber` (the reference's CONFLICT choice over VL1). */
export const Timetables = arrayOf({
  type: 'object',
  required: ['Items'],
  properties: {
    Name: NSTR,
    Start: NSTR,
    FirstLessonNumber: NINT,
    Items: arrayOf({
      type: 'object',
      required: ['Start', 'Finish', 'LessonNumber'],
      properties: {
        Id: { type: ['integer', 'string'] },
        Start: TEXT,
        Finish: TEXT,
        Name: NSTR,
        Type: NSTR,
        DaysOfWeek: arrayOf(STR),
        LessonNumber: INT,
      },
    }),
  },
});
