import type { CrossTenantModule } from '../../test/cross-tenant.types.js';
import { signIn } from '../../test/harness.js';
import { issueApiToken } from './tokens.service.js';

/**
 * API clients' share of the cross-tenant test: the victim region's administrator registers a client owned by
 * the victim school itself (so no other school even sees it: a school sees the clients registered on its own
 * path from the Ministry), the victim school enables it, and the victim parent holds a token of it. Attackers
 * aim every route at that client.
 */
const NAME = 'Жәбірленуші қолданбасы 8T';
const ids = { client: 0 };

export const apiClientsCrossTenant: CrossTenantModule = {
  async prepare({ t, victim, victimAdmin }) {
    const region = await signIn(t.app, victim.people.regionAdmin.username, victim.people.regionAdmin.password);
    const created = await region.post('/api/v1/api-clients', {
      name: NAME,
      ownerInstitutionId: victim.school.id,
      allowedOrigins: ['https://victim-8t.example'],
    });
    if (created.statusCode !== 201) throw new Error(`api-clients prepare: ${created.statusCode} ${created.body}`);
    ids.client = created.json().client.id;
    const enabled = await victimAdmin.put(`/api/v1/school/api-clients/${ids.client}`, { enabled: true });
    if (enabled.statusCode !== 200) throw new Error(`api-clients enable: ${enabled.statusCode} ${enabled.body}`);
    await issueApiToken(t.deps.db, {
      personId: victim.people.parent.personId,
      clientId: ids.client,
      now: t.clock.now(),
    });
  },
  fixtures: {
    'GET /api/v1/api-clients': () => ({ url: '/api/v1/api-clients', outcome: 'noLeak' }),
    'POST /api/v1/api-clients': (v) => ({
      url: '/api/v1/api-clients',
      body: { name: 'Attack app', ownerInstitutionId: v.district.id },
      outcome: 'denied',
    }),
    'PATCH /api/v1/api-clients/:id': () => ({
      url: `/api/v1/api-clients/${ids.client}`,
      body: { disabled: true, allowedOrigins: ['https://attacker.example'] },
      outcome: 'denied',
    }),
    'POST /api/v1/api-clients/:id/rotate-secret': () => ({
      url: `/api/v1/api-clients/${ids.client}/rotate-secret`,
      body: {},
      outcome: 'denied',
    }),
    'GET /api/v1/school/api-clients': () => ({ url: '/api/v1/school/api-clients', outcome: 'noLeak' }),
    'PUT /api/v1/school/api-clients/:id': () => ({
      url: `/api/v1/school/api-clients/${ids.client}`,
      body: { enabled: true },
      outcome: 'denied',
    }),
    'GET /api/v1/me/api-apps': () => ({ url: '/api/v1/me/api-apps', outcome: 'noLeak' }),
    'DELETE /api/v1/me/api-apps/:id': () => ({ url: `/api/v1/me/api-apps/${ids.client}`, outcome: 'denied' }),
  },
  markers: () => [NAME],
};
