import { hasId, type Obj, PERSON_ACTORS, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.3 persons and their classes. */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/persons/:person',
    schema: S.Person,
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}`,
    scope: 'person',
    priority: true,
    check: (b, c) => ((b as Obj).id === c.student ? undefined : 'not the student'),
  },
  {
    route: 'GET /v2/persons',
    schema: S.arrayOf(S.Person),
    actors: ['teacher', 'student'],
    url: (c) => `/persons?eduGroup=${c.group}`,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.student) ? undefined : "the class's persons lack the demo student"),
  },
  {
    route: 'GET /v2/persons/:person/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}/edu-groups`,
    scope: 'person',
    priority: true,
    check: (b, c) => (hasId(b, c.group) ? undefined : `lacks the student's class ${c.group}`),
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/all',
    schema: S.arrayOf(S.EduGroup),
    actors: ['student'],
    url: (c) => `/persons/${c.student}/edu-groups/all`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/schools/:school/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}/schools/${c.school}/edu-groups`,
    scope: 'person',
    priority: true,
    check: (b, c) => (hasId(b, c.group) ? undefined : `lacks the student's class ${c.group}`),
  },
];
