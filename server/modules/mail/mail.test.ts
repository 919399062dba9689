import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, OutboxMailer, SmtpMailer } from '../../lib/mail.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { confirmEmailMail, recoveryMail } from './mail.templates.js';
import { startTestSmtp } from './test-smtp.js';

describe('mail templates', () => {
  it('speak the recipient language and escape what goes into HTML', () => {
    const v = { name: 'Әсел <b>', username: 'asel.t', link: 'https://dapter.example.kz/reset-password#t=a&b' };
    const kk = recoveryMail('kk', v);
    const ru = recoveryMail('ru', v);
    const en = recoveryMail('en', v);
    expect(new Set([kk.subject, ru.subject, en.subject]).size).toBe(3);
    for (const m of [kk, ru, en]) {
      expect(m.text).toContain(v.link);
      expect(m.html).toContain('Әсел &lt;b&gt;');
      expect(m.html).not.toContain('<b>');
      expect(m.html).toContain('#t=a&amp;b');
    }
    expect(confirmEmailMail('en', v).subject).not.toBe(en.subject);
  });
});

describe('mail transports', () => {
  it('delivers through a real SMTP server when SMTP_URL is set', async () => {
    const smtp = await startTestSmtp();
    try {
      const mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'Dapter <no-reply@dapter.test>' }, null as never);
      expect(mailer).toBeInstanceOf(SmtpMailer);
      await mailer.send({ to: 'parent@example.kz', subject: 'Сәлем', text: 'Мәтін' });
      const got = await smtp.waitFor((m) => m.to.includes('parent@example.kz'));
      expect(got.subject).toBe('Сәлем');
      expect(got.text.trim()).toBe('Мәтін');
      await mailer.close?.();
    } finally {
      await smtp.close();
    }
  });
});

describe('the demo outbox', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    t = await createTestApp({}, undefined, { mailer: (config, db) => createMailer(config, db) });
    a = await createTenant(t.deps.db, t.deps.hasher);
    b = await createTenant(t.deps.db, t.deps.hasher);
    expect(t.deps.mailer).toBeInstanceOf(OutboxMailer);
    await t.deps.mailer.send({
      to: 'teacher.a@example.kz',
      subject: 'to A',
      text: 'x',
      personId: a.people.teacher.personId,
    });
    await t.deps.mailer.send({
      to: 'teacher.b@example.kz',
      subject: 'to B',
      text: 'y',
      personId: b.people.teacher.personId,
    });
  });
  afterAll(() => t.close());

  const subjects = async (who: { username: string; password: string }) => {
    const c = await signIn(t.app, who.username, who.password);
    const res = await c.get('/api/v1/dev/outbox');
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Array<{ subject: string }> }).items.map((i) => i.subject);
  };

  it('shows people their own mail and administrators the mail of people they administer, nothing else', async () => {
    expect(await subjects(a.people.teacher)).toEqual(['to A']);
    expect(await subjects(a.people.schoolAdmin)).toEqual(['to A']);
    expect(await subjects(b.people.schoolAdmin)).toEqual(['to B']);
    expect(await subjects(a.people.student)).toEqual([]);
  });
});
