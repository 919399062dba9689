import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createMailer } from '../../lib/mail.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { startTestSmtp, type TestSmtp } from '../mail/test-smtp.js';
import { runDue } from './deliver.js';

/**
 * The system newsletter end to end on the real app and a real SMTP server: a regional administrator sends it, one
 * set-based insert queues one e-mail job per recipient, the delivery job (run directly) sends them. Region A holds
 * a parent with a confirmed e-mail (receives it), a teacher whose e-mail is not confirmed and a district employee
 * who turned the newsletter off (neither receives anything); region B's parent (confirmed) is outside the scope.
 */
let smtp: TestSmtp;
let t: TestApp;
let a: Tenant;
let b: Tenant;
let regionAdmin: Client;
const PARENT = 'nl.parent@example.kz';
const TEACHER = 'nl.teacher.unconfirmed@example.kz';
const OPTED_OUT = 'nl.district.off@example.kz';
const OTHER_REGION = 'nl.other.region@example.kz';

const db = () => t.deps.db;
/** Mails other than the contact confirmations. */
const newslettersTo = (address: string) =>
  smtp.received.filter((m) => m.to.includes(address) && !m.text.includes('/contacts/confirm#token='));

async function addEmail(c: Client, address: string, confirm: boolean) {
  const add = await c.post('/api/v1/me/contacts', { kind: 'email', value: address });
  expect(add.statusCode, add.body).toBe(201);
  if (!confirm) return;
  const mail = await smtp.waitFor((m) => m.to.includes(address) && m.text.includes('/contacts/confirm#token='));
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/contacts/confirm', payload: { token } });
  expect(res.statusCode, res.body).toBe(200);
}

const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const newsletterEmail = async (c: Client) =>
  (
    (await c.get('/api/v1/me/notification-settings')).json() as { kinds: Array<{ kind: string; email: boolean }> }
  ).kinds.find((k) => k.kind === 'newsletter')!.email;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp(
    { NOTIFY_DEBOUNCE_SECONDS: '0', SMTP_URL: smtp.url, PUBLIC_URL: 'http://dapter.test' },
    undefined,
    { mailer: (config, database) => createMailer(config, database) },
  );
  a = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[3]!);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[4]!);
  await addEmail(await as(a.people.parent), PARENT, true);
  await addEmail(await as(a.people.teacher), TEACHER, false);
  const optedOut = await as(a.people.districtStaff);
  await addEmail(optedOut, OPTED_OUT, true);
  const off = await optedOut.put('/api/v1/me/notification-settings', {
    kinds: [{ kind: 'newsletter', inApp: false, email: false, digest: false }],
  });
  expect(off.statusCode, off.body).toBe(200);
  await addEmail(await as(b.people.parent), OTHER_REGION, true);
  regionAdmin = await as(a.people.regionAdmin);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('the system newsletter', () => {
  let unsubscribePath = '';

  it('reaches only the confirmed, subscribed people of the sender region, with the one-click unsubscribe', async () => {
    const me = (await regionAdmin.get('/api/v1/me')).json() as { capabilities: { sendNewsletters: boolean } };
    expect(me.capabilities.sendNewsletters).toBe(true);
    const res = await regionAdmin.post('/api/v1/newsletters', {
      subject: 'Жаңа оқу жылы',
      body: 'Құрметті ата-аналар!\nКүнделік енді телефонда жұмыс істейді.',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ institutionId: a.region.id, subject: 'Жаңа оқу жылы', recipients: 1 });

    // One job per recipient, queued in the same statement; the opted-out and unconfirmed people are not queued.
    const jobs = await db().selectFrom('notificationJobs').select(['kind', 'personIds']).execute();
    expect(jobs).toEqual([{ kind: 'email', personIds: [a.people.parent.personId] }]);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('action', '=', 'newsletter.send')
      .select(['institutionId', 'actorPersonId', 'after'])
      .execute();
    expect(audit).toEqual([
      {
        institutionId: a.region.id,
        actorPersonId: a.people.regionAdmin.personId,
        after: { institutionId: a.region.id, recipients: 1 },
      },
    ]);

    const counts = await runDue(t.deps);
    expect(counts.mails).toBe(1);
    const mails = newslettersTo(PARENT);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe('Жаңа оқу жылы');
    expect(mail.text).toContain('Құрметті ата-аналар!\nКүнделік енді телефонда жұмыс істейді.');
    const head = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
    expect(head).toMatch(/^List-Unsubscribe: <http:\/\/dapter\.test\/api\/v1\/notifications\/unsubscribe\?token=/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const url = /<(http:\/\/dapter\.test\/api\/v1\/notifications\/unsubscribe\?token=[^>]+)>/.exec(head)![1]!;
    expect(url).toContain('.newsletter.');
    expect(mail.text).toContain(url);
    unsubscribePath = url.replace('http://dapter.test', '');

    expect(newslettersTo(TEACHER)).toEqual([]);
    expect(newslettersTo(OPTED_OUT)).toEqual([]);
    expect(newslettersTo(OTHER_REGION)).toEqual([]);
    expect(await db().selectFrom('notificationJobs').select('id').execute()).toEqual([]);
  });

  it("lists what the institution sent; another region's administrator sees none of it", async () => {
    const mine = await regionAdmin.get('/api/v1/newsletters');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toMatchObject([{ subject: 'Жаңа оқу жылы', recipients: 1, institutionId: a.region.id }]);
    const other = await (await as(b.people.regionAdmin)).get('/api/v1/newsletters');
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ items: [] });
  });

  it('refuses school administrators, staff without administration, parents, and bad input', async () => {
    for (const p of [a.people.schoolAdmin, a.people.regionStaff, a.people.parent]) {
      const c = await as(p);
      expect((await c.post('/api/v1/newsletters', { subject: 'x', body: 'y' })).statusCode).toBe(403);
      expect((await c.get('/api/v1/newsletters')).statusCode).toBe(403);
      expect((await c.get('/api/v1/me')).json().capabilities.sendNewsletters).toBe(false);
    }
    for (const body of [
      { subject: 'two\nlines', body: 'x' },
      { subject: ' ', body: 'x' },
      { subject: 'x', body: 'y'.repeat(5001) },
      { subject: 'x'.repeat(151), body: 'y' },
      { subject: 'x', body: 'bell\u0007' },
    ]) {
      const res = await regionAdmin.post('/api/v1/newsletters', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation.failed');
    }
    expect(await db().selectFrom('newsletters').select('id').execute()).toHaveLength(1);
  });

  it('the one-click unsubscribe turns the newsletter off, and the next one does not reach the parent', async () => {
    const parent = await as(a.people.parent);
    expect(await newsletterEmail(parent)).toBe(true);
    const post = await t.app.inject({
      method: 'POST',
      url: unsubscribePath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode, post.body).toBe(200);
    expect(await newsletterEmail(parent)).toBe(false);

    const res = await regionAdmin.post('/api/v1/newsletters', { subject: 'Second', body: 'Nobody left' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recipients).toBe(0);
    await runDue(t.deps);
    expect(newslettersTo(PARENT)).toHaveLength(1);
  });
});
