import { ALL, list, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.11 lesson log (attendance). */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/lessons/:lesson/log-entries',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c) => `/lessons/${c.lesson}/log-entries`,
    scope: 'school',
    // The suite marks the student late at that lesson (demo-context.ts).
    check: (b, c) =>
      list(b).some((e) => e.person === c.student && e.status === 'Late') ? undefined : "lacks the student's Late entry",
  },
  {
    route: 'GET /v2/lesson-log-entries/statuses',
    schema: S.LogStatuses,
    actors: ALL,
    url: () => '/lesson-log-entries/statuses',
    scope: 'reference',
    priority: true,
  },
  {
    route: 'GET /v2/persons/:person/lesson-log-entries',
    schema: S.PersonLogEntries,
    actors: ['parent', 'student'],
    url: (c, f) => `/persons/${c.student}/lesson-log-entries?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
  },
  {
    route: 'GET /v2/lesson-log-entries',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c) => `/lesson-log-entries?lessons=${c.lesson}`,
    scope: 'school',
    batch: true,
  },
  {
    route: 'GET /v2/lesson-log-entries/lesson/:lesson/person/:person',
    // The reference gives the path only; one entry (ALX-P's reading) or a list.
    schema: { anyOf: [S.LessonLogEntry, S.arrayOf(S.LessonLogEntry)] },
    actors: ['student'],
    url: (c) => `/lesson-log-entries/lesson/${c.lesson}/person/${c.student}`,
    scope: 'person',
  },
  {
    route: 'GET /v2/lesson-log-entries/group/:group',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c, f) =>
      `/lesson-log-entries/group/${c.group}?subject=${c.subject}&from=${f.query(c.from)}&to=${f.query(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/lesson-log-entries/person/:person/subject/:subject',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['student', 'parent'],
    url: (c, f) =>
      `/lesson-log-entries/person/${c.student}/subject/${c.subject}?from=${f.query(c.from)}&to=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
  },
];
