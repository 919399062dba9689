import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * The statistics' share of the cross-tenant test. The routes read the actor's own subtree; the only thing a caller
 * can aim is `institutionId` (one node beneath their own). Aimed at the victim's district and school: staff of
 * another district or region find neither (404), and school staff, students and parents are refused (403).
 */
export const statisticsCrossTenant: CrossTenantModule = {
  fixtures: {
    'GET /api/v1/statistics/schools': (v) => ({
      url: `/api/v1/statistics/schools?kind=quarter&number=1&institutionId=${v.district.id}`,
      outcome: 'denied',
    }),
    'GET /api/v1/statistics/schools/export': (v) => ({
      url: `/api/v1/statistics/schools/export?number=1&institutionId=${v.school.id}`,
      outcome: 'denied',
    }),
  },
  // Without a node: every attacker's own subtree (or a refusal), never the victim's school.
  searches: () => ['/api/v1/statistics/schools?number=1'],
};
