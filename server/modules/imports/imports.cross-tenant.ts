import type { CrossTenantModule } from '../../test/cross-tenant.types.js';
import { peopleCsv, upload } from './imports.fixtures.js';

/**
 * The victim school's import job (a dry run of a small list whose names and file name are markers no foreign
 * answer may contain). Every job route is aimed at it; the template, the upload, the jobs list and the exports
 * act on the attacker's own school at most.
 */
let jobId = 0;
const SURNAME = 'Құпияжолова';
const FILE_NAME = 'жәбірленуші-тізімі.csv';

export const importsCrossTenant: CrossTenantModule = {
  prepare: async ({ victimAdmin }) => {
    const res = await upload(
      victimAdmin,
      FILE_NAME,
      peopleCsv([{ role: 'ученик', surname: SURNAME, firstName: 'Жасырын', birthDate: '01.02.2013', gender: 'ж' }]),
    );
    if (res.statusCode !== 201) throw new Error(`import: ${res.statusCode} ${res.body}`);
    jobId = res.json().id;
  },
  fixtures: {
    'GET /api/v1/imports/template': () => ({ url: '/api/v1/imports/template?format=csv', outcome: 'noLeak' }),
    // A JSON body is not an upload (415); a real one would land in the attacker's own school.
    'POST /api/v1/imports': () => ({ url: '/api/v1/imports', body: { file: 'x' }, outcome: 'noLeak' }),
    'GET /api/v1/imports': () => ({ url: '/api/v1/imports', outcome: 'noLeak' }),
    'GET /api/v1/imports/:id': () => ({ url: `/api/v1/imports/${jobId}`, outcome: 'denied' }),
    'GET /api/v1/imports/:id/rows': () => ({ url: `/api/v1/imports/${jobId}/rows`, outcome: 'denied' }),
    'PATCH /api/v1/imports/:id/mapping': () => ({
      url: `/api/v1/imports/${jobId}/mapping`,
      body: { columns: [null, null, null, null, null] },
      outcome: 'denied',
    }),
    'POST /api/v1/imports/:id/rows/:rowNumber': () => ({
      url: `/api/v1/imports/${jobId}/rows/2`,
      body: { values: { surname: 'Attacker' } },
      outcome: 'denied',
    }),
    'POST /api/v1/imports/:id/confirm': () => ({
      url: `/api/v1/imports/${jobId}/confirm`,
      body: { all: true },
      outcome: 'denied',
    }),
    'POST /api/v1/imports/:id/apply': () => ({ url: `/api/v1/imports/${jobId}/apply`, body: {}, outcome: 'denied' }),
    'POST /api/v1/imports/:id/slips': () => ({ url: `/api/v1/imports/${jobId}/slips`, body: {}, outcome: 'denied' }),
    'DELETE /api/v1/imports/:id': () => ({ url: `/api/v1/imports/${jobId}`, outcome: 'denied' }),
    'GET /api/v1/exports/people': () => ({ url: '/api/v1/exports/people?format=csv', outcome: 'noLeak' }),
    'GET /api/v1/exports/classes': () => ({ url: '/api/v1/exports/classes?format=csv', outcome: 'noLeak' }),
    'GET /api/v1/exports/oneroster': () => ({ url: '/api/v1/exports/oneroster', outcome: 'noLeak' }),
  },
  searches: () => ['/api/v1/imports', '/api/v1/exports/people?format=csv'],
  markers: () => [SURNAME, FILE_NAME],
};
