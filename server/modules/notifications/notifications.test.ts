import type { Notification } from '@common/schemas/notifications.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createMailer } from '../../lib/mail.js';
import { createPerson, createTenant, linkGuardian, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { purgeDeletedProfiles } from '../deletion/purge.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { parseMail, type TestSmtp } from '../mail/test-smtp.js';
import { runDue } from './deliver.js';
import { notificationsWorld, PARENT_MAIL } from './notifications.fixtures.js';
import { afterQuiet, inQuiet } from './settings.js';

/**
 * Notifications end to end on the real app and a real SMTP server: the journal's saves queue one row each, the
 * delivery job (run directly: NOTIFY_DEBOUNCE_SECONDS=0) makes one notification per recipient and sends the e-mails.
 * The set-up (notifications.fixtures.ts) is shared with contacts/contacts.test.ts.
 */
let w: Awaited<ReturnType<typeof notificationsWorld>>;
let smtp: TestSmtp;
let t: TestApp;
let a: Tenant;
let b: Tenant;
let j: JournalFixture;
let teacher: Client;
/** The parent of j.students[0], with a confirmed e-mail. */
let parent: TestPerson;
let parentClient: Client;

const db = () => t.deps.db;
const mailsTo = (address: string) => w.mailsTo(address);
const list = (c: Client) => w.list(c);
const saveMarks = (student: number, lessons: number[]) => w.saveMarks(student, lessons);

beforeAll(async () => {
  w = await notificationsWorld();
  ({ smtp, t, a, b, j, teacher, parent, parentClient } = w);
  // A parent of j.students[2] without a confirmed e-mail: in-app only.
  const other = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
  await linkGuardian(t.deps.db, a.school.id, other.personId, j.students[2]!.personId);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('a burst of marks', () => {
  let first: Notification;
  it('reaches the parent as ONE in-app notification and ONE e-mail with a working unsubscribe link', async () => {
    await saveMarks(0, [0, 1, 2]);
    const queued = await db().selectFrom('notificationJobs').select('kind').execute();
    expect(queued).toEqual([{ kind: 'event' }]); // one queue row per save, not per cell
    await runDue(t.deps);

    const mine = await list(parentClient);
    expect(mine.unreadCount).toBe(1);
    expect(mine.items).toHaveLength(1);
    first = mine.items[0]!;
    expect(first).toMatchObject({
      kind: 'mark',
      schoolId: a.school.id,
      count: 3,
      student: { personId: j.students[0]!.personId },
      dates: j.lessons.slice(0, 3).map((l) => l.date),
      readAt: null,
    });
    expect(first.subject).toMatch(/^Math/);
    expect(first.text).toContain(first.student!.name);

    // The student hears too (without their own name), in the app: no e-mail contact.
    const student = await signIn(t.app, j.students[0]!.username, j.students[0]!.password);
    const theirs = await list(student);
    expect(theirs.items.map((n) => [n.kind, n.count])).toEqual([['mark', 3]]);
    expect(theirs.items[0]!.text).not.toContain(first.student!.name);

    const mails = mailsTo(PARENT_MAIL).filter((m) => !m.text.includes('#token='));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.text).toContain(first.subject!);
    // Headers unfolded (long ones are wrapped onto continuation lines).
    const head = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
    expect(head).toMatch(/^List-Unsubscribe: <http:\/\/dapter\.test\/api\/v1\/notifications\/unsubscribe\?token=/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const url = /<(http:\/\/dapter\.test\/api\/v1\/notifications\/unsubscribe\?token=[^>]+)>/.exec(head)![1]!;
    expect(mail.text).toContain(url);
    const path = url.replace('http://dapter.test', '');

    // GET only shows the button (link scanners must not unsubscribe anyone)…
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<form method="post"');
    const settings = async () =>
      (await parentClient.get('/api/v1/me/notification-settings')).json() as {
        kinds: Array<{ kind: string; email: boolean; inApp: boolean }>;
      };
    expect((await settings()).kinds.find((k) => k.kind === 'mark')).toMatchObject({ email: true, inApp: true });
    // …the one-click POST of RFC 8058 (what a mail app sends) turns that kind's e-mail off.
    const post = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode, post.body).toBe(200);
    expect((await settings()).kinds.find((k) => k.kind === 'mark')).toMatchObject({ email: false, inApp: true });
    // A forged signature is refused.
    const forged = await t.app.inject({ method: 'POST', url: path.replace(/.{4}$/, 'AAAA') });
    expect(forged.statusCode).toBe(404);
    expect(forged.json()).toMatchObject({ code: 'notifications.unsubscribeInvalid' });
    const forgedPage = await t.app.inject({
      method: 'GET',
      url: path.replace(/.{4}$/, 'AAAA'),
      headers: { accept: 'text/html' },
    });
    expect(forgedPage.statusCode).toBe(404);
    expect(forgedPage.headers['content-type']).toMatch(/text\/html/);
  });

  it('after unsubscribing, the next marks still arrive in the app but not by e-mail', async () => {
    const before = mailsTo(PARENT_MAIL).length;
    await saveMarks(0, [3]);
    await runDue(t.deps);
    const mine = await list(parentClient);
    // The first one was e-mailed already, so the new save is a new notification.
    expect(mine.items.map((n) => n.count)).toEqual([1, 3]);
    expect(mine.unreadCount).toBe(2);
    expect(mailsTo(PARENT_MAIL)).toHaveLength(before);
  });

  it('merges several saves within a minute into one notification per recipient', async () => {
    const student = await signIn(t.app, j.students[1]!.username, j.students[1]!.password);
    await saveMarks(1, [0]);
    await saveMarks(1, [1]);
    await runDue(t.deps);
    await saveMarks(1, [2]);
    await runDue(t.deps);
    const theirs = await list(student);
    expect(theirs.items.map((n) => [n.kind, n.count])).toEqual([['mark', 3]]);
  });

  it('marks read one by one and all at once', async () => {
    const mine = await list(parentClient);
    const id = mine.items[0]!.id;
    expect((await parentClient.put(`/api/v1/notifications/${id}/read`, {})).statusCode).toBe(200);
    expect(
      ((await parentClient.get('/api/v1/notifications/unread-count')).json() as { unreadCount: number }).unreadCount,
    ).toBe(1);
    const all = await parentClient.put('/api/v1/notifications/read-all', {});
    expect(all.json()).toEqual({ updated: 1 });
    expect((await list(parentClient)).unreadCount).toBe(0);
  });
});

describe('quiet hours', () => {
  it('hold the e-mail until they end; the in-app notification is immediate', async () => {
    const put = await parentClient.put('/api/v1/me/notification-settings', {
      kinds: [{ kind: 'attendance', inApp: true, email: true, digest: false }],
      quietHours: { from: '08:30', to: '10:00' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ quietHours: { from: '08:30', to: '10:00' }, hasConfirmedEmail: true });
    const before = mailsTo(PARENT_MAIL).length;
    const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/attendance`, {
      cells: [
        { studentId: j.students[0]!.personId, lessonId: j.lessons[4]!.id, code: 'absent', expectedVersion: null },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    await runDue(t.deps);
    const n = (await list(parentClient)).items[0]!;
    expect(n).toMatchObject({ kind: 'attendance', attendanceCodes: ['absent'], dates: [j.lessons[4]!.date] });
    expect(mailsTo(PARENT_MAIL)).toHaveLength(before);
    const job = await db().selectFrom('notificationJobs').select(['kind', 'runAt']).executeTakeFirstOrThrow();
    expect(job.kind).toBe('email');
    expect(new Date(job.runAt).toISOString()).toBe('2026-10-01T05:00:00.000Z'); // 10:00 in Kazakhstan

    t.clock.set(new Date('2026-10-01T05:00:30Z'));
    await runDue(t.deps);
    expect(mailsTo(PARENT_MAIL)).toHaveLength(before + 1);
    expect(mailsTo(PARENT_MAIL).at(-1)!.subject).toContain('Dapter');
    t.clock.set(new Date('2026-10-01T04:00:00Z'));
    await parentClient.put('/api/v1/me/notification-settings', { quietHours: null });
  });

  it('a daily digest collects the e-mails of a kind into one message at 18:00', async () => {
    const put = await parentClient.put('/api/v1/me/notification-settings', {
      kinds: [{ kind: 'attendance', inApp: true, email: true, digest: true }],
    });
    expect(put.statusCode, put.body).toBe(200);
    const before = mailsTo(PARENT_MAIL).length;
    for (const code of ['late', 'absent'] as const) {
      const cells = [j.lessons[2]!, j.lessons[3]!].map((l) => ({
        studentId: j.students[0]!.personId,
        lessonId: l.id,
        code,
        expectedVersion: null as number | null,
      }));
      const cur = await db()
        .selectFrom('attendance')
        .where('schoolId', '=', a.school.id)
        .where('studentPersonId', '=', j.students[0]!.personId)
        .select(['lessonId', 'version'])
        .execute();
      for (const c of cells) c.expectedVersion = cur.find((x) => x.lessonId === c.lessonId)?.version ?? null;
      const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/attendance`, { cells });
      expect(res.statusCode, res.body).toBe(200);
      await runDue(t.deps);
      // Mark it read, so the next save makes a second notification rather than merging.
      await parentClient.put('/api/v1/notifications/read-all', {});
    }
    expect(mailsTo(PARENT_MAIL)).toHaveLength(before);
    const jobs = await db().selectFrom('notificationJobs').select(['kind', 'runAt']).execute();
    expect(jobs.map((x) => [x.kind, new Date(x.runAt).toISOString()])).toEqual([
      ['digest', '2026-10-01T13:00:00.000Z'],
    ]);
    t.clock.set(new Date('2026-10-01T13:00:05Z'));
    await runDue(t.deps);
    t.clock.set(new Date('2026-10-01T04:00:00Z'));
    const got = mailsTo(PARENT_MAIL).slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.text.match(/^• /gm)).toHaveLength(2);
    await parentClient.put('/api/v1/me/notification-settings', {
      kinds: [{ kind: 'attendance', inApp: true, email: true, digest: false }],
    });
  });

  it('span midnight correctly', () => {
    const q = { from: '22:00', to: '07:00' };
    expect(inQuiet(q, new Date('2026-10-01T18:30:00Z'))).toBe(true); // 23:30 Almaty
    expect(inQuiet(q, new Date('2026-10-01T01:59:00Z'))).toBe(true); // 06:59
    expect(inQuiet(q, new Date('2026-10-01T02:00:00Z'))).toBe(false); // 07:00
    expect(afterQuiet(q, new Date('2026-10-01T18:30:00Z')).toISOString()).toBe('2026-10-02T02:00:00.000Z');
    expect(inQuiet(null, new Date())).toBe(false);
  });
});

describe('the debounce', () => {
  it('shows a burst in the app at once and sends its e-mail once, after NOTIFY_DEBOUNCE_SECONDS', async () => {
    const config = t.deps.config as { NOTIFY_DEBOUNCE_SECONDS: number };
    config.NOTIFY_DEBOUNCE_SECONDS = 30;
    try {
      const before = mailsTo(PARENT_MAIL).length;
      await parentClient.put('/api/v1/notifications/read-all', {});
      const mark = async (lesson: number) => {
        const cur = await db()
          .selectFrom('attendance')
          .where('schoolId', '=', a.school.id)
          .where('lessonId', '=', j.lessons[lesson]!.id)
          .where('studentPersonId', '=', j.students[0]!.personId)
          .select('version')
          .executeTakeFirst();
        const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/attendance`, {
          cells: [
            {
              studentId: j.students[0]!.personId,
              lessonId: j.lessons[lesson]!.id,
              code: 'sick',
              expectedVersion: cur?.version ?? null,
            },
          ],
        });
        expect(res.statusCode, res.body).toBe(200);
        await runDue(t.deps);
      };
      await mark(0);
      const first = (await list(parentClient)).items[0]!;
      expect(first).toMatchObject({ kind: 'attendance', count: 1, readAt: null });
      t.clock.advance(20_000);
      await mark(1);
      const merged = (await list(parentClient)).items[0]!;
      expect(merged).toMatchObject({ id: first.id, count: 2, dates: [j.lessons[0]!.date, j.lessons[1]!.date] });
      expect(mailsTo(PARENT_MAIL)).toHaveLength(before);
      t.clock.advance(15_000); // 35 s after the first save: its e-mail is due
      await runDue(t.deps);
      const got = mailsTo(PARENT_MAIL).slice(before);
      expect(got).toHaveLength(1);
      expect(got[0]!.text).toContain(`${j.lessons[0]!.date}, ${j.lessons[1]!.date}`);
    } finally {
      config.NOTIFY_DEBOUNCE_SECONDS = 0;
      t.clock.set(new Date('2026-10-01T04:00:00Z'));
    }
  });
});

describe('privacy', () => {
  it('only the student and linked parents see a notification; unlinking stops delivery', async () => {
    const unlinked = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
    const outsiders = [
      unlinked,
      b.people.parent,
      b.people.teacher,
      b.people.student,
      a.people.teacher,
      a.people.parent,
    ];
    const target = (await list(parentClient)).items[0]!;
    for (const p of outsiders) {
      const c = await signIn(t.app, p.username, p.password);
      const theirs = await list(c);
      expect(theirs.items.filter((n) => n.student?.personId === j.students[0]!.personId)).toEqual([]);
      expect(theirs.unreadCount).toBe(0);
      expect((await c.put(`/api/v1/notifications/${target.id}/read`, {})).statusCode).toBe(404);
    }
    // Unlink the parent: the child's notifications vanish from their bell and nothing new is made or mailed.
    await db()
      .deleteFrom('guardianships')
      .where('parentPersonId', '=', parent.personId)
      .where('childPersonId', '=', j.students[0]!.personId)
      .execute();
    expect((await list(parentClient)).items).toEqual([]);
    const mailsBefore = mailsTo(PARENT_MAIL).length;
    const rowsBefore = await db()
      .selectFrom('notifications')
      .where('recipientPersonId', '=', parent.personId)
      .select('id')
      .execute();
    await saveMarks(0, [5]);
    await runDue(t.deps);
    const rowsAfter = await db()
      .selectFrom('notifications')
      .where('recipientPersonId', '=', parent.personId)
      .select('id')
      .execute();
    expect(rowsAfter).toHaveLength(rowsBefore.length);
    expect(mailsTo(PARENT_MAIL)).toHaveLength(mailsBefore);
    await linkGuardian(t.deps.db, a.school.id, parent.personId, j.students[0]!.personId);

    // A parent whose membership at the school has ended hears nothing more, though the link is still there.
    const ended = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
    await linkGuardian(t.deps.db, a.school.id, ended.personId, j.students[1]!.personId);
    await db()
      .updateTable('memberships')
      .set({ endsOn: '2026-10-01', endReason: 'transfer' })
      .where('id', '=', ended.membershipId)
      .execute();
    await saveMarks(1, [4]);
    await runDue(t.deps);
    expect(
      await db().selectFrom('notifications').where('recipientPersonId', '=', ended.personId).select('id').execute(),
    ).toEqual([]);
  });
});

describe('other events', () => {
  it('homework reaches every pupil of the lesson and their parents', async () => {
    const hw = await teacher.put(`/api/v1/lessons/${j.lessons[5]!.id}/homework`, {
      text: '№ 1–5',
      dueDate: j.lessons[5]!.date,
    });
    expect(hw.statusCode, hw.body).toBe(200);
    await runDue(t.deps);
    const rows = await db()
      .selectFrom('notifications')
      .where('schoolId', '=', a.school.id)
      .where('kind', '=', 'homework')
      .select(['recipientPersonId', 'studentPersonId'])
      .execute();
    const students = j.students.map((s) => s.personId);
    // Three pupils, plus the parents of pupils 0 (parent) and 2 (the one without an e-mail, see beforeAll).
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.studentPersonId))).toEqual(new Set(students));
    const mine = (await list(parentClient)).items.find((n) => n.kind === 'homework')!;
    expect(mine).toMatchObject({ dueDate: j.lessons[5]!.date, count: 1 });
  });

  it('closing a quarter tells each pupil and parent that the term grades are fixed', async () => {
    const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    const close = await admin.post(`/api/v1/journal/periods/${j.q1.id}/close`, { classId: j.classId });
    expect(close.statusCode, close.body).toBe(200);
    await runDue(t.deps);
    const mine = (await list(parentClient)).items.find((n) => n.kind === 'termGrade')!;
    expect(mine).toMatchObject({ count: 1, student: { personId: j.students[0]!.personId } });
    expect(mine.period).toBe('1-тоқсан'); // the parent's language (kk)
    const rows = await db().selectFrom('notifications').where('kind', '=', 'termGrade').select('id').execute();
    expect(rows).toHaveLength(5); // three pupils, two linked parents
  });

  it("a change to tomorrow's lesson reaches its pupils and their parents; a later lesson's does not", async () => {
    const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    const lessons = await db()
      .insertInto('lessons')
      .values(
        ['2026-10-02', '2026-10-09'].map((date) => ({
          schoolId: a.school.id,
          yearId: j.yearId,
          periodId: j.q1.id,
          date,
          shift: 1,
          lessonNumber: 7,
          classId: j.classId,
          subjectId: j.subjectId,
          teacherPersonId: a.people.teacher.personId,
        })),
      )
      .returning('id')
      .execute();
    for (const l of lessons) {
      const res = await admin.post(`/api/v1/lessons/${l.id}/cancel`, {});
      expect(res.statusCode, res.body).toBe(200);
    }
    await runDue(t.deps);
    const rows = await db()
      .selectFrom('notifications')
      .where('schoolId', '=', a.school.id)
      .where('kind', '=', 'timetable')
      .select(['recipientPersonId', 'payload'])
      .execute();
    expect(rows).toHaveLength(5); // three pupils, two linked parents; the lesson a week later tells nobody
    const mine = (await list(parentClient)).items.find((n) => n.kind === 'timetable')!;
    expect(mine).toMatchObject({ lessonChange: 'cancel', dates: ['2026-10-02'] });
    expect(mine.text).toContain('2026-10-02');
  });

  it('a password change is an account event for the person', async () => {
    const res = await parentClient.post('/api/v1/me/password', {
      currentPassword: parent.password,
      newPassword: 'violet tractor umbrella 42',
    });
    expect(res.statusCode, res.body).toBe(200);
    await runDue(t.deps);
    const c = await signIn(t.app, parent.username, 'violet tractor umbrella 42');
    const n = (await list(c)).items.find((x) => x.kind === 'security');
    expect(n).toMatchObject({ securityEvent: 'passwordChanged', student: null, schoolId: null });
  });
});

describe('the purge', () => {
  it("deletes a purged person's notifications, settings, contacts and queued deliveries", async () => {
    const count = async () => ({
      notifications: (
        await db().selectFrom('notifications').where('recipientPersonId', '=', parent.personId).select('id').execute()
      ).length,
      settings: (
        await db().selectFrom('notificationSettings').where('personId', '=', parent.personId).select('kind').execute()
      ).length,
      contacts: (await db().selectFrom('contacts').where('personId', '=', parent.personId).select('id').execute())
        .length,
    });
    await db()
      .insertInto('notificationJobs')
      .values({ kind: 'digest', runAt: new Date('2030-01-01'), personIds: [parent.personId], payload: '{}' })
      .execute();
    const before = await count();
    expect(before.notifications).toBeGreaterThan(0);
    expect(before.settings).toBeGreaterThan(0);
    expect(before.contacts).toBe(1);
    await db()
      .updateTable('persons')
      .set({ deletedAt: new Date('2026-01-01T00:00:00Z'), deletionReason: 'own_request' })
      .where('id', '=', parent.personId)
      .execute();
    expect((await purgeDeletedProfiles(t.deps)).purged).toBe(1);
    expect(await count()).toEqual({ notifications: 0, settings: 0, contacts: 0 });
    const jobs = await sql<{
      n: number;
    }>`select count(*)::int as n from notification_jobs where ${parent.personId}::bigint = any(person_ids)`.execute(
      db(),
    );
    expect(jobs.rows[0]!.n).toBe(0);
    // The student's own notifications stay.
    expect(
      (
        await db()
          .selectFrom('notifications')
          .where('recipientPersonId', '=', j.students[0]!.personId)
          .select('id')
          .execute()
      ).length,
    ).toBeGreaterThan(0);
  });
});

describe('the queue', () => {
  it('survives a restart: rows queued before the app closed are delivered by the next app', async () => {
    const other = await createTestApp(
      { NOTIFY_DEBOUNCE_SECONDS: '0', SMTP_URL: smtp.url, PUBLIC_URL: 'http://dapter.test' },
      undefined,
      { mailer: (config, database) => createMailer(config, database) },
    );
    try {
      const x = await createTenant(other.deps.db, other.deps.hasher);
      const jx = await createJournal(other.deps.db, other.deps.hasher, {
        schoolId: x.school.id,
        teacherPersonId: x.people.teacher.personId,
        students: 1,
        lessons: 2,
      });
      await linkGuardian(other.deps.db, x.school.id, x.people.parent.personId, jx.students[0]!.personId);
      await other.deps.db
        .insertInto('contacts')
        .values({
          personId: x.people.parent.personId,
          kind: 'email',
          value: 'restart@example.kz',
          confirmedAt: new Date(),
        })
        .execute();
      const tc = await signIn(other.app, x.people.teacher.username, x.people.teacher.password);
      const res = await tc.put(`/api/v1/journal/${jx.assignmentId}/marks`, {
        cells: jx.lessons.map((l) => ({
          studentId: jx.students[0]!.personId,
          lessonId: l.id,
          value: 7,
          expectedVersion: null,
        })),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await other.deps.db.selectFrom('notificationJobs').select('kind').execute()).toEqual([{ kind: 'event' }]);
      await other.app.close();

      // A new app on the same database, as `npm start` builds it (jobs: true): the scheduler picks the row up.
      const next = await buildApp(other.deps, { jobs: true });
      await next.ready();
      const mail = await smtp.waitFor((m) => m.to.includes('restart@example.kz'));
      expect(parseMail(mail.raw).subject).toContain('Dapter');
      await next.scheduler!.idle();
      const rows = await other.deps.db
        .selectFrom('notifications')
        .where('schoolId', '=', x.school.id)
        .select(['recipientPersonId', 'kind'])
        .execute();
      expect(rows).toHaveLength(2); // the pupil and the parent
      expect(await other.deps.db.selectFrom('notificationJobs').select('id').execute()).toEqual([]);
      await next.close();
    } finally {
      await other.handle.close();
    }
  }, 30_000);
});
