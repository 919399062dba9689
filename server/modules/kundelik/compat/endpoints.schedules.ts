import { list, type Obj, PERSON_ACTORS, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.8 schedules and homeworks. */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/persons/:person/groups/:group/schedules',
    schema: S.Schedule,
    actors: PERSON_ACTORS,
    url: (c, f) =>
      `/persons/${c.student}/groups/${c.group}/schedules?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
    priority: true,
    check: (b, c) => {
      const days = list((b as Obj).days);
      if (!days.some((d) => list(d.lessons).length)) return 'the week has no lessons';
      // J2ME joins lesson.subjectId → subjects[].id and mark.lesson → lesson.id within a day.
      for (const d of days) {
        const subjects = new Set(list(d.subjects).map((s) => s.id));
        const lessons = new Set(list(d.lessons).map((l) => l.id));
        const l = list(d.lessons).find((x) => !subjects.has(x.subjectId));
        if (l) return `${String(d.date)}: lesson ${String(l.id)}'s subjectId is not in that day's subjects[]`;
        const m = list(d.marks).find((x) => x.lesson != null && !lessons.has(x.lesson));
        if (m) return `${String(d.date)}: mark ${String(m.id)}'s lesson is not in that day's lessons[]`;
      }
      if (!days.some((d) => list(d.marks).some((m) => m.person === c.student))) return 'the week shows no marks';
      return undefined;
    },
  },
  {
    route: 'GET /v2/users/me/school/:school/homeworks',
    schema: S.Homeworks,
    actors: ['student'],
    url: (c, f) => `/users/me/school/${c.school}/homeworks?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'school',
    priority: true,
    check: (b) => {
      const h = b as Obj;
      if (!list(h.works).length) return 'no homework in the week (the suite sets some)';
      const subjects = new Set(list(h.subjects).map((s) => s.id));
      const w = list(h.works).find((x) => !subjects.has(x.subjectId));
      return w ? `work ${String(w.id)}'s subjectId is not in subjects[]` : undefined;
    },
  },
  {
    route: 'GET /v2/persons/:person/school/:school/homeworks',
    schema: S.Homeworks,
    actors: ['parent', 'student'],
    url: (c, f) =>
      `/persons/${c.student}/school/${c.school}/homeworks?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
    check: (b) => (list((b as Obj).works).length ? undefined : 'no homework in the week (the suite sets some)'),
  },
];
