import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createMailer, settleMail } from '../../lib/mail.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { linkIn, type ReceivedMail, startTestSmtp, type TestSmtp } from '../mail/test-smtp.js';

/**
 * E-mail confirmation and password recovery through a real SMTP server: nodemailer (SMTP_URL) talks to an
 * smtp-server on a loopback port; the tests read the delivered messages, follow their links and complete.
 */
let smtp: TestSmtp;
let t: TestApp;
let tenant: Tenant;
const PUBLIC_URL = 'http://dapter.test';
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL }, undefined, { mailer: createMailer });
  tenant = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

let seq = 0;
const newAddress = () => `person${++seq}.${Date.now()}@example.kz`;
const newPerson = (institutionId = tenant.school.id) =>
  createPerson(t.deps.db, t.deps.hasher, { institutionId, profile: 'student' });
const anon = (method: 'POST', url: string, payload: object, lang = 'en') =>
  t.app.inject({ method, url, payload, headers: { 'accept-language': lang } });
const mailTo = (address: string, path = '/confirm-email#') =>
  smtp.waitFor((m) => m.to.includes(address) && m.text.includes(path));
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

/** Confirms an address for a person through the real flow; returns their signed-in client. */
async function withConfirmedEmail(p: TestPerson, address = newAddress()): Promise<{ c: Client; address: string }> {
  const c = await signIn(t.app, p.username, p.password);
  expect((await c.post('/api/v1/me/email', { email: address, currentPassword: p.password })).statusCode).toBe(200);
  const mail = await mailTo(address);
  const { token } = linkIn(mail, '/confirm-email');
  expect((await anon('POST', '/api/v1/auth/confirm-email', { token })).statusCode).toBe(200);
  return { c, address };
}

async function recoveryLink(address: string, before: number): Promise<{ token: string; mail: ReceivedMail }> {
  const mail = await smtp.waitFor(
    (m) => m.to.includes(address) && m.text.includes('/reset-password#') && mailsTo(address).indexOf(m) >= before,
  );
  return { token: linkIn(mail, '/reset-password').token, mail };
}

describe('e-mail confirmation', () => {
  it('sends a link in the account language, and the address counts only once the link is opened (once)', async () => {
    const p = await newPerson();
    const c = await signIn(t.app, p.username, p.password);
    await c.patch('/api/v1/me/preferences', { locale: 'ru' });
    const address = newAddress();

    const wrong = await c.post('/api/v1/me/email', { email: address, currentPassword: 'guess' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('password.currentWrong');

    const sent = await c.post('/api/v1/me/email', { email: address, currentPassword: p.password });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ email: null, confirmed: false, pendingEmail: address });

    const mail = await mailTo(address);
    expect(mail.subject).toBe('Dapter: подтвердите адрес эл. почты');
    expect(mail.text).toContain(`${PUBLIC_URL}/confirm-email#token=`);
    expect(mail.text).toContain(p.username);
    expect(mail.html).toContain('<a href="http://dapter.test/confirm-email#token=');
    const { token } = linkIn(mail, '/confirm-email');
    // Only a hash of the token is stored.
    const stored = await t.deps.db.selectFrom('accountTokens').where('personId', '=', p.personId).selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toBe(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await anon('POST', '/api/v1/auth/confirm-email', { token })).json()).toEqual({ ok: true });
    expect((await c.get('/api/v1/me/email')).json()).toEqual({ email: address, confirmed: true, pendingEmail: null });
    const again = await anon('POST', '/api/v1/auth/confirm-email', { token }, 'ru');
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({
      code: 'mail.invalidToken',
      message: 'Ссылка для подтверждения недействительна, уже использована или устарела.',
    });
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', p.personId)
      .where('action', '=', 'account.emailConfirmed')
      .select(['institutionId', 'after'])
      .execute();
    expect(audit).toEqual([{ institutionId: tenant.school.id, after: { email: address } }]);
  });

  it('expires after 24 hours', async () => {
    const p = await newPerson();
    const c = await signIn(t.app, p.username, p.password);
    const address = newAddress();
    await c.post('/api/v1/me/email', { email: address, currentPassword: p.password });
    const { token } = linkIn(await mailTo(address), '/confirm-email');
    t.clock.advance(24 * 3_600_000 + 1000);
    try {
      expect((await anon('POST', '/api/v1/auth/confirm-email', { token })).statusCode).toBe(400);
    } finally {
      t.clock.advance(-(24 * 3_600_000 + 1000));
    }
  });

  it('answers 503 when the mail server refuses, and nothing is confirmed', async () => {
    const down = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:1' }, undefined, { mailer: createMailer });
    try {
      const p = await createPerson(down.deps.db, down.deps.hasher, {
        institutionId: (await createTenant(down.deps.db, down.deps.hasher)).school.id,
        profile: 'parent',
      });
      const c = await signIn(down.app, p.username, p.password);
      const res = await c.post('/api/v1/me/email', { email: 'x@example.kz', currentPassword: p.password });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('mail.sendFailed');
      expect((await c.get('/api/v1/me/email')).json().confirmed).toBe(false);
    } finally {
      await down.close();
    }
  });
});

describe('password recovery', () => {
  it('mails a single-use link that sets a new password and ends every session', async () => {
    const p = await newPerson();
    const { c, address } = await withConfirmedEmail(p);
    const before = mailsTo(address).length;

    const res = await anon('POST', '/api/v1/auth/recovery', { login: p.username.toUpperCase() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const { token, mail } = await recoveryLink(address, before);
    expect(mail.subject).toBe('Dapter: құпиясөзді қалпына келтіру'); // the account language (Kazakh by default)
    expect(mail.text).toContain(`${PUBLIC_URL}/reset-password#token=${token}`);
    expect(mail.html).toContain('href="http://dapter.test/reset-password#token=');

    // A refused password does not burn the link.
    const weak = await anon('POST', '/api/v1/auth/recovery/complete', { token, newPassword: 'password1' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('password.common');
    const reused = await anon('POST', '/api/v1/auth/recovery/complete', { token, newPassword: p.password });
    expect(reused.json().code).toBe('password.reused');

    const done = await anon('POST', '/api/v1/auth/recovery/complete', { token, newPassword: 'lilac harbour compass' });
    expect(done.statusCode).toBe(200);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401); // the session from before is over
    await expect(signIn(t.app, p.username, p.password)).rejects.toThrow(/401/);
    await signIn(t.app, p.username, 'lilac harbour compass');

    const second = await anon('POST', '/api/v1/auth/recovery/complete', { token, newPassword: 'another fine phrase' });
    expect(second.statusCode).toBe(400);
    expect(second.json()).toEqual({
      code: 'recovery.invalidToken',
      message: 'This recovery link is invalid, already used or expired. Request a new one.',
    });
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', p.personId)
      .where('action', 'in', ['account.recoveryRequested', 'account.passwordRecovered'])
      .select(['action', 'institutionId', 'actorPersonId'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'account.recoveryRequested', institutionId: tenant.school.id, actorPersonId: null },
      { action: 'account.passwordRecovered', institutionId: tenant.school.id, actorPersonId: p.personId },
    ]);
  });

  it('finds the account by its confirmed e-mail address too', async () => {
    const p = await newPerson();
    const { address } = await withConfirmedEmail(p);
    const before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: `  ${address.toUpperCase()} ` });
    const { mail } = await recoveryLink(address, before);
    expect(mail.text).toContain(p.username);
  });

  it('expires after one hour', async () => {
    const p = await newPerson();
    const { address } = await withConfirmedEmail(p);
    let before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    const late = await recoveryLink(address, before);
    t.clock.advance(60 * 60_000 + 1000);
    try {
      const res = await anon('POST', '/api/v1/auth/recovery/complete', {
        token: late.token,
        newPassword: 'lilac harbour compass',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('recovery.invalidToken');
    } finally {
      t.clock.advance(-(60 * 60_000 + 1000));
    }
    before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    const inTime = await recoveryLink(address, before);
    t.clock.advance(59 * 60_000);
    try {
      const res = await anon('POST', '/api/v1/auth/recovery/complete', {
        token: inTime.token,
        newPassword: 'lilac harbour compass',
      });
      expect(res.statusCode).toBe(200);
    } finally {
      t.clock.advance(-59 * 60_000);
    }
  });

  it('voids the previous link when a new one is sent, and sends at most 3 an hour', async () => {
    const p = await newPerson();
    const { address } = await withConfirmedEmail(p);
    const before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    const first = await recoveryLink(address, before);
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    const second = await recoveryLink(address, before + 1);
    expect(second.token).not.toBe(first.token);
    const old = await anon('POST', '/api/v1/auth/recovery/complete', {
      token: first.token,
      newPassword: 'quiet orchard path',
    });
    expect(old.statusCode).toBe(400);
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    await settleMail(t.deps.mailer);
    expect(mailsTo(address).length - before).toBe(3);
  });

  it('answers an unknown user, an account without a confirmed address and a real one alike (no enumeration)', async () => {
    const withMail = await newPerson();
    const { address } = await withConfirmedEmail(withMail);
    const without = await newPerson();
    const bodies = [];
    for (const login of [withMail.username, without.username, 'no.such.user', 'nobody@example.kz']) {
      const res = await anon('POST', '/api/v1/auth/recovery', { login }, 'ru');
      bodies.push({ status: res.statusCode, body: res.body, type: res.headers['content-type'] });
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    await settleMail(t.deps.mailer);
    // The answer does not wait for the lookup (so its timing cannot tell either): right after it, nothing exists yet.
    const quick = await anon('POST', '/api/v1/auth/recovery', { login: withMail.username });
    expect(quick.json()).toEqual({ ok: true });
    const tokensOf = () =>
      t.deps.db.selectFrom('accountTokens').where('personId', '=', withMail.personId).where('purpose', '=', 'recovery');
    expect(await tokensOf().select('id').execute()).toHaveLength(1);
    await settleMail(t.deps.mailer);
    expect(await tokensOf().select('id').execute()).toHaveLength(2);
    expect(mailsTo(address).filter((m) => m.text.includes('/reset-password#'))).toHaveLength(2);
    const tokens = await t.deps.db
      .selectFrom('accountTokens')
      .where('personId', '=', without.personId)
      .selectAll()
      .execute();
    expect(tokens).toEqual([]);
  });

  it('rejects malformed tokens before any lookup', async () => {
    const res = await anon('POST', '/api/v1/auth/recovery/complete', { token: 'short', newPassword: 'whatever x y' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation.failed');
    const unknown = await anon('POST', '/api/v1/auth/recovery/complete', {
      token: 'A'.repeat(43),
      newPassword: 'whatever x y',
    });
    expect(unknown.json().code).toBe('recovery.invalidToken');
  });
});

describe('the per-institution switch (agreement 4.18)', () => {
  it('lets the school administrator switch recovery off: then no mail goes out and open links stop working', async () => {
    const school = await createTenant(t.deps.db, t.deps.hasher);
    const p = await createPerson(t.deps.db, t.deps.hasher, { institutionId: school.school.id, profile: 'student' });
    const { address } = await withConfirmedEmail(p);
    const admin = await signIn(t.app, school.people.schoolAdmin.username, school.people.schoolAdmin.password);
    const url = `/api/v1/institutions/${school.school.id}/recovery-setting`;
    expect((await admin.get(url)).json()).toEqual({
      institutionId: school.school.id,
      selfServiceRecovery: true,
      effective: true,
      canChange: true,
    });

    let before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    const open = await recoveryLink(address, before);

    const off = await admin.put(url, { selfServiceRecovery: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ selfServiceRecovery: false, effective: false });
    before = mailsTo(address).length;
    const res = await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    expect(res.json()).toEqual({ ok: true }); // the same answer
    await settleMail(t.deps.mailer);
    expect(mailsTo(address).length).toBe(before);
    const late = await anon('POST', '/api/v1/auth/recovery/complete', {
      token: open.token,
      newPassword: 'lilac harbour compass',
    });
    expect(late.statusCode).toBe(400);

    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', school.school.id)
      .where('action', '=', 'institution.recoverySettingChanged')
      .select(['before', 'after'])
      .execute();
    expect(audit).toEqual([{ before: { selfServiceRecovery: true }, after: { selfServiceRecovery: false } }]);

    await admin.put(url, { selfServiceRecovery: true });
    before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    await recoveryLink(address, before);
  });

  it('applies a district switch to every school beneath it; staff may read it, only administrators change it', async () => {
    const tn = await createTenant(t.deps.db, t.deps.hasher);
    const p = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tn.school.id, profile: 'student' });
    const { address } = await withConfirmedEmail(p);
    const district = await signIn(t.app, tn.people.districtAdmin.username, tn.people.districtAdmin.password);
    expect(
      (await district.put(`/api/v1/institutions/${tn.district.id}/recovery-setting`, { selfServiceRecovery: false }))
        .statusCode,
    ).toBe(200);
    const teacher = await signIn(t.app, tn.people.teacher.username, tn.people.teacher.password);
    const schoolUrl = `/api/v1/institutions/${tn.school.id}/recovery-setting`;
    expect((await teacher.get(schoolUrl)).json()).toEqual({
      institutionId: tn.school.id,
      selfServiceRecovery: true,
      effective: false,
      canChange: false,
    });
    expect((await teacher.put(schoolUrl, { selfServiceRecovery: false })).statusCode).toBe(403);

    const before = mailsTo(address).length;
    await anon('POST', '/api/v1/auth/recovery', { login: p.username });
    await settleMail(t.deps.mailer);
    expect(mailsTo(address).length).toBe(before);

    // An administrator elsewhere does not even learn that the school exists.
    const foreign = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[3]!);
    const stranger = await signIn(t.app, foreign.people.regionAdmin.username, foreign.people.regionAdmin.password);
    expect((await stranger.get(schoolUrl)).statusCode).toBe(404);
    expect((await stranger.put(schoolUrl, { selfServiceRecovery: true })).statusCode).toBe(404);
  });
});

describe('the demo outbox (no SMTP server)', () => {
  it('keeps mail in the database and shows it to the recipient and their administrators only', async () => {
    const o = await createTestApp({}, undefined, { mailer: createMailer });
    try {
      const tn = await createTenant(o.deps.db, o.deps.hasher);
      const other = await createTenant(o.deps.db, o.deps.hasher, REGION_IDS[7]!);
      const { student, schoolAdmin, teacher } = tn.people;
      const c = await signIn(o.app, student.username, student.password);
      expect(
        (await c.post('/api/v1/me/email', { email: 'student@example.kz', currentPassword: student.password }))
          .statusCode,
      ).toBe(200);
      const seen = async (p: TestPerson) => {
        const client = await signIn(o.app, p.username, p.password);
        const res = await client.get('/api/v1/dev/outbox');
        expect(res.statusCode).toBe(200);
        return res.json().items as Array<{ to: string; subject: string; text: string }>;
      };
      const own = await seen(student);
      expect(own).toHaveLength(1);
      expect(own[0]).toMatchObject({
        to: 'student@example.kz',
        subject: 'Dapter: электрондық пошта мекенжайын растаңыз',
      });
      expect(own[0]!.text).toContain('/confirm-email#token=');
      expect(await seen(schoolAdmin)).toHaveLength(1);
      expect(await seen(tn.people.districtAdmin)).toHaveLength(1);
      expect(await seen(teacher)).toEqual([]);
      expect(await seen(other.people.schoolAdmin)).toEqual([]);
      expect(await seen(other.people.regionAdmin)).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('does not exist in production', async () => {
    const prod = await createTestApp({ NODE_ENV: 'production' });
    try {
      const tn = await createTenant(prod.deps.db, prod.deps.hasher);
      const c = await signIn(prod.app, tn.people.schoolAdmin.username, tn.people.schoolAdmin.password);
      expect((await c.get('/api/v1/dev/outbox')).statusCode).toBe(404);
      const policy = await prod.app.inject({ method: 'GET', url: '/api/v1/password-policy' });
      expect(policy.json().mailOutbox).toBe(false);
    } finally {
      await prod.close();
    }
  });
});
