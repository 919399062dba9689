/**
 * The v2 endpoints the compatibility suite (compat.test.ts) and the v2 cross-tenant test call: one row per
 * route of kundelik-v2-api.md §5's priority list and of what the v2 modules implement, each with the schema its
 * answer must match and the URL a client would send. A registered /v2 route without a row fails both tests.
 *
 * The rows live one file per §1 area (endpoints.<area>.ts, each exporting `ROWS`); this index concatenates them.
 * A new area: one import line below and its name in the list.
 */
import { ROWS as averages } from './endpoints.averages.js';
import { ROWS as criteria } from './endpoints.criteria.js';
import { ROWS as eduGroups } from './endpoints.edu-groups.js';
import { ROWS as feed } from './endpoints.feed.js';
import { ROWS as lessonLog } from './endpoints.lesson-log.js';
import { ROWS as lessons } from './endpoints.lessons.js';
import { ROWS as marks } from './endpoints.marks.js';
import { ROWS as persons } from './endpoints.persons.js';
import { ROWS as schedules } from './endpoints.schedules.js';
import { ROWS as schools } from './endpoints.schools.js';
import type { Row } from './endpoints.types.js';
import { ROWS as users } from './endpoints.users.js';
import { ROWS as works } from './endpoints.works.js';

export type { ActorName, DateFormat, Row, Scope, V2Ctx } from './endpoints.types.js';
export { LOCAL_DATE } from './endpoints.types.js';

export const ROWS: Row[] = [
  ...users,
  ...persons,
  ...schools,
  ...eduGroups,
  ...lessons,
  ...marks,
  ...schedules,
  ...averages,
  ...lessonLog,
  ...feed,
  ...criteria,
  ...works,
];

/** The v2 login: public, tested on its own (compat.test.ts "login"), not through the table. */
export const LOGIN_ROUTE = 'POST /v2/authorizations/bycredentials';

/** "GET /v2.0/persons/:personId" → "GET /v2/persons/:" — how routes and rows are matched. */
export function normalRoute(method: string, url: string): string {
  const path = url
    .replace(/^\/v2\.0(?=\/|$)/, '/v2')
    .replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, ':')
    .replace(/\/$/, '');
  return `${method} ${path}`;
}

export const rowKey = (row: Row) => {
  const [method, url] = row.route.split(' ') as [string, string];
  return normalRoute(method, url);
};

/**
 * Whether a row is served by a registered route (both normalised): segments equal, or the row's `me` where the
 * route has a parameter (`/users/:user` answers `/users/me` too). Nothing else matches a parameter, so a row such
 * as `GET /v2/edu-groups/students` is not taken for `GET /v2/edu-groups/:group`.
 */
export function rowMatches(rowRoute: string, route: string): boolean {
  const a = rowRoute.split('/');
  const b = route.split('/');
  return a.length === b.length && a.every((seg, i) => seg === b[i] || (seg === 'me' && b[i] === ':'));
}

/** The rows a set of registered routes serves, and the registered routes no row covers. */
export function coverage(registered: Iterable<string>, ignore: Set<string>) {
  const live = [...registered];
  const keys = ROWS.map(rowKey);
  return {
    served: (row: Row) => live.some((r) => rowMatches(rowKey(row), r)),
    uncovered: live.filter((r) => !ignore.has(r) && !keys.some((k) => rowMatches(k, r))),
  };
}
