import { DEMO_API_CLIENT } from '../../modules/api-clients/api-clients.demo.js';

/** Everyone in the demo shares one password, so the printed logins are easy to try. */
export const DEMO_PASSWORD = 'dapter-demo-2026';

/** The logins printed at start; the browser and API tests sign in as these. */
export const DEMO_USERS = {
  ministryAdmin: { username: 'ministry.admin' },
  regionAdmin: { username: 'astana.admin' },
  districtAdmin: { username: 'esil.admin' },
  schoolAdmin: { username: 'school1.admin' },
  teacher: { username: 'teacher.demo' },
  student: { username: 'student.demo' },
  parent: { username: 'parent.demo' },
} as const;

/**
 * Issue 7: the demo parent's second child, at another school (School-Gymnasium No. 7, same district) with its own
 * year, classes, timetable and a quarter of marks — a parent switches between children in different schools.
 */
export const DEMO_SECOND_CHILD = { username: 'student11.demo', teacher: 'teacher7.demo' } as const;

/** The start-up banner's demo section: the logins and the demo API client's credentials. */
export function demoLoginLines(): string[] {
  return [
    `  Demo logins (password for all: ${DEMO_PASSWORD}):`,
    ...Object.entries(DEMO_USERS).map(([role, { username }]) => `    ${role.padEnd(14)} ${username}`),
    `  Demo API client (POST /v2/authorizations/bycredentials): client_id ${DEMO_API_CLIENT.clientId}, ` +
      `client_secret ${DEMO_API_CLIENT.clientSecret}`,
  ];
}
