import type * as S from './schemas.js';

/** The row type of the endpoint table (endpoints.ts, endpoints.<area>.ts) and the checks rows share. */

export type ActorName = 'parent' | 'student' | 'teacher';

/** The demo ids the URLs are built from (the demo school's «5 Ә», its student, the student's parent…). */
export interface V2Ctx {
  school: number;
  group: number;
  subject: number;
  period: number;
  /** Person ids; `student` is also the parent's child. */
  student: number;
  parent: number;
  teacher: number;
  /** The student's v2 user id (users/me `id`). */
  studentUser: number;
  lesson: number;
  mark: number;
  work: number;
  /** A criteria-marks section (an СОр/СОч of the class's mathematics this period), found through the v2 API. */
  section: number;
  task: number;
  /** A Monday and the Sunday after (YYYY-MM-DD): a week with the student's marks and lessons. */
  from: string;
  to: string;
  /** A day of that week with lessons and marks. */
  day: string;
}

/** How a calendar day is written in a path or a query (compat.test.ts varies it over the §1.0 formats). */
export interface DateFormat {
  name: string;
  path(day: string): string;
  query(day: string): string;
}
export const LOCAL_DATE: DateFormat = { name: 'LocalDate', path: (d) => d, query: (d) => d };

/**
 * Who a route is about, for the cross-tenant test:
 * - self: about the caller only (users/me…): may answer, never with another school's data;
 * - reference: the same for everyone (mark scales, log statuses);
 * - person: a person's data (a parent may see only their linked child);
 * - school: a school's or a class's data.
 */
export type Scope = 'self' | 'reference' | 'person' | 'school';

export interface Row {
  /** "METHOD /v2/path/:param" (param names are free; routes are compared with them anonymised). */
  route: string;
  schema: S.Schema;
  /** The demo users who call it (the first one also runs the date-format variations). */
  actors: ActorName[];
  /** After the prefix, with the query; dates through `f`. */
  url: (c: V2Ctx, f: DateFormat, actor: ActorName) => string;
  body?: (c: V2Ctx) => unknown;
  /** Whether the URL carries dates (then every §1.0 date format is tried). */
  dates?: boolean;
  scope: Scope;
  /**
   * Takes ids in a body or a query list (users/many, lessons/many, ?eduGroups=…): foreign ids are dropped, so a
   * foreign caller may get 200 with an empty list instead of 404 — never with an element.
   */
  batch?: boolean;
  /** Listed in §5's priority list: the route must exist (the others are checked when a v2 module adds them). */
  priority?: boolean;
  /** Extra facts about the demo data the answer must show; returns a problem or undefined. */
  check?: (body: unknown, c: V2Ctx, actor: ActorName) => string | undefined;
}

export type Obj = Record<string, unknown>;
export const list = (b: unknown) => (Array.isArray(b) ? (b as Obj[]) : []);
export const hasId = (b: unknown, id: number, key = 'id') => list(b).some((x) => x[key] === id);
export const nonEmpty = (what: string) => (b: unknown) =>
  list(b).length > 0 ? undefined : `expected ${what} from the demo data, got an empty list`;
export const marksOfStudent: NonNullable<Row['check']> = (b, c) => {
  const marks = list(b);
  if (marks.length === 0) return 'expected the demo student’s marks of the week, got none';
  const foreign = marks.find((m) => m.person !== c.student);
  return foreign ? `a mark of person ${String(foreign.person)} in the student's list` : undefined;
};
export const PERSON_ACTORS: ActorName[] = ['student', 'parent', 'teacher'];
export const ALL: ActorName[] = ['parent', 'student', 'teacher'];
