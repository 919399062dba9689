import { ALL, list, marksOfStudent, nonEmpty, type Obj, PERSON_ACTORS, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.9 marks: by lesson, work, person, class; recent marks; mark values; histograms. */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/edu-groups/:group/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
    priority: true,
    check: nonEmpty("the class's marks of the week"),
  },
  {
    route: 'GET /v2/edu-groups/:group/subjects/:subject/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/subjects/${c.subject}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/lessons/:lesson/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher', 'student'],
    url: (c) => `/lessons/${c.lesson}/marks`,
    scope: 'school',
    priority: true,
    check: nonEmpty("the lesson's marks"),
  },
  {
    route: 'POST /v2/lessons/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: () => '/lessons/marks',
    body: (c) => [c.lesson],
    scope: 'school',
    batch: true,
    check: nonEmpty("the lesson's marks"),
  },
  {
    route: 'POST /v2/lessons/many/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: () => '/lessons/many/marks',
    body: (c) => [c.lesson],
    scope: 'school',
    batch: true,
    check: nonEmpty("the lesson's marks"),
  },
  {
    route: 'GET /v2/works/:work/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c) => `/works/${c.work}/marks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/works/:work/marks/histogram',
    schema: S.WorkHistogram,
    actors: ['student'],
    url: (c) => `/works/${c.work}/marks/histogram`,
    scope: 'school',
  },
  {
    route: 'GET /v2/marks/:mark',
    schema: S.Mark,
    actors: ['student', 'teacher'],
    url: (c) => `/marks/${c.mark}`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/schools/:school/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: PERSON_ACTORS,
    url: (c, f) => `/persons/${c.student}/schools/${c.school}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'person',
    priority: true,
    check: marksOfStudent,
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/:group/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: PERSON_ACTORS,
    url: (c, f) => `/persons/${c.student}/edu-groups/${c.group}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'person',
    priority: true,
    check: marksOfStudent,
  },
  {
    route: 'GET /v2/persons/:person/subjects/:subject/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: ['student', 'parent'],
    url: (c, f) => `/persons/${c.student}/subjects/${c.subject}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'person',
    check: marksOfStudent,
  },
  {
    route: 'GET /v2/persons/:person/lessons/:lesson/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/lessons/${c.lesson}/marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/works/:work/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/works/${c.work}/marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/marks/:date',
    schema: S.arrayOf(S.Mark),
    actors: ['student'],
    url: (c, f) => `/persons/${c.student}/marks/${f.path(c.day)}`,
    dates: true,
    scope: 'person',
  },
  {
    route: 'GET /v2/lessons/:date/persons/:person/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['student'],
    url: (c, f) => `/lessons/${f.path(c.day)}/persons/${c.student}/marks`,
    dates: true,
    scope: 'person',
  },
  {
    // Singular `group` (§5.6); J2ME sends limit=10.
    route: 'GET /v2/persons/:person/group/:group/recentmarks',
    schema: S.RecentMarks,
    actors: PERSON_ACTORS,
    url: (c, f) => `/persons/${c.student}/group/${c.group}/recentmarks?fromDate=${f.query(c.from)}&limit=10`,
    dates: true,
    scope: 'person',
    priority: true,
    check: (b) => {
      const r = b as Obj;
      if (!list(r.marks).length) return 'no recent marks for the demo student';
      // VL1 joins marks → lessons → subjects by id: every mark's lesson must be in lessons[].
      const lessons = new Set(list(r.lessons).map((l) => l.id));
      const orphan = list(r.marks).find((m) => m.lesson != null && !lessons.has(m.lesson));
      return orphan ? `mark ${String(orphan.id)}'s lesson ${String(orphan.lesson)} is not in lessons[]` : undefined;
    },
  },
  {
    route: 'GET /v2/marks/values',
    schema: S.MarkValues,
    actors: ALL,
    url: () => '/marks/values',
    scope: 'reference',
    priority: true,
  },
  {
    route: 'GET /v2/marks/values/type/:type',
    schema: S.arrayOf({ type: 'string' }),
    actors: ['student'],
    url: () => '/marks/values/type/mark10',
    scope: 'reference',
  },
  {
    route: 'GET /v2/periods/:period/subjects/:subject/groups/:group/marks/histogram',
    schema: S.PeriodHistogram,
    actors: ['teacher', 'student'],
    url: (c) => `/periods/${c.period}/subjects/${c.subject}/groups/${c.group}/marks/histogram`,
    scope: 'school',
    check: (b, _c, actor) => {
      const works = list((b as Obj).works);
      if (works.length === 0) return "expected the period's works of mathematics";
      // Staff always get the bands; a pupil only where the school shows the class distribution.
      return actor === 'teacher' && !works.some((w) => list(w.markNumbers).length > 0)
        ? 'the teacher gets no grade bands'
        : undefined;
    },
  },
];
