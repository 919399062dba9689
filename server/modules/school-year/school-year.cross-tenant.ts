import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * The victim school's year (from the national calendar, renamed and given a day off of its own so its names
 * are markers no foreign answer may contain). Every year route is aimed at it.
 */
let yearId = 0;
const YEAR_NAME = 'Жәбірленуші жылы 2026';
const DAY_OFF_NAME = 'Мектептің құпия демалысы';

export const schoolYearCrossTenant: CrossTenantModule = {
  prepare: async ({ victimAdmin }) => {
    const created = await victimAdmin.post('/api/v1/school-years', { templateStartYear: 2026, name: YEAR_NAME });
    if (created.statusCode !== 201) throw new Error(`school year: ${created.statusCode} ${created.body}`);
    yearId = created.json().id;
    const daysOff = await victimAdmin.put(`/api/v1/school-years/${yearId}/days-off`, {
      daysOff: [{ kind: 'other', startsOn: '2026-11-20', endsOn: '2026-11-20', grades: [5], name: DAY_OFF_NAME }],
    });
    if (daysOff.statusCode !== 200) throw new Error(`school year days off: ${daysOff.statusCode}`);
  },
  fixtures: {
    // Reference data and the attacker's own school's years: may answer, must not show the victim's.
    'GET /api/v1/calendar-templates': () => ({ url: '/api/v1/calendar-templates', outcome: 'noLeak' }),
    'GET /api/v1/school-years': () => ({ url: '/api/v1/school-years', outcome: 'noLeak' }),
    // Creates a year in the attacker's own school at most (the school comes from the session).
    'POST /api/v1/school-years': () => ({
      url: '/api/v1/school-years',
      body: { templateStartYear: 2026, name: 'Attack' },
      outcome: 'noLeak',
    }),
    'GET /api/v1/school-years/:id': () => ({ url: `/api/v1/school-years/${yearId}`, outcome: 'denied' }),
    'PATCH /api/v1/school-years/:id': () => ({
      url: `/api/v1/school-years/${yearId}`,
      body: { name: 'Renamed by an attacker', shifts: 3 },
      outcome: 'denied',
    }),
    'PUT /api/v1/school-years/:id/periods': () => ({
      url: `/api/v1/school-years/${yearId}/periods`,
      body: { periods: [] },
      outcome: 'denied',
    }),
    'PUT /api/v1/school-years/:id/days-off': () => ({
      url: `/api/v1/school-years/${yearId}/days-off`,
      body: { daysOff: [] },
      outcome: 'denied',
    }),
    'PUT /api/v1/school-years/:id/bells': () => ({
      url: `/api/v1/school-years/${yearId}/bells`,
      body: { shifts: [{ shift: 1, lessons: [{ number: 1, startsAt: '08:00', endsAt: '08:45' }] }] },
      outcome: 'denied',
    }),
    'POST /api/v1/school-years/:id/close': () => ({
      url: `/api/v1/school-years/${yearId}/close`,
      body: {},
      outcome: 'denied',
    }),
  },
  markers: () => [YEAR_NAME, DAY_OFF_NAME],
};
