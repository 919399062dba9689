/**
 * JSON Schemas (draft 2020-12) of the v2 responses, written from the field lists of
 * /work/shared/reference/kundelik-v2-api.md §1.1–§1.12 — NOT from our code — so the compatibility suite checks
 * what third-party clients parse. `required` lists what the reference's clients read (KEK, J2ME, KUN, ACB, SIRO…)
 * and the `_str` twin of every id (§1.0); the other listed fields are typed when present. Extra fields are allowed
 * (clients ignore them). Where the reference marks a CONFLICT and does not choose, both readings are accepted and
 * the schema says so; where it chooses (journaltype, {days:[…]}, markCards, array timetables), its choice is used.
 */

export type Schema = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------- primitives

/** §1.0 "Date formats in responses": `YYYY-MM-DDTHH:mm:ss`, local, no zone (a suffix is tolerated, ALX-P cuts to 19). */
export const DATE_TIME: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}' };
const NULLABLE_DATE_TIME: Schema = { anyOf: [DATE_TIME, { type: 'null' }] };
/** §1.0 "IDs are 64-bit": a positive integer that JavaScript reads exactly (we keep ids below 2^53). */
export const ID: Schema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
export const ID_STR: Schema = { type: 'string', pattern: '^[1-9][0-9]*$' };
const NULLABLE_ID: Schema = { anyOf: [ID, { type: 'null' }] };
const NULLABLE_ID_STR: Schema = { anyOf: [ID_STR, { type: 'null' }] };
const STR: Schema = { type: 'string' };
const TEXT: Schema = { type: 'string', minLength: 1 };
const NSTR: Schema = { type: ['string', 'null'] };
const INT: Schema = { type: 'integer' };
const NINT: Schema = { type: ['integer', 'null'] };
const BOOL: Schema = { type: 'boolean' };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const ID_LIST: Schema = arrayOf(ID);
const ID_STR_LIST: Schema = arrayOf(ID_STR);

interface ObjectSpec {
  /** Fields clients read: must be present. */
  required?: string[];
  /** Ids that must be present with their `_str` twin (`id` → `id`, `id_str`). */
  ids?: string[];
  /** Ids that may be null (still present, twin too). */
  nullableIds?: string[];
  /** Ids that may be absent; when present, the twin must be too. */
  optionalIds?: string[];
  /** Id arrays with an `_str` array twin (§1.0: parentIds/parentIds_str, teachers/teachers_str), when present. */
  idLists?: string[];
  properties?: Record<string, Schema>;
}

/** An object schema with the §1.0 id twins spelled out: `X` is an int64 number and `X_str` its decimal string. */
export function object(spec: ObjectSpec): Schema {
  const properties: Record<string, Schema> = { ...(spec.properties ?? {}) };
  const required = [...(spec.required ?? [])];
  const dependentRequired: Record<string, string[]> = {};
  for (const k of spec.ids ?? []) {
    properties[k] = ID;
    properties[`${k}_str`] = ID_STR;
    required.push(k, `${k}_str`);
  }
  for (const k of spec.nullableIds ?? []) {
    properties[k] = NULLABLE_ID;
    properties[`${k}_str`] = NULLABLE_ID_STR;
    required.push(k, `${k}_str`);
  }
  for (const k of spec.optionalIds ?? []) {
    properties[k] = NULLABLE_ID;
    properties[`${k}_str`] = NULLABLE_ID_STR;
    dependentRequired[k] = [`${k}_str`];
  }
  for (const k of spec.idLists ?? []) {
    properties[k] = ID_LIST;
    properties[`${k}_str`] = ID_STR_LIST;
    dependentRequired[k] = [`${k}_str`];
  }
  return {
    type: 'object',
    properties,
    required: [...new Set(required)],
    ...(Object.keys(dependentRequired).length ? { dependentRequired } : {}),
  };
}

// ------------------------------------------------------------------------------------------------ §1.0 errors

/** Every v2 error: JSON `{type, description}` (several clients read only `type`). */
export const ErrorBody = object({ required: ['type', 'description'], properties: { type: TEXT, description: TEXT } });

// ------------------------------------------------------------------------------------------------ §1.1 auth

/** bycredentials 200: KEK reads accessToken and user; J2ME accessToken, refreshToken, user_str; TS port expiresIn. */
export const TokenResponse = object({
  required: ['accessToken', 'refreshToken', 'expiresIn', 'scope'],
  ids: ['user'],
  properties: {
    accessToken: { type: 'string', minLength: 16 },
    refreshToken: { type: 'string', minLength: 16 },
    expiresIn: { type: 'integer', minimum: 1 },
    scope: STR,
  },
});

// ------------------------------------------------------------------------------------------ §1.2 users, context

/** ALX-P model/user/Role.java is a Java enum: an unknown value breaks its parsing. */
export const ROLE: Schema = {
  enum: ['EduStudent', 'EduStaff', 'EduParent', 'OrganizationStaff', 'EduSchoolAdministrator'],
};
export const Roles: Schema = { ...arrayOf(ROLE), uniqueItems: true };

/** User: KEK reads id, shortName, personId. */
export const User = object({
  required: ['shortName'],
  ids: ['id', 'personId'],
  properties: {
    shortName: TEXT,
    name: NSTR,
    email: NSTR,
    login: NSTR,
    fullName: NSTR,
    fullNameInverse: NSTR,
    firstName: NSTR,
    middleName: NSTR,
    lastName: NSTR,
    locale: NSTR,
    timezone: { type: ['string', 'integer', 'null'] },
    sex: NSTR,
    photoSmall: NSTR,
    photoMedium: NSTR,
    photoLarge: NSTR,
    birthday: NULLABLE_DATE_TIME,
    roles: Roles,
    phone: NSTR,
  },
});

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
export const Context = object({
  required: ['roles', 'shortName', 'schoolIds', 'groupIds', 'schools', 'eduGroups', 'children'],
  ids: ['userId', 'personId'],
  properties: {
    roles: Roles,
    shortName: TEXT,
    avatarUrl: NSTR,
    firstName: NSTR,
    lastName: NSTR,
    middleName: NSTR,
    splitId: { type: ['string', 'integer', 'null'] },
    schoolIds: ID_LIST,
    groupIds: ID_LIST,
    schools: arrayOf(
      object({ required: ['name'], ids: ['id'], properties: { name: TEXT, type: NSTR, groupIds: ID_LIST } }),
    ),
    eduGroups: arrayOf(EduGroup),
    children: arrayOf(
      object({
        required: ['shortName', 'schoolIds', 'groupIds'],
        ids: ['personId'],
        properties: {
          firstName: NSTR,
          lastName: NSTR,
          middleName: NSTR,
          shortName: TEXT,
          schoolIds: ID_LIST,
          groupIds: ID_LIST,
        },
      }),
    ),
  },
});

// ---------------------------------------------------------------------------------------------- §1.3 persons

export const Person = object({
  required: ['firstName', 'lastName', 'shortName'],
  ids: ['id'],
  nullableIds: ['userId'],
  properties: { firstName: TEXT, lastName: TEXT, middleName: NSTR, shortName: TEXT, sex: NSTR },
});

/** users/me/relatives (ALX-P UserRelative.java). */
export const Relative = object({ required: ['type', 'person'], properties: { type: STR, person: Person } });

/** edu-groups/students (ACB TEduGroupWithStudents; ALX-P StudentsWrapper). */
export const GroupWithStudents = object({
  required: ['group', 'students'],
  properties: {
    group: EduGroup,
    students: arrayOf(
      object({
        required: ['person', 'membershipstatus'],
        properties: { person: Person, membershipstatus: { enum: ['Active', 'Archive'] } },
      }),
    ),
  },
});

/** teacher/{t}/students (ALX-P PersonsWrapper). */
export const PersonsWrapper = object({
  required: ['students'],
  ids: ['id'],
  properties: { students: arrayOf(Person) },
});

// ---------------------------------------------------------------------------------------------- §1.4 schools

/** School: ACB's `regionid` vs `regionId` CONFLICT — both accepted (neither is read by a Kundelik client). */
export const School = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    name: TEXT,
    fullName: NSTR,
    avatarSmall: NSTR,
    city: NSTR,
    municipality: NSTR,
    regionId: NINT,
    regionid: NINT,
    markType: NSTR,
    timeZone: { type: ['string', 'integer', 'null'] },
    uses_avg: BOOL,
    uses_weighted_avg: BOOL,
    educationType: NSTR,
    tsoCityId: { type: ['integer', 'string', 'null'] },
    tsoRegionTreePath: NSTR,
  },
});

/** schools/person-schools: the Kundelik homework bot takes `[0].id`. */
export const PersonSchool = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    name: TEXT,
    educationType: NSTR,
    tsoCityId: { type: ['integer', 'string', 'null'] },
    tsoRegionTreePath: NSTR,
  },
});

/** schools/{s}/teachers: PascalCase (ALX-P Teacher.java), ids as Id/IdStr. */
export const Teacher: Schema = {
  type: 'object',
  required: ['Id', 'IdStr', 'FirstName', 'LastName', 'ShortName'],
  properties: {
    Id: ID,
    IdStr: ID_STR,
    UserId: NULLABLE_ID,
    UserIdStr: NULLABLE_ID_STR,
    FirstName: TEXT,
    LastName: TEXT,
    MiddleName: NSTR,
    ShortName: TEXT,
    Sex: NSTR,
    DateBirth: NULLABLE_DATE_TIME,
    Email: NSTR,
    Subjects: NSTR,
  },
  dependentRequired: { UserId: ['UserIdStr'] },
};

/** work-types/{school} (ALX-P WorkType.java). */
export const SchoolWorkType = object({
  required: ['title', 'kind'],
  ids: ['id'],
  properties: { schoolId: INT, kindId: NINT, kind: STR, title: TEXT, abbr: NSTR, weight: { type: ['number', 'null'] } },
});

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

// ------------------------------------------------------------------------------------- §1.7 lessons, works

/** Work `type` (VL2 models/v2/WorkType.kt is a Kotlin enum). */
const WORK_TYPE = {
  enum: [
    'Homework',
    'LessonTestWork',
    'LessonExamination',
    'DefaultNewLessonWork',
    'CommonWork',
    'PeriodMark',
    'LessonComposition',
    'LessonByHeart',
  ],
};

/** Task: one pupil's copy of a homework. */
export const Task = object({
  required: ['status'],
  ids: ['id', 'person', 'work'],
  properties: { status: TEXT, targetDate: NULLABLE_DATE_TIME },
});

/**
 * Work: the homework bot reads works[].targetDate/type/text/subjectId; J2ME joins homework.lesson → lesson.id;
 * VL1 joins marks → works by id.
 */
export const Work = object({
  required: ['type', 'text', 'targetDate', 'subjectId'],
  ids: ['id'],
  nullableIds: ['lesson'],
  optionalIds: ['eduGroup'],
  properties: {
    type: WORK_TYPE,
    workType: NINT,
    markType: NSTR,
    markCount: NINT,
    displayInJournal: BOOL,
    status: NSTR,
    tasks: arrayOf(Task),
    text: NSTR,
    periodNumber: NINT,
    periodType: NSTR,
    subjectId: ID,
    isImportant: BOOL,
    targetDate: NULLABLE_DATE_TIME,
    sentDate: NULLABLE_DATE_TIME,
    files: { type: 'array' },
    oneDriveLinks: { type: 'array' },
  },
});

/** A homework is the Work with `type == "Homework"` and its text in `text` (the homework bots print both). */
export const Homework: Schema = {
  allOf: [
    Work,
    { properties: { type: { const: 'Homework' }, text: TEXT, targetDate: DATE_TIME }, required: ['lesson'] },
  ],
};

/** Lesson (§1.7): ACB lessons.type.ts, ALX-P Lesson.java; KEK and VL1/VL2 read works embedded. */
export const Lesson = object({
  required: ['date', 'number', 'subject', 'works', 'title', 'status'],
  ids: ['id'],
  idLists: ['teachers'],
  properties: {
    title: NSTR,
    date: DATE_TIME,
    number: INT,
    subject: Subject,
    status: STR,
    works: arrayOf(Work),
  },
});

/**
 * Compact lesson inside schedules, homeworks and recentmarks: J2ME reads hours ("08:30-09:15"), title, subjectId,
 * number and joins marks/homeworks to it by id.
 */
export const CompactLesson = object({
  required: ['date', 'number', 'hours', 'title', 'subjectId'],
  ids: ['id'],
  properties: {
    title: NSTR,
    date: DATE_TIME,
    number: INT,
    subjectId: ID,
    status: NSTR,
    building: NSTR,
    place: NSTR,
    floor: NSTR,
    hours: { type: 'string', pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$' },
    works: ID_LIST,
    teachers: ID_LIST,
  },
});

/** `subjects: [{id, name, knowledgeAreaId}]` inside homeworks, schedules and recentmarks. */
export const CompactSubject = object({
  required: ['name'],
  ids: ['id'],
  properties: { name: TEXT, knowledgeAreaId: { type: ['integer', 'string', 'null'] } },
});

/** workTypes inside schedules and recentmarks (ACB). */
export const WorkTypeInfo = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    schoolId: NINT,
    abbreviation: NSTR,
    name: TEXT,
    isFinal: BOOL,
    isImportant: BOOL,
    kindId: NINT,
    kind: NSTR,
  },
});

const HomeworkFile = object({
  required: ['name'],
  ids: ['id'],
  properties: { name: TEXT, downloadUrl: NSTR, size: NINT, uploadedDate: NULLABLE_DATE_TIME },
});

/** users/me/school/{s}/homeworks (ACB THomework; the Kundelik homework bot reads subjects and works). */
export const Homeworks = object({
  required: ['works', 'subjects', 'lessons'],
  properties: {
    works: arrayOf(Homework),
    subjects: arrayOf(CompactSubject),
    lessons: arrayOf(CompactLesson),
    files: arrayOf(HomeworkFile),
    teachers: arrayOf(Person),
  },
});

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

/** LessonLogEntry (§1.11); statuses are the five of lesson-log-entries/statuses. */
export const LESSON_LOG_STATUS: Schema = { enum: ['Attend', 'Absent', 'Ill', 'Late', 'Pass'] };
export const LessonLogEntry = object({
  required: ['status'],
  ids: ['person', 'lesson'],
  properties: { comment: NSTR, status: LESSON_LOG_STATUS, createdDate: NULLABLE_DATE_TIME },
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

// ------------------------------------------------------------------------------------- §1.11 lesson log

/** persons/{p}/lesson-log-entries: SIRO reads `result.logEntries[]` — an object, not a bare list. */
export const PersonLogEntries = object({
  required: ['logEntries'],
  properties: { logEntries: arrayOf(LessonLogEntry) },
});
export const LogStatuses: Schema = { ...arrayOf(LESSON_LOG_STATUS), minItems: 5, uniqueItems: true };

// ------------------------------------------------------------------------------------- §1.8 schedules, timetables

/** DaySchedule: J2ME joins lessons, subjects, marks and homeworks of a day; `date` may carry an offset (ALX-P). */
export const DaySchedule = object({
  required: ['date', 'lessons', 'marks', 'homeworks', 'subjects'],
  properties: {
    date: DATE_TIME,
    nextDate: NULLABLE_DATE_TIME,
    lessons: arrayOf(CompactLesson),
    marks: arrayOf(Mark),
    works: arrayOf(Work),
    homeworks: arrayOf(Homework),
    subjects: arrayOf(CompactSubject),
    workTypes: arrayOf(WorkTypeInfo),
    lessonLogEntries: arrayOf(LessonLogEntry),
    teachers: arrayOf(object({ required: ['person'], properties: { person: Person, role: NSTR } })),
  },
});
/** persons/{p}/groups/{g}/schedules: the `{days:[…]}` object J2ME and ACB unwrap (the reference's CONFLICT choice). */
export const Schedule = object({ required: ['days'], properties: { days: arrayOf(DaySchedule) } });

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

// -------------------------------------------------------------------------------------------- §1.12 feed

const FeedWork = object({
  required: ['work', 'subjectName'],
  properties: { work: Work, subjectName: TEXT, workTypeName: NSTR },
});
const FeedLesson = {
  type: 'object',
  required: ['lessonId', 'number', 'subjectName'],
  properties: {
    lessonId: ID,
    lessonStatus: NSTR,
    number: INT,
    subjectName: TEXT,
    importantWorkTypes: arrayOf({ type: 'object', required: ['name'], properties: { id: INT, name: TEXT } }),
  },
};
/** Summary: ALX-P's `markCards` spelling (the reference's choice); ACB's `marksCards` tolerated when present. */
const FeedSummary = {
  type: 'object',
  required: ['importantWorks', 'markCards'],
  properties: {
    importantWorks: arrayOf(FeedWork),
    markCards: arrayOf({
      type: 'object',
      required: ['marks', 'subjectName'],
      properties: {
        marks: arrayOf(Mark),
        lesson: { type: ['object', 'null'], properties: { id: ID, date: DATE_TIME } },
        isImportant: BOOL,
        subjectName: TEXT,
        subjectId: ID,
        workTypeName: NSTR,
      },
    }),
    marksCards: { type: 'array' },
    dayEmotion: { type: ['string', 'null'] },
    feedMode: { type: ['string', 'null'] },
  },
};
/** users/me/feed (ALX-P model/feed/*, ACB feed.type.ts; ACB's /todayschedule reads todaySchedule). */
export const Feed = object({
  required: ['days'],
  properties: {
    days: arrayOf(
      object({
        required: [
          'date',
          'summary',
          'todayHomeworks',
          'todaySchedule',
          'nextDayHomeworks',
          'nextDaySchedule',
          'logEntries',
        ],
        properties: {
          date: DATE_TIME,
          nextWorkingDayDate: NULLABLE_DATE_TIME,
          summary: FeedSummary,
          todayHomeworks: arrayOf(FeedWork),
          nextDayHomeworks: arrayOf(FeedWork),
          todaySchedule: arrayOf(FeedLesson),
          nextDaySchedule: arrayOf(FeedLesson),
          logEntries: arrayOf(
            object({
              required: ['lessonLogEntry', 'subjectName'],
              properties: { lessonLogEntry: LessonLogEntry, subjectName: TEXT, lessonTitle: NSTR },
            }),
          ),
        },
      }),
    ),
  },
});

/** Criteria (СОр/СОч) marks: the reference lists the paths but gives no field list — any JSON, conventions only. */
export const Undocumented: Schema = { type: ['object', 'array'] };

export { arrayOf, ID_LIST };
