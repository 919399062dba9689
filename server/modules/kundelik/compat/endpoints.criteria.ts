import { type ActorName, list, nonEmpty, type Obj, type Row, type V2Ctx } from './endpoints.types.js';
import * as S from './schemas.js';

/**
 * A pupil or parent reads class-wide criteria calls too, but gets only their own (their children's) rows — the
 * demo student's; staff get the class, the demo student among them.
 */
const ownRowsOnly = (b: unknown, c: V2Ctx, actor: ActorName) => {
  const rows = list(b);
  if (rows.length === 0) return 'expected criteria rows from the demo data, got none';
  const people = new Set(rows.map((r) => r.personid));
  if (actor === 'teacher') return people.has(c.student) ? undefined : 'the class rows lack the demo student';
  return people.size === 1 && people.has(c.student)
    ? undefined
    : `a ${actor} sees rows of persons ${[...people].join(', ')}, not only the demo student's`;
};

/** The totals carry the engine's result for the demo student in mathematics. */
const studentTotal = (b: unknown, c: V2Ctx, actor: ActorName) => {
  const own = ownRowsOnly(b, c, actor);
  if (own) return own;
  const t = list(b).find((r) => r.personid === c.student && r.subject === c.subject && r.reportingPeriod === c.period);
  if (!t) return "no total for the demo student's mathematics this period";
  return typeof (t as Obj).foPercent === 'number' ? undefined : 'the total has no ФО percentage';
};

/** §1.10 criteria-based (СОр/СОч) marks, the Kazakhstan paths (singular `edu-group`). */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/edu-group/:group/subject/:subject/period/:period/criteria-marks-sections',
    schema: S.CriteriaSections,
    actors: ['teacher', 'student'],
    url: (c) => `/edu-group/${c.group}/subject/${c.subject}/period/${c.period}/criteria-marks-sections`,
    scope: 'school',
    check: (b, c) => {
      const rows = list(b);
      if (rows.length === 0) return "expected the period's СОр sections of mathematics";
      const stray = rows.find((r) => r.subject !== c.subject || r.reportingPeriod !== c.period);
      return stray ? `section ${String(stray.id)} is of another subject or period` : undefined;
    },
  },
  {
    route: 'GET /v2/edu-group/:group/person/:person/subject/:subject/period/:period/criteria-marks',
    schema: S.CriteriaMarks,
    actors: ['student', 'parent', 'teacher'],
    url: (c) => `/edu-group/${c.group}/person/${c.student}/subject/${c.subject}/period/${c.period}/criteria-marks`,
    scope: 'person',
    check: (b, c) => {
      const foreign = list(b).find((r) => r.personid !== c.student);
      return foreign ? `a score of person ${String(foreign.personid)} in the student's list` : undefined;
    },
  },
  {
    route: 'GET /v2/edu-group/:group/period/:period/criteria-marks',
    schema: S.CriteriaMarks,
    actors: ['teacher', 'parent'],
    url: (c) => `/edu-group/${c.group}/period/${c.period}/criteria-marks`,
    scope: 'school',
    check: ownRowsOnly,
  },
  {
    route: 'GET /v2/edu-group/:group/subject/:subject/period/:period/criteria-marks',
    schema: S.CriteriaMarks,
    actors: ['teacher', 'student'],
    url: (c) => `/edu-group/${c.group}/subject/${c.subject}/period/${c.period}/criteria-marks`,
    scope: 'school',
    check: ownRowsOnly,
  },
  {
    route: 'GET /v2/edu-group/:group/criteriajournalsection/:section/criteria-marks',
    schema: S.CriteriaMarks,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/criteriajournalsection/${c.section}/criteria-marks`,
    scope: 'school',
    check: (b, c) => {
      const stray = list(b).find((r) => r.section !== c.section);
      return stray ? `a score of section ${String(stray.section)}` : nonEmpty("the section's scores")(b);
    },
  },
  {
    route: 'GET /v2/edu-group/:group/criteria-marks-totals',
    schema: S.CriteriaTotals,
    actors: ['teacher', 'parent', 'student'],
    url: (c) => `/edu-group/${c.group}/criteria-marks-totals`,
    scope: 'school',
    check: studentTotal,
  },
  {
    route: 'GET /v2/edu-group/:group/subject/:subject/criteria-marks-totals',
    schema: S.CriteriaTotals,
    actors: ['teacher', 'parent'],
    url: (c) => `/edu-group/${c.group}/subject/${c.subject}/criteria-marks-totals`,
    scope: 'school',
    check: studentTotal,
  },
  {
    route: 'GET /v2/edu-group/:group/criteriajournalsection/:section/criteria-marks-totals',
    schema: S.CriteriaTotals,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/criteriajournalsection/${c.section}/criteria-marks-totals`,
    scope: 'school',
    check: studentTotal,
  },
];
