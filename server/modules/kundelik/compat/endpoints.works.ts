import { list, type Obj, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/**
 * §1.7 overdue tasks and the teacher WRITE routes of §1.9 / §1.11 (helper VA). The writes go through the journal
 * (v2.writes.service.ts) and are idempotent with these bodies, so the suite's repeated calls (/v2, /v2.0, every
 * actor) answer alike. Order matters: DELETE clears the student's Late entry the suite set (demo-context.ts
 * markLate), then POST and PUT set it again, leaving the demo data as they found it.
 */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/tasks/:personId/undone',
    schema: S.arrayOf(S.Task),
    actors: ['student', 'parent'],
    url: (c) => `/tasks/${c.student}/undone`,
    scope: 'person',
    check: (b, c) =>
      list(b).every((t) => t.person === c.student && t.status === 'NotCompleted')
        ? undefined
        : 'an undone task of another pupil or a completed one',
  },
  {
    route: 'POST /v2/persons/:personId/works/:workId/mark',
    schema: S.Mark,
    actors: ['teacher'],
    // The student's ФО mark of the demo lesson (c.work is that mark's work), set to 8.
    url: (c) => `/persons/${c.student}/works/${c.work}/mark`,
    body: () => ({ value: '8' }),
    scope: 'school',
    check: (b, c) => {
      const m = b as Obj;
      return m.person === c.student && m.value === '8' && m.work === c.work ? undefined : 'not the mark written';
    },
  },
  {
    route: 'DELETE /v2/lessons/:lesson/log-entries',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c) => `/lessons/${c.lesson}/log-entries?person=${c.student}`,
    scope: 'school',
    check: (b, c) => (list(b).some((e) => e.person === c.student) ? "the student's entry is still there" : undefined),
  },
  {
    route: 'POST /v2/lessons/:lesson/log-entries',
    schema: S.LessonLogEntry,
    actors: ['teacher'],
    url: (c) => `/lessons/${c.lesson}/log-entries`,
    body: (c) => ({ person: c.student, status: 'Late' }),
    scope: 'school',
    check: (b, c) => ((b as Obj).person === c.student && (b as Obj).status === 'Late' ? undefined : 'not Late'),
  },
  {
    route: 'PUT /v2/lessons/:lesson/log-entries',
    schema: S.LessonLogEntry,
    actors: ['teacher'],
    url: (c) => `/lessons/${c.lesson}/log-entries`,
    body: (c) => ({ person: c.student, lessonLogEntry: { status: 'Late' } }),
    scope: 'school',
    check: (b, c) => ((b as Obj).person === c.student && (b as Obj).status === 'Late' ? undefined : 'not Late'),
  },
];
