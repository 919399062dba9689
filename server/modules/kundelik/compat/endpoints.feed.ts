import { list, type Obj, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.12 the feed. */
export const ROWS: Row[] = [
  {
    route: 'GET /v2/users/me/feed',
    schema: S.Feed,
    actors: ['parent', 'student'],
    url: (c, f, a) =>
      `/users/me/feed?date=${f.query(c.day)}&limit=7${a === 'parent' ? `&childPersonId=${c.student}` : ''}`,
    dates: true,
    scope: 'self',
    priority: true,
    check: (b) => (list((b as Obj).days).length ? undefined : 'the feed has no days'),
  },
];
