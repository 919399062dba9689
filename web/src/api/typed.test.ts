import { describe, expect, it } from 'vitest';
import type { ApiInit, ApiPath, ApiResult } from './client.js';

/**
 * The web client's typed calls (`typed()` in client.ts) take their paths, parameters, bodies and answers from the
 * OpenAPI document (common/api/v1.d.ts). The @ts-expect-error lines are the test: `npm run typecheck` fails if
 * any of these mistakes stops being a compile error.
 */
describe('typed API calls', () => {
  it('accept documented paths, parameters and bodies only', () => {
    const week: ApiPath<'GET'> = '/diary/{studentId}/week';
    // @ts-expect-error — not a documented path
    const misspelt: ApiPath<'GET'> = '/diary/{studentId}/weak';
    // @ts-expect-error — the marks are saved with PUT; there is no GET of that path
    const wrongMethod: ApiPath<'GET'> = '/journal/{assignmentId}/marks';
    const save: ApiInit<'PUT', '/journal/{assignmentId}/marks'> = {
      path: { assignmentId: 1 },
      body: { cells: [{ studentId: 2, lessonId: 3, value: 8, expectedVersion: null }] },
    };
    const wrongBody: ApiInit<'PUT', '/journal/{assignmentId}/marks'> = {
      path: { assignmentId: 1 },
      // @ts-expect-error — the body's field is `cells`
      body: { cell: [] },
    };
    const answer: Pick<ApiResult<'GET', '/diary/{studentId}/week'>, 'from' | 'to'> = {
      from: '2026-08-31',
      to: '2026-09-06',
    };
    expect([week, misspelt, wrongMethod, save.path.assignmentId, wrongBody.path, answer.from]).toHaveLength(6);
  });
});
