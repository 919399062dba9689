import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * Notifications' and contacts' share of the cross-tenant test. The victim school's parent has a notification about
 * their child and an e-mail contact; every attacker aims at those ids (404), the self routes (list, count, read-all,
 * settings, contacts) act on the attacker's own rows only, and the public routes refuse tokens that are not the
 * victim's real ones (a forged unsubscribe signature, an unknown confirmation token). The victim's push subscription
 * (its endpoint is a marker) is never listed, and removing it by its endpoint removes only the caller's own rows.
 */
const ids = { notification: 1, contact: 1, parent: 1 };
const VICTIM_ENDPOINT = 'https://push.example.test/victim-device-0123456789';
/** Only the victim district's newsletter carries it: another authority's sent list must never show it. */
const VICTIM_NEWSLETTER = 'Victim district newsletter 7f3a';
const KEYS = { p256dh: `B${'A'.repeat(86)}`, auth: 'AAAAAAAAAAAAAAAAAAAAAA' };

export const notificationsCrossTenant: CrossTenantModule = {
  async prepare({ t, victim }) {
    const parent = victim.people.parent.personId;
    ids.parent = parent;
    const n = await t.deps.db
      .insertInto('notifications')
      .values({
        schoolId: victim.school.id,
        recipientPersonId: parent,
        studentPersonId: victim.people.student.personId,
        kind: 'mark',
        coalesceKey: `mark:0:${victim.people.student.personId}`,
        payload: JSON.stringify({ count: 2, dates: ['2035-09-03'] }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.notification = n.id;
    const c = await t.deps.db
      .insertInto('contacts')
      .values({ personId: parent, kind: 'email', value: 'victim.parent@example.kz', confirmedAt: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.contact = c.id;
    await t.deps.db
      .insertInto('newsletters')
      .values({
        institutionId: victim.district.id,
        subject: VICTIM_NEWSLETTER,
        body: VICTIM_NEWSLETTER,
        sentBy: victim.people.districtAdmin.personId,
        sentAt: new Date(),
        recipients: 1,
      })
      .execute();
    await t.deps.db
      .insertInto('pushSubscriptions')
      .values({ personId: parent, endpoint: VICTIM_ENDPOINT, ...KEYS, userAgent: null })
      .execute();
  },
  fixtures: {
    'GET /api/v1/notifications': () => ({ url: '/api/v1/notifications', outcome: 'noLeak' }),
    'GET /api/v1/notifications/unread-count': () => ({ url: '/api/v1/notifications/unread-count', outcome: 'noLeak' }),
    'PUT /api/v1/notifications/:id/read': () => ({
      url: `/api/v1/notifications/${ids.notification}/read`,
      body: {},
      outcome: 'denied',
    }),
    'PUT /api/v1/notifications/read-all': () => ({
      url: '/api/v1/notifications/read-all',
      body: {},
      outcome: 'noLeak',
    }),
    'GET /api/v1/me/notification-settings': () => ({ url: '/api/v1/me/notification-settings', outcome: 'noLeak' }),
    'PUT /api/v1/me/notification-settings': () => ({
      url: '/api/v1/me/notification-settings',
      body: { quietHours: null },
      outcome: 'noLeak',
    }),
    'GET /api/v1/notifications/unsubscribe': () => ({
      url: `/api/v1/notifications/unsubscribe?token=${ids.parent}.mark.${'A'.repeat(32)}`,
      outcome: 'denied',
    }),
    'POST /api/v1/notifications/unsubscribe': () => ({
      url: `/api/v1/notifications/unsubscribe?token=${ids.parent}.mark.${'A'.repeat(32)}`,
      outcome: 'denied',
    }),
    'GET /api/v1/me/contacts': () => ({ url: '/api/v1/me/contacts', outcome: 'noLeak' }),
    'POST /api/v1/me/contacts': () => ({
      url: '/api/v1/me/contacts',
      body: { kind: 'phone', value: '+7 700 000 00 00' },
      outcome: 'noLeak',
    }),
    'DELETE /api/v1/me/contacts/:id': () => ({ url: `/api/v1/me/contacts/${ids.contact}`, outcome: 'denied' }),
    'POST /api/v1/contacts/confirm': () => ({
      url: '/api/v1/contacts/confirm',
      body: { token: 'A'.repeat(43) },
      outcome: 'denied',
    }),
    'GET /api/v1/notifications/stream': () => ({ url: '/api/v1/notifications/stream', outcome: 'noLeak' }),
    'GET /api/v1/push/public-key': () => ({ url: '/api/v1/push/public-key', outcome: 'noLeak' }),
    'POST /api/v1/me/push-subscriptions': (_v, attacker) => ({
      url: '/api/v1/me/push-subscriptions',
      body: { endpoint: `https://push.example.test/attacker-${attacker.personId}`, keys: KEYS },
      outcome: 'noLeak',
    }),
    'DELETE /api/v1/me/push-subscriptions': () => ({
      url: `/api/v1/me/push-subscriptions?endpoint=${encodeURIComponent(VICTIM_ENDPOINT)}`,
      outcome: 'noLeak',
    }),
    // Authority administrators list and send from their own institution only (school staff: 403).
    'GET /api/v1/newsletters': () => ({ url: '/api/v1/newsletters', outcome: 'noLeak' }),
    'POST /api/v1/newsletters': () => ({
      url: '/api/v1/newsletters',
      body: { subject: 'attack', body: 'attack' },
      outcome: 'noLeak',
    }),
  },
  searches: () => [
    '/api/v1/notifications',
    '/api/v1/me/contacts',
    '/api/v1/me/notification-settings',
    '/api/v1/newsletters',
  ],
  markers: () => ['victim.parent@example.kz', VICTIM_ENDPOINT, VICTIM_NEWSLETTER],
};
