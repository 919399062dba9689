import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, signIn, type TestApp } from '../../test/harness.js';
import type { JournalFixture } from '../journal/journal.fixtures.js';
import type { TestSmtp } from '../mail/test-smtp.js';
import { runDue } from '../notifications/deliver.js';
import { notificationsWorld } from '../notifications/notifications.fixtures.js';

/**
 * A person's own contacts (e-mail, phone) on the real app and a real SMTP server: an unconfirmed address gets only
 * its confirmation link (throttled), never a notification's e-mail; phones are stored; removal is the owner's only.
 * The set-up is the notifications test's (notifications.fixtures.ts): a mark must reach the app but not the address.
 */
let w: Awaited<ReturnType<typeof notificationsWorld>>;
let smtp: TestSmtp;
let t: TestApp;
let a: Tenant;
let j: JournalFixture;
/** Another person's client (the parent of j.students[0]). */
let parentClient: Client;

const mailsTo = (address: string) => w.mailsTo(address);
const list = (c: Client) => w.list(c);
const saveMarks = (student: number, lessons: number[]) => w.saveMarks(student, lessons);

beforeAll(async () => {
  w = await notificationsWorld();
  ({ smtp, t, a, j, parentClient } = w);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('contacts', () => {
  it('an unconfirmed address receives nothing but its confirmation', async () => {
    const other = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
    await linkGuardian(t.deps.db, a.school.id, other.personId, j.students[2]!.personId);
    const c = await signIn(t.app, other.username, other.password);
    const address = 'unconfirmed.parent@example.kz';
    const add = await c.post('/api/v1/me/contacts', { kind: 'email', value: address });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ kind: 'email', value: address, confirmedAt: null });
    await smtp.waitFor((m) => m.to.includes(address));
    // Asking again at once is refused (no mail flood); a minute later a fresh link goes out.
    const again = await c.post('/api/v1/me/contacts', { kind: 'email', value: address });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'contacts.tooSoon' });
    t.clock.advance(61_000);
    expect((await c.post('/api/v1/me/contacts', { kind: 'email', value: address })).statusCode).toBe(201);
    await smtp.waitFor((m) => m.to.includes(address) && mailsTo(address).length === 2);
    t.clock.set(new Date('2026-10-01T04:00:00Z'));
    await saveMarks(2, [0, 1]);
    await runDue(t.deps);
    expect((await list(c)).items).toHaveLength(1); // in the app, yes
    expect(mailsTo(address)).toHaveLength(2); // only the two confirmations
    for (const m of mailsTo(address)) expect(m.text).toContain('/contacts/confirm#token=');
    // A phone is stored (for SMS later), never confirmed; duplicates are refused; removal works.
    const phone = await c.post('/api/v1/me/contacts', { kind: 'phone', value: '+7 (701) 123-45-67' });
    expect(phone.statusCode).toBe(201);
    expect((await c.post('/api/v1/me/contacts', { kind: 'phone', value: '+77011234567' })).statusCode).toBe(409);
    const mine = (await c.get('/api/v1/me/contacts')).json() as { items: Array<{ id: number; kind: string }> };
    expect(mine.items.map((x) => x.kind)).toEqual(['email', 'phone']);
    expect((await c.delete(`/api/v1/me/contacts/${mine.items[1]!.id}`)).statusCode).toBe(200);
    // Someone else's contact is not found.
    expect((await parentClient.delete(`/api/v1/me/contacts/${mine.items[0]!.id}`)).statusCode).toBe(404);
    // A wrong token: a localised 404.
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts/confirm',
      payload: { token: 'x'.repeat(43) },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json()).toMatchObject({ code: 'contacts.tokenInvalid' });
  });
});
