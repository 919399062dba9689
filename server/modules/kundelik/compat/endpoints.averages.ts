import { nonEmpty, PERSON_ACTORS, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.10 averages and final marks. */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/edu-groups/:group/final-marks',
    schema: S.arrayOf(S.GroupFinalMarks),
    actors: ['teacher'],
    url: (c) => `/edu-groups/${c.group}/final-marks`,
    scope: 'school',
    priority: true,
  },
  {
    route: 'GET /v2/edu-groups/:group/subjects/:subject/final-marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c) => `/edu-groups/${c.group}/subjects/${c.subject}/final-marks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/reporting-periods/:period/avg-marks/:date',
    schema: S.arrayOf(S.GroupAvgMark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/reporting-periods/${c.period}/avg-marks/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
    check: nonEmpty("the class's averages"),
  },
  {
    route: 'GET /v2/edu-groups/:group/avg-marks/:from/:to',
    schema: S.arrayOf(S.TinyAvgMark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/avg-marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/wa-marks/:from/:to',
    schema: S.WeightedMarks,
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/wa-marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/persons/:person/reporting-periods/:period/avg-mark',
    schema: S.AvgMark,
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}/reporting-periods/${c.period}/avg-mark`,
    scope: 'person',
    priority: true,
  },
  {
    route: 'GET /v2/persons/:person/reporting-periods/:period/subjects/:subject/avg-mark',
    schema: S.AvgMark,
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/reporting-periods/${c.period}/subjects/${c.subject}/avg-mark`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/:group/final-marks',
    schema: S.PersonFinalMarks,
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/edu-groups/${c.group}/final-marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/:group/allfinalmarks',
    schema: S.AllFinalMarks,
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/edu-groups/${c.group}/allfinalmarks`,
    scope: 'person',
  },
];
