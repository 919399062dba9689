import type { MySession } from '@common/schemas/sessions.js';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../lib/mail.js';
import { sha256 } from '../../lib/tokens.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createInstitution, createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let t: TestApp;
let tenant: Tenant;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

/** What the harness mailer kept (it is replaced by another implementation in some setups: read it via deps). */
const sentMail = () => (t.deps.mailer as unknown as { sent?: MailMessage[] }).sent ?? [];

type Method = 'GET' | 'POST' | 'DELETE';
interface Device {
  sessionId: number;
  cookie: string;
  call(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Signs in from a device (user agent, address) and returns a client for that session. */
async function signInOn(person: TestPerson, userAgent = CHROME_WINDOWS, ip = '192.0.2.10'): Promise<Device> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: person.username, password: person.password },
    headers: { 'user-agent': userAgent },
    remoteAddress: ip,
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } });
  const { csrfToken } = me.json() as { csrfToken: string };
  const call: Device['call'] = (method, url, body, headers = {}) =>
    t.app.inject({
      method,
      url,
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'x-csrf-token': csrfToken, 'accept-language': 'en', 'user-agent': userAgent, ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
  const session = await t.deps.db
    .selectFrom('sessions')
    .where('tokenHash', '=', sha256(cookie))
    .select('id')
    .executeTakeFirstOrThrow();
  return { sessionId: session.id, cookie, call };
}

const alive = async (d: Device) => (await d.call('GET', '/api/v1/me')).statusCode === 200;
const sessionsOf = async (d: Device) => (await d.call('GET', '/api/v1/me/sessions')).json().items as MySession[];
const newPerson = (profile: 'student' | 'school_employee' = 'student', institutionId = tenant.school.id) =>
  createPerson(t.deps.db, t.deps.hasher, { institutionId, profile });
const auditOf = (personId: number, action: string) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('subjectId', '=', personId)
    .where('action', '=', action)
    .select(['institutionId', 'actorPersonId', 'after'])
    .orderBy('id')
    .execute();

describe('my sessions', () => {
  it('lists the live sessions of two sign-ins with their devices in words, and marks this one', async () => {
    const p = await newPerson();
    const laptop = await signInOn(p, CHROME_WINDOWS, '192.0.2.10');
    t.clock.advance(60_000);
    const phone = await signInOn(p, SAFARI_IPHONE, '198.51.100.7');
    const list = await sessionsOf(phone);
    expect(list).toHaveLength(2);
    expect(list.map((s) => s.id)).toEqual([phone.sessionId, laptop.sessionId]);
    expect(list[0]).toMatchObject({
      browser: 'Safari 17',
      os: 'iOS 17',
      deviceKind: 'mobile',
      ip: '198.51.100.7',
      current: true,
    });
    expect(list[1]).toMatchObject({
      browser: 'Chrome 126',
      os: 'Windows',
      deviceKind: 'desktop',
      ip: '192.0.2.10',
      current: false,
    });
    expect(new Date(list[1]!.createdAt).getTime()).toBe(t.clock.now().getTime() - 60_000);
    // Nothing else of the session leaves the server: no token, no CSRF secret, no raw user agent.
    expect(Object.keys(list[0]!).sort()).toEqual(
      ['browser', 'createdAt', 'current', 'deviceKind', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'os'].sort(),
    );
    expect((await sessionsOf(laptop)).find((s) => s.current)?.id).toBe(laptop.sessionId);
  });

  it('leaves out sessions that ended, expired or went idle', async () => {
    const p = await newPerson();
    const old = await signInOn(p);
    t.clock.advance(t.deps.config.SESSION_IDLE_MINUTES * 60_000 + 1);
    const fresh = await signInOn(p);
    expect((await sessionsOf(fresh)).map((s) => s.id)).toEqual([fresh.sessionId]);
    expect(await alive(old)).toBe(false);
  });

  it('ends one session: it stops working at once, the other goes on, and it is audited', async () => {
    const p = await newPerson();
    const a = await signInOn(p);
    const b = await signInOn(p, SAFARI_IPHONE);
    const res = await a.call('DELETE', `/api/v1/me/sessions/${b.sessionId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    expect(await alive(b)).toBe(false);
    expect(await alive(a)).toBe(true);
    expect((await sessionsOf(a)).map((s) => s.id)).toEqual([a.sessionId]);
    expect(await auditOf(p.personId, 'session.ended')).toEqual([
      {
        institutionId: tenant.school.id,
        actorPersonId: p.personId,
        after: { sessions: [b.sessionId], reason: 'ended_by_owner' },
      },
    ]);
    // Ended is ended: a second try finds nothing.
    expect((await a.call('DELETE', `/api/v1/me/sessions/${b.sessionId}`)).statusCode).toBe(404);
  });

  it("answers 404 for someone else's session and leaves it alone", async () => {
    const me = await signInOn(await newPerson());
    const other = await signInOn(tenant.people.teacher);
    const res = await me.call('DELETE', `/api/v1/me/sessions/${other.sessionId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('notFound');
    expect(await alive(other)).toBe(true);
    expect((await me.call('DELETE', '/api/v1/me/sessions/999999999')).statusCode).toBe(404);
  });

  it('ending this very session signs me out and clears the cookie', async () => {
    const d = await signInOn(await newPerson());
    const res = await d.call('DELETE', `/api/v1/me/sessions/${d.sessionId}`);
    expect(res.statusCode).toBe(200);
    const cleared = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect(await alive(d)).toBe(false);
  });

  it('ends all the other sessions and keeps the current one', async () => {
    const p = await newPerson();
    const [a, b, c] = [await signInOn(p), await signInOn(p, SAFARI_IPHONE), await signInOn(p)];
    const res = await b.call('POST', '/api/v1/me/sessions/end-others', {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ended: 2 });
    expect([await alive(a), await alive(b), await alive(c)]).toEqual([false, true, false]);
    const [audit] = await auditOf(p.personId, 'session.ended');
    expect(audit?.after).toEqual({
      sessions: [a.sessionId, c.sessionId].sort((x, y) => x - y),
      reason: 'ended_by_owner',
    });
    // Nothing left to end: nothing to audit either.
    expect((await b.call('POST', '/api/v1/me/sessions/end-others', {})).json()).toEqual({ ended: 0 });
    expect(await auditOf(p.personId, 'session.ended')).toHaveLength(1);
  });
});

describe('my account is compromised', () => {
  it('ends every session, forces a new password, audits and mails the school administrator', async () => {
    const { db } = t.deps;
    const school = await createInstitution(db, tenant.district.id, 'school');
    const student = await newPerson('student', school.id);
    const admin = await createPerson(db, t.deps.hasher, {
      institutionId: school.id,
      profile: 'school_employee',
      isAdmin: true,
      surname: 'Adminova',
      firstName: 'Aigerim',
    });
    const adminNoMail = await createPerson(db, t.deps.hasher, {
      institutionId: school.id,
      profile: 'school_employee',
      isAdmin: true,
    });
    await db.updateTable('persons').set({ email: 'admin@school.example' }).where('id', '=', admin.personId).execute();
    await db.updateTable('persons').set({ email: 'student@home.example' }).where('id', '=', student.personId).execute();
    await db.updateTable('accounts').set({ locale: 'ru' }).where('personId', '=', admin.personId).execute();
    // The district administrator is further up: the school has administrators of its own.
    await db
      .updateTable('persons')
      .set({ email: 'district@edu.example' })
      .where('id', '=', tenant.people.districtAdmin.personId)
      .execute();
    const bystander = await signInOn(tenant.people.student);

    const a = await signInOn(student);
    const b = await signInOn(student, SAFARI_IPHONE);
    const before = sentMail().length;
    const res = await a.call('POST', '/api/v1/me/compromised', {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect([await alive(a), await alive(b)]).toEqual([false, false]);
    expect(await alive(bystander)).toBe(true);

    const again = await signInOn(student);
    const me = (await again.call('GET', '/api/v1/me')).json();
    expect(me.requiredActions).toContain('changePassword');
    expect((await again.call('GET', '/api/v1/me/sessions')).statusCode).toBe(403);

    const audit = await auditOf(student.personId, 'account.compromiseReported');
    expect(audit).toEqual([
      {
        institutionId: school.id,
        actorPersonId: student.personId,
        after: { mustChangePassword: true, sessionsEnded: [a.sessionId, b.sessionId].sort((x, y) => x - y) },
      },
    ]);

    const mail = sentMail().slice(before);
    expect(mail.map((m) => m.to)).toEqual(['admin@school.example']);
    const [message] = mail;
    expect(message?.subject).toBe('Dapter: пользователь сообщил о взломе учётной записи');
    expect(message?.text).toContain('Здравствуйте, Adminova Aigerim!');
    expect(message?.text).toContain(student.username);
    expect(message?.text).toContain(`/people/${student.personId}`);
    expect(adminNoMail.personId).toBeGreaterThan(0);
  });

  it("tells the nearest authority's administrators when the school has none", async () => {
    const { db } = t.deps;
    const district = await createInstitution(db, tenant.region.id, 'district');
    const school = await createInstitution(db, district.id, 'school');
    const districtAdmin = await createPerson(db, t.deps.hasher, {
      institutionId: district.id,
      profile: 'district_employee',
      isAdmin: true,
    });
    await db.updateTable('persons').set({ email: 'da@edu.example' }).where('id', '=', districtAdmin.personId).execute();
    const teacher = await newPerson('school_employee', school.id);
    const before = sentMail().length;
    const d = await signInOn(teacher);
    expect((await d.call('POST', '/api/v1/me/compromised', {})).statusCode).toBe(200);
    const mail = sentMail().slice(before);
    expect(mail.map((m) => m.to)).toEqual(['da@edu.example']);
    // Kazakh is the default language of an account.
    expect(mail[0]?.subject).toBe('Dapter: пайдаланушы тіркелгісі бұзылғанын хабарлады');
  });

  it('works while a required step is pending, and does not notify an administrator about themself', async () => {
    const { db } = t.deps;
    const school = await createInstitution(db, tenant.district.id, 'school');
    const admin = await createPerson(db, t.deps.hasher, {
      institutionId: school.id,
      profile: 'school_employee',
      isAdmin: true,
    });
    await db.updateTable('persons').set({ email: 'self@school.example' }).where('id', '=', admin.personId).execute();
    await db.updateTable('accounts').set({ mustChangePassword: true }).where('personId', '=', admin.personId).execute();
    const before = sentMail().length;
    const d = await signInOn(admin);
    expect((await d.call('GET', '/api/v1/me/sessions')).statusCode).toBe(403);
    expect((await d.call('POST', '/api/v1/me/compromised', {})).statusCode).toBe(200);
    expect(await alive(d)).toBe(false);
    expect(
      sentMail()
        .slice(before)
        .map((m) => m.to),
    ).not.toContain('self@school.example');
  });

  it('refuses broken JSON without ending anything', async () => {
    const d = await signInOn(await newPerson());
    const res = await d.call('POST', '/api/v1/me/compromised', '{"broken', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(typeof res.json().message).toBe('string');
    expect(await alive(d)).toBe(true);
  });
});

describe('an administrator ends all sessions of a person', () => {
  it('ends them for a person of their school, audited there', async () => {
    const p = await newPerson();
    const [a, b] = [await signInOn(p), await signInOn(p, SAFARI_IPHONE)];
    const admin = await signInOn(tenant.people.schoolAdmin);
    const res = await admin.call('POST', `/api/v1/persons/${p.personId}/sessions/end`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ended: 2 });
    expect([await alive(a), await alive(b), await alive(admin)]).toEqual([false, false, true]);
    expect(await auditOf(p.personId, 'session.ended')).toEqual([
      {
        institutionId: tenant.school.id,
        actorPersonId: tenant.people.schoolAdmin.personId,
        after: { sessions: [a.sessionId, b.sessionId].sort((x, y) => x - y), reason: 'ended_by_admin' },
      },
    ]);
  });

  it('also works for an authority administrator above the school', async () => {
    const p = await newPerson();
    const d = await signInOn(p);
    const districtAdmin = await signInOn(tenant.people.districtAdmin);
    expect((await districtAdmin.call('POST', `/api/v1/persons/${p.personId}/sessions/end`, {})).json()).toEqual({
      ended: 1,
    });
    expect(await alive(d)).toBe(false);
  });

  it('is refused to staff who are not administrators (403), and for a person out of scope (404)', async () => {
    const p = await newPerson();
    const d = await signInOn(p);
    const teacher = await signInOn(tenant.people.teacher);
    const refused = await teacher.call('POST', `/api/v1/persons/${p.personId}/sessions/end`, {});
    expect(refused.statusCode).toBe(403);
    const elsewhere = await createTenant(t.deps.db, t.deps.hasher);
    const foreignAdmin = await signInOn(elsewhere.people.schoolAdmin);
    const foreign = await foreignAdmin.call('POST', `/api/v1/persons/${p.personId}/sessions/end`, {});
    expect(foreign.statusCode).toBe(404);
    const parent = await signInOn(tenant.people.parent);
    expect((await parent.call('POST', `/api/v1/persons/${p.personId}/sessions/end`, {})).statusCode).toBe(404);
    expect(await alive(d)).toBe(true);
  });

  it('is refused for a former member, whom the school no longer manages', async () => {
    const p = await newPerson();
    await t.deps.db
      .updateTable('memberships')
      .set({ endsOn: '2020-01-01', startsOn: '2019-09-01', endReason: 'end_of_study' })
      .where('id', '=', p.membershipId)
      .execute();
    const admin = await signInOn(tenant.people.schoolAdmin);
    expect((await admin.call('POST', `/api/v1/persons/${p.personId}/sessions/end`, {})).statusCode).toBe(403);
  });

  it('rejects malformed ids with a localised 400', async () => {
    const admin = await signInOn(tenant.people.schoolAdmin);
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const a = await admin.call('POST', `/api/v1/persons/${bad}/sessions/end`, {});
      const b = await admin.call('DELETE', `/api/v1/me/sessions/${bad}`);
      for (const res of [a, b]) {
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('validation.failed');
      }
    }
  });
});
